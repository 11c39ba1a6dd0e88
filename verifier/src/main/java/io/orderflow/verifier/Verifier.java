package io.orderflow.verifier;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the input topics (from the earliest offsets to the end offsets at start) and the output
 * topics (read_committed, to their last stable offsets), feeds an {@link InvariantChecker} and
 * returns its report.
 *
 * <p>Run it when the job has caught up with its inputs: an order the job has not yet decided is
 * reported as a lost decision.
 */
public final class Verifier {

    /**
     * How long Kafka may take to answer, unless the settings give {@code default.api.timeout.ms}.
     */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_POLL_RECORDS = 5000;

    private Verifier() {}

    /**
     * Reads the topics of {@code options} from Kafka at {@code bootstrapServers} and checks them.
     *
     * @param kafkaSettings Kafka client settings (security included); bootstrap.servers, the
     *     isolation level, offsets and deserializers are the verifier's own
     * @param progress where a line goes every two seconds while reading; may be null
     * @throws InputUnreachableException when Kafka or a topic cannot be read: nothing was checked
     */
    public static Report verify(
            VerifyOptions options,
            String bootstrapServers,
            Properties kafkaSettings,
            PrintStream progress) {
        Properties settings = consumerSettings(bootstrapServers, kafkaSettings);
        Duration timeout = timeout(settings);
        InvariantChecker checker =
                new InvariantChecker(options.defaultFulfilment(), options.maxRecordBytes());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(timeout);
            TopicReader reader = new TopicReader(consumer, topics, timeout, progress);
            // Every topic must exist, and input end offsets are fixed first: outputs read later
            // may only reflect more input.
            Map<TopicPartition, Long> ordersEnd = reader.endOffsets(options.ordersTopic());
            Map<TopicPartition, Long> inventoryEnd = reader.endOffsets(options.inventoryTopic());
            Map<TopicPartition, Long> confirmationsEnd =
                    reader.endOffsets(options.confirmationsTopic());
            Map<TopicPartition, Long> refundsEnd = reader.endOffsets(options.refundsTopic());
            Map<TopicPartition, Long> deadLettersEnd =
                    reader.endOffsets(options.deadLettersTopic());
            Map<TopicPartition, Long> statusEnd = reader.endOffsets(options.statusTopic());
            reader.read(
                    options.ordersTopic(),
                    ordersEnd,
                    r -> checker.acceptInput(InputTopic.ORDERS, r));
            reader.read(
                    options.inventoryTopic(),
                    inventoryEnd,
                    r -> checker.acceptInput(InputTopic.INVENTORY, r));
            reader.read(
                    options.confirmationsTopic(), confirmationsEnd, checker::acceptConfirmation);
            reader.read(options.refundsTopic(), refundsEnd, checker::acceptRefund);
            reader.read(options.deadLettersTopic(), deadLettersEnd, checker::acceptDeadLetter);
            reader.read(options.statusTopic(), statusEnd, checker::acceptStatus);
        } catch (TimeoutException e) {
            throw new InputUnreachableException(
                    "Kafka at "
                            + bootstrapServers
                            + " did not answer within "
                            + (timeout.toMillis() % 1000 == 0
                                    ? timeout.toSeconds() + " s"
                                    : timeout.toMillis() + " ms")
                            + ": "
                            + e.getMessage(),
                    e);
        } catch (KafkaException e) {
            throw new InputUnreachableException(
                    "could not read from Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
        }
        return checker.check();
    }

    private static Duration timeout(Properties settings) {
        String millis = String.valueOf(settings.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        try {
            return Duration.ofMillis(Long.parseLong(millis.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG
                            + " must be milliseconds, was "
                            + millis);
        }
    }

    /** {@code kafkaSettings} with what the verifier needs to read committed outputs whole. */
    static Properties consumerSettings(String bootstrapServers, Properties kafkaSettings) {
        Properties props = new Properties();
        props.putAll(kafkaSettings);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "orderflow-verify");
        props.putIfAbsent(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(DEFAULT_TIMEOUT.toMillis()));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        return props;
    }
}
