package io.orderflow.jobs.options;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a job starts or stops reading its input topics: {@code earliest}, {@code latest}, {@code
 * committed} (the consumer group's offsets, with a fallback where it has none), {@code
 * timestamp:<ISO-8601>} (the first record whose Kafka timestamp is at or after it), or explicit
 * {@code topic:partition:offset} positions (partitions not listed start at the earliest offset, or
 * stop at the latest).
 */
@SuppressWarnings("deprecation") // the connector still speaks Kafka's OffsetResetStrategy
public record OffsetPosition(
        Kind kind, boolean fallbackToLatest, long timestamp, Map<TopicPartition, Long> offsets)
        implements java.io.Serializable {

    public enum Kind {
        EARLIEST,
        LATEST,
        COMMITTED,
        TIMESTAMP,
        OFFSETS
    }

    public static final String STARTING_FORMS =
            "earliest, latest, committed (falls back to earliest), committed:latest,"
                    + " timestamp:<ISO-8601 instant> or"
                    + " topic:partition:offset[,topic:partition:offset...]";
    public static final String STOPPING_FORMS =
            "latest, timestamp:<ISO-8601 instant> or"
                    + " topic:partition:offset[,topic:partition:offset...]";

    public static final OffsetPosition COMMITTED_ELSE_EARLIEST =
            new OffsetPosition(Kind.COMMITTED, false, 0, Map.of());

    public static OffsetPosition parseStarting(String option, String text) {
        String t = text.trim();
        switch (t) {
            case "earliest":
                return new OffsetPosition(Kind.EARLIEST, false, 0, Map.of());
            case "latest":
                return new OffsetPosition(Kind.LATEST, false, 0, Map.of());
            case "committed":
            case "committed:earliest":
                return COMMITTED_ELSE_EARLIEST;
            case "committed:latest":
                return new OffsetPosition(Kind.COMMITTED, true, 0, Map.of());
            default:
                return parseTimestampOrOffsets(option, t, STARTING_FORMS);
        }
    }

    public static OffsetPosition parseStopping(String option, String text) {
        String t = text.trim();
        if (t.equals("latest")) {
            return new OffsetPosition(Kind.LATEST, false, 0, Map.of());
        }
        return parseTimestampOrOffsets(option, t, STOPPING_FORMS);
    }

    private static OffsetPosition parseTimestampOrOffsets(String option, String t, String forms) {
        if (t.startsWith("timestamp:")) {
            return new OffsetPosition(
                    Kind.TIMESTAMP,
                    false,
                    parseInstant(option, t.substring("timestamp:".length()), forms),
                    Map.of());
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (String part : t.split(",")) {
            String p = part.trim();
            int last = p.lastIndexOf(':');
            int middle = last > 0 ? p.lastIndexOf(':', last - 1) : -1;
            if (middle <= 0) {
                throw new UsageException(option + " must be " + forms + ", was '" + t + "'");
            }
            try {
                int partition = Integer.parseInt(p.substring(middle + 1, last));
                long offset = Long.parseLong(p.substring(last + 1));
                if (partition < 0 || offset < 0) {
                    throw new NumberFormatException();
                }
                if (offsets.put(new TopicPartition(p.substring(0, middle), partition), offset)
                        != null) {
                    throw new UsageException(
                            option + " names partition " + p.substring(0, last) + " twice");
                }
            } catch (NumberFormatException e) {
                throw new UsageException(
                        option
                                + ": '"
                                + p
                                + "' must be topic:partition:offset with a partition and offset of"
                                + " 0 or more");
            }
        }
        return new OffsetPosition(Kind.OFFSETS, false, 0, Map.copyOf(offsets));
    }

    private static long parseInstant(String option, String text, String forms) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new UsageException(
                        option
                                + " timestamp must be an ISO-8601 instant such as"
                                + " 2026-11-24T00:00:00Z, was '"
                                + text
                                + "'; forms: "
                                + forms);
            }
        }
    }

    /** Explicit positions must name the job's input topics only. */
    public void checkTopics(String option, Set<String> inputTopics) {
        for (TopicPartition tp : offsets.keySet()) {
            if (!inputTopics.contains(tp.topic())) {
                throw new UsageException(
                        option
                                + " names topic '"
                                + tp.topic()
                                + "', which is not an input topic of the job ("
                                + String.join(", ", inputTopics)
                                + ")");
            }
        }
    }

    /**
     * Whether a run from here continues where the group left off rather than re-reading history.
     */
    public boolean continuesCommitted() {
        return kind == Kind.COMMITTED;
    }

    /** The connector's initializer for one topic of this position; {@code stopping} for a bound. */
    public OffsetsInitializer initializer(String topic, boolean stopping) {
        switch (kind) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case COMMITTED:
                return OffsetsInitializer.committedOffsets(
                        fallbackToLatest
                                ? OffsetResetStrategy.LATEST
                                : OffsetResetStrategy.EARLIEST);
            case TIMESTAMP:
                return OffsetsInitializer.timestamp(timestamp);
            default:
                Map<TopicPartition, Long> mine = new HashMap<>();
                offsets.forEach(
                        (tp, offset) -> {
                            if (tp.topic().equals(topic)) {
                                mine.put(tp, offset);
                            }
                        });
                return new Explicit(mine, stopping);
        }
    }

    /**
     * Listed partitions at their offsets; the others from the beginning, or up to the end when
     * stopping.
     */
    private static final class Explicit implements OffsetsInitializer {
        private final Map<TopicPartition, Long> offsets;
        private final boolean stopping;

        Explicit(Map<TopicPartition, Long> offsets, boolean stopping) {
            this.offsets = offsets;
            this.stopping = stopping;
        }

        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(
                Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
            Map<TopicPartition, Long> result = new HashMap<>();
            List<TopicPartition> unlisted =
                    partitions.stream().filter(tp -> !offsets.containsKey(tp)).toList();
            if (!unlisted.isEmpty()) {
                result.putAll(
                        stopping
                                ? retriever.endOffsets(unlisted)
                                : retriever.beginningOffsets(unlisted));
            }
            for (TopicPartition tp : partitions) {
                if (offsets.containsKey(tp)) {
                    result.put(tp, offsets.get(tp));
                }
            }
            return result;
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return stopping ? OffsetResetStrategy.LATEST : OffsetResetStrategy.EARLIEST;
        }
    }
}
