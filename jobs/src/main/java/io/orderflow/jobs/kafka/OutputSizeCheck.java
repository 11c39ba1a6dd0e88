package io.orderflow.jobs.kafka;

import io.orderflow.jobs.options.JobRun;
import io.orderflow.jobs.options.SizedOutput;
import io.orderflow.jobs.options.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Refuses to start a job any of whose output records could be larger than its producer ({@code
 * max.request.size}) or its topic ({@code max.message.bytes}, the brokers' {@code
 * message.max.bytes} for a topic not created yet) accept: such a record would fail every
 * checkpoint, and the job would restart into the same record for ever (CONTRACT.md section 4).
 * Which outputs, and what bounds their records, each job says ({@link JobRun#sizedOutputs()}): the
 * order job's dead letters; the rivers job's dead letters, problems and river records.
 */
public final class OutputSizeCheck {

    /** The producer's own default of {@code max.request.size}. */
    static final long DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    private static final String BROKER_MESSAGE_MAX_BYTES = "message.max.bytes";
    private static final String FROM_PRODUCER = "producer";

    private OutputSizeCheck() {}

    /**
     * Asks the brokers for the limits of the run's sized outputs; throws {@link UsageException}
     * when a record may not fit.
     */
    static void check(Admin admin, JobRun run) throws InterruptedException {
        List<SizedOutput> outputs = run.sizedOutputs();
        if (outputs.isEmpty()) {
            return;
        }
        Map<String, TopicLimit> limits = topicLimits(admin, run, outputs);
        for (SizedOutput output : outputs) {
            TopicLimit topic = limits.get(output.topic());
            if (topic != null) {
                refusal(run, output, topic)
                        .ifPresent(
                                message -> {
                                    throw new UsageException(message);
                                });
            }
        }
    }

    /**
     * What a topic accepts: its largest batch and its compression ("producer" keeps the
     * producer's).
     */
    public record TopicLimit(long maxMessageBytes, String compression, String origin) {}

    /** The sentence that refuses the run, or empty when every record of {@code output} fits. */
    public static Optional<String> refusal(JobRun run, SizedOutput output, TopicLimit topic) {
        long record = output.maxRecordBytes();
        long maxRequestSize = maxRequestSize(run);
        String shape =
                "with "
                        + output.option()
                        + " "
                        + output.value()
                        + " "
                        + output.what()
                        + " on topic '"
                        + output.topic()
                        + "' can take up to "
                        + record
                        + " bytes";
        if (record > maxRequestSize) {
            return Optional.of(
                    shape
                            + ", more than the producer's max.request.size of "
                            + maxRequestSize
                            + " bytes: lower "
                            + output.option()
                            + " to "
                            + largestFitting(output, maxRequestSize, "none")
                            + " or raise it with --kafka-property max.request.size="
                            + record);
        }
        String codec =
                FROM_PRODUCER.equals(topic.compression())
                        ? producerCompression(run)
                        : topic.compression();
        long batch = compressedBound(record, codec);
        if (batch > topic.maxMessageBytes()) {
            return Optional.of(
                    shape
                            + " ("
                            + batch
                            + " compressed with "
                            + codec
                            + "), more than the "
                            + topic.maxMessageBytes()
                            + " bytes the topic accepts ("
                            + topic.origin()
                            + "): lower "
                            + output.option()
                            + " to "
                            + largestFitting(output, topic.maxMessageBytes(), codec)
                            + " or raise the topic's max.message.bytes");
        }
        return Optional.empty();
    }

    /**
     * The most bytes a record of {@code bytes} can take in a batch compressed with {@code codec}:
     * incompressible data grows a little (block headers; snappy up to a sixth). Unknown codecs
     * count as the worst.
     */
    static long compressedBound(long bytes, String codec) {
        switch (codec.toLowerCase(Locale.ROOT)) {
            case "none":
            case "uncompressed":
                return bytes;
            case "lz4":
            case "gzip":
                return bytes + bytes / 1024 + 64;
            case "zstd":
                return bytes + bytes / 128 + 1024;
            default:
                return bytes + bytes / 6 + bytes / 512 + 64;
        }
    }

    /**
     * The largest value of the output's option whose records fit {@code limit}; 0 when none does.
     */
    private static int largestFitting(SizedOutput output, long limit, String codec) {
        int low = -1;
        int high = output.maxValue();
        while (low < high) {
            int mid = (int) (((long) low + high + 1) / 2);
            if (compressedBound(output.recordBytes().applyAsLong(mid), codec) <= limit) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return Math.max(low, 0);
    }

    private static long maxRequestSize(JobRun run) {
        String configured = run.kafkaProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured == null) {
            return DEFAULT_MAX_REQUEST_SIZE;
        }
        try {
            return Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "--kafka-property max.request.size must be a number of bytes, was '"
                            + configured
                            + "'");
        }
    }

    private static String producerCompression(JobRun run) {
        return run.kafkaProperties()
                .getOrDefault(
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, KafkaSinks.DEFAULT_COMPRESSION);
    }

    /**
     * Each output topic's limit, else (a topic not created yet) the brokers' default for new
     * topics; a topic is left out when the brokers do not say (not allowed to describe configs: the
     * check cannot be made).
     */
    private static Map<String, TopicLimit> topicLimits(
            Admin admin, JobRun run, List<SizedOutput> outputs) throws InterruptedException {
        List<ConfigResource> topics = new ArrayList<>();
        outputs.stream()
                .map(SizedOutput::topic)
                .distinct()
                .forEach(t -> topics.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
        Map<ConfigResource, KafkaFuture<Config>> described = admin.describeConfigs(topics).values();
        Map<String, TopicLimit> limits = new LinkedHashMap<>();
        TopicLimit brokerDefault = null;
        boolean brokerAsked = false;
        for (ConfigResource topic : topics) {
            try {
                Config config =
                        described
                                .get(topic)
                                .get(
                                        KafkaPreflight.TIMEOUT.toMillis() + 1000,
                                        TimeUnit.MILLISECONDS);
                ConfigEntry max = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                ConfigEntry compression = config.get(TopicConfig.COMPRESSION_TYPE_CONFIG);
                if (max != null && max.value() != null) {
                    limits.put(
                            topic.name(),
                            new TopicLimit(
                                    Long.parseLong(max.value()),
                                    compression == null ? FROM_PRODUCER : compression.value(),
                                    "its max.message.bytes"));
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    if (!brokerAsked) {
                        brokerDefault = brokerDefault(admin);
                        brokerAsked = true;
                    }
                    if (brokerDefault != null) {
                        limits.put(topic.name(), brokerDefault);
                    }
                }
            } catch (TimeoutException e) {
                throw new UsageException(
                        "--bootstrap-servers "
                                + run.bootstrapServers()
                                + ": the brokers did not describe topic '"
                                + topic.name()
                                + "' within "
                                + KafkaPreflight.TIMEOUT.toSeconds()
                                + " s");
            }
        }
        return limits;
    }

    private static TopicLimit brokerDefault(Admin admin) throws InterruptedException {
        try {
            List<ConfigResource> brokers = new ArrayList<>();
            admin.describeCluster()
                    .nodes()
                    .get(KafkaPreflight.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach(
                            n ->
                                    brokers.add(
                                            new ConfigResource(
                                                    ConfigResource.Type.BROKER, n.idString())));
            long smallest = Long.MAX_VALUE;
            String compression = FROM_PRODUCER;
            for (Config config :
                    admin.describeConfigs(brokers)
                            .all()
                            .get(KafkaPreflight.TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
                            .values()) {
                ConfigEntry max = config.get(BROKER_MESSAGE_MAX_BYTES);
                if (max != null && max.value() != null) {
                    smallest = Math.min(smallest, Long.parseLong(max.value()));
                }
                ConfigEntry codec = config.get(TopicConfig.COMPRESSION_TYPE_CONFIG);
                if (codec != null && codec.value() != null) {
                    compression = codec.value();
                }
            }
            return smallest == Long.MAX_VALUE
                    ? null
                    : new TopicLimit(
                            smallest,
                            compression,
                            "the brokers' message.max.bytes, as the topic does not exist yet");
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
