package io.orderflow.verifier;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reads whole topics partition-ordered, in bounded batches, with progress. */
final class TopicReader {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    /** A topic that makes no progress for this long while records remain is reported as stuck. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<PartitionInfo>> topics;
    private final Duration timeout;
    private final PrintStream progress;

    TopicReader(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<String, List<PartitionInfo>> topics,
            Duration timeout,
            PrintStream progress) {
        this.consumer = consumer;
        this.topics = topics;
        this.timeout = timeout;
        this.progress = progress;
    }

    /** The end offsets of every partition of {@code topic}, which must exist. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        List<PartitionInfo> partitions = topics.get(topic);
        if (partitions == null) {
            throw new InputUnreachableException("topic '" + topic + "' does not exist", null);
        }
        List<TopicPartition> assigned = new ArrayList<>();
        for (PartitionInfo info : partitions) {
            assigned.add(new TopicPartition(topic, info.partition()));
        }
        return consumer.endOffsets(assigned, timeout);
    }

    /** Every record of {@code topic} before {@code end}, partition by partition in offset order. */
    void read(String topic, Map<TopicPartition, Long> end, Consumer<KafkaRecord> handler) {
        if (end.isEmpty()) {
            return;
        }
        consumer.assign(end.keySet());
        consumer.seekToBeginning(end.keySet());
        long total = 0;
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(end.keySet(), timeout);
        for (TopicPartition partition : end.keySet()) {
            total += end.get(partition) - beginning.get(partition);
        }
        long read = 0;
        long start = System.nanoTime();
        long lastProgressAt = start;
        long lastAdvanceAt = start;
        List<TopicPartition> unfinished = new ArrayList<>(end.keySet());
        while (true) {
            unfinished.removeIf(p -> consumer.position(p, timeout) >= end.get(p));
            if (unfinished.isEmpty()) {
                break;
            }
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL_TIMEOUT);
            long now = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                // Records past the end offsets arrived after the start: not part of this check.
                if (record.offset()
                        < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    handler.accept(of(record));
                    read++;
                }
            }
            if (!batch.isEmpty()) {
                lastAdvanceAt = now;
            } else if (now - lastAdvanceAt > STALL.toNanos()) {
                throw new InputUnreachableException(
                        String.format(
                                Locale.ROOT,
                                "reading '%s' made no progress for %d s at %,d of %,d records",
                                topic,
                                STALL.toSeconds(),
                                read,
                                total),
                        null);
            }
            if (progress != null && now - lastProgressAt >= PROGRESS_INTERVAL_NANOS) {
                progress.println(
                        String.format(
                                Locale.ROOT,
                                "verify: %s: %,d of about %,d records read (%.0f %%)",
                                topic,
                                read,
                                total,
                                total == 0 ? 100.0 : Math.min(100.0, read * 100.0 / total)));
                lastProgressAt = now;
            }
        }
        consumer.unsubscribe();
    }

    private static KafkaRecord of(ConsumerRecord<byte[], byte[]> r) {
        return new KafkaRecord(
                r.topic(),
                r.partition(),
                r.offset(),
                r.timestamp(),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                r.value());
    }
}
