package io.orderflow.jobs.kafka;

import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.json.DeadLetterSize;
import java.util.ArrayList;
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
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Refuses to start a job whose dead letters could be larger than its producer ({@code
 * max.request.size}) or the dead-letter topic ({@code max.message.bytes}, the brokers' {@code
 * message.max.bytes} for a topic not created yet) accept: such a dead letter would fail every
 * checkpoint, and the job would restart into the same record for ever (CONTRACT.md section 4).
 */
public final class DeadLetterSizeCheck {

    /** The producer's own default of {@code max.request.size}. */
    static final long DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    private static final String BROKER_MESSAGE_MAX_BYTES = "message.max.bytes";
    private static final String FROM_PRODUCER = "producer";
    private static final int LARGEST_VALUE_BOUND = 16 * 1024 * 1024;

    private DeadLetterSizeCheck() {}

    /**
     * Asks the brokers for the dead-letter topic's limits; throws {@link UsageException} when a
     * dead letter may not fit.
     */
    static void check(Admin admin, OrderProcessingOptions o) throws InterruptedException {
        TopicLimit topic = topicLimit(admin, o);
        if (topic != null) {
            refusal(o, topic)
                    .ifPresent(
                            message -> {
                                throw new UsageException(message);
                            });
        }
    }

    /**
     * What the dead-letter topic accepts: its largest batch and its compression ("producer" keeps
     * the producer's).
     */
    public record TopicLimit(long maxMessageBytes, String compression, String origin) {}

    /** The most bytes a dead letter of this job can take as a Kafka record, before compression. */
    public static long maxDeadLetterBytes(OrderProcessingOptions o) {
        return maxDeadLetterBytes(o, o.deadLetterValueBytes);
    }

    /** The sentence that refuses the job, or empty when every dead letter fits both limits. */
    public static Optional<String> refusal(OrderProcessingOptions o, TopicLimit topic) {
        long record = maxDeadLetterBytes(o);
        long maxRequestSize = maxRequestSize(o);
        String shape =
                "with --dead-letter-value-bytes "
                        + o.deadLetterValueBytes
                        + " a dead letter on topic '"
                        + o.deadLettersTopic
                        + "' can take up to "
                        + record
                        + " bytes";
        if (record > maxRequestSize) {
            return Optional.of(
                    shape
                            + ", more than the producer's max.request.size of "
                            + maxRequestSize
                            + " bytes: lower"
                            + " --dead-letter-value-bytes to "
                            + largestFitting(o, maxRequestSize, "none")
                            + " or raise it with"
                            + " --kafka-property max.request.size="
                            + record);
        }
        String codec =
                FROM_PRODUCER.equals(topic.compression())
                        ? producerCompression(o)
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
                            + "): lower --dead-letter-value-bytes to "
                            + largestFitting(o, topic.maxMessageBytes(), codec)
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

    private static long maxDeadLetterBytes(OrderProcessingOptions o, int valueBytes) {
        return DeadLetterSize.maxRecordBytes(
                valueBytes, Math.max(o.ordersTopic.length(), o.inventoryTopic.length()));
    }

    /**
     * The largest --dead-letter-value-bytes whose dead letters fit {@code limit}; the bound grows
     * with it.
     */
    private static int largestFitting(OrderProcessingOptions o, long limit, String codec) {
        int low = -1;
        int high = LARGEST_VALUE_BOUND;
        while (low < high) {
            int mid = (int) (((long) low + high + 1) / 2);
            if (compressedBound(maxDeadLetterBytes(o, mid), codec) <= limit) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return Math.max(low, 0);
    }

    private static long maxRequestSize(OrderProcessingOptions o) {
        String configured = o.kafkaProperties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
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

    private static String producerCompression(OrderProcessingOptions o) {
        return o.kafkaProperties.getOrDefault(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, KafkaSinks.DEFAULT_COMPRESSION);
    }

    /**
     * The dead-letter topic's limit, else the brokers' default for new topics; null when the
     * brokers do not say.
     */
    private static TopicLimit topicLimit(Admin admin, OrderProcessingOptions o)
            throws InterruptedException {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, o.deadLettersTopic);
        try {
            Config config = describe(admin, List.of(topic)).get(topic);
            ConfigEntry max = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            ConfigEntry compression = config.get(TopicConfig.COMPRESSION_TYPE_CONFIG);
            if (max == null || max.value() == null) {
                return null;
            }
            return new TopicLimit(
                    Long.parseLong(max.value()),
                    compression == null ? FROM_PRODUCER : compression.value(),
                    "its max.message.bytes");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return brokerDefault(admin, o);
            }
            return null; // not allowed to describe configs (ACLs): the check cannot be made
        } catch (TimeoutException e) {
            throw new UsageException(
                    "--bootstrap-servers "
                            + o.bootstrapServers
                            + ": the brokers did not describe topic '"
                            + o.deadLettersTopic
                            + "' within "
                            + KafkaPreflight.TIMEOUT.toSeconds()
                            + " s");
        }
    }

    private static TopicLimit brokerDefault(Admin admin, OrderProcessingOptions o)
            throws InterruptedException {
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
            for (Config config : describe(admin, brokers).values()) {
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

    private static Map<ConfigResource, Config> describe(Admin admin, List<ConfigResource> resources)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeConfigs(resources)
                .all()
                .get(KafkaPreflight.TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }
}
