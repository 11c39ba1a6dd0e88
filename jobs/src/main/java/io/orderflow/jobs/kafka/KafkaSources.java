package io.orderflow.jobs.kafka;

import io.orderflow.jobs.Sources;
import io.orderflow.jobs.options.JobRun;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The input topics as KafkaSources, with watermarks per partition. */
public final class KafkaSources implements Sources {

    private final OrderProcessingOptions options;

    public KafkaSources(OrderProcessingOptions options) {
        this.options = options;
    }

    @Override
    public DataStream<InputRecord> orders(
            StreamExecutionEnvironment env, WatermarkStrategy<InputRecord> watermarks) {
        return env.fromSource(source(options.ordersTopic, InputKind.ORDERS), watermarks, "orders")
                .uid("orders-source");
    }

    @Override
    public DataStream<InputRecord> inventory(
            StreamExecutionEnvironment env, WatermarkStrategy<InputRecord> watermarks) {
        return env.fromSource(
                        source(options.inventoryTopic, InputKind.INVENTORY),
                        watermarks,
                        "inventory")
                .uid("inventory-source");
    }

    @Override
    public WatermarkStrategy<InputRecord> withIdleness(
            WatermarkStrategy<InputRecord> watermarks, Duration timeout) {
        return new BrokerAwareIdleness<>(
                watermarks,
                timeout,
                options.maxOutOfOrderness,
                options.bootstrapServers,
                options.kafkaProperties,
                List.of(options.ordersTopic, options.inventoryTopic),
                options.groupId);
    }

    private Source<InputRecord, KafkaPartitionSplit, KafkaSourceEnumState> source(
            String topic, InputKind kind) {
        return source(
                options,
                topic,
                kind.name().toLowerCase(),
                new InputRecordDeserializer(
                        kind, options.maxRecordBytes, options.deadLetterValueBytes));
    }

    /**
     * A KafkaSource of {@code topic} as {@code run} says: its group (offsets committed with each
     * checkpoint), where it starts and, for a bounded run, stops; read_committed; resumable.
     */
    public static <T> Source<T, KafkaPartitionSplit, KafkaSourceEnumState> source(
            JobRun run,
            String topic,
            String clientName,
            KafkaRecordDeserializationSchema<T> deserializer) {
        KafkaSourceBuilder<T> builder =
                KafkaSource.<T>builder()
                        .setBootstrapServers(run.bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(run.groupId())
                        .setClientIdPrefix(run.groupId() + "-" + clientName)
                        .setStartingOffsets(run.startingOffsets().initializer(topic, false))
                        .setDeserializer(deserializer)
                        // Outputs are transactional; inputs written transactionally must be read
                        // committed too.
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        run.kafkaProperties().forEach(builder::setProperty);
        OffsetsInitializer stopAt = run.bounded() ? run.stopAt().initializer(topic, true) : null;
        if (stopAt != null) {
            builder.setBounded(stopAt);
        }
        Properties admin = new Properties();
        admin.putAll(run.kafkaProperties());
        admin.setProperty("bootstrap.servers", run.bootstrapServers());
        admin.setProperty("group.id", run.groupId());
        return ResumableKafkaSource.of(builder.build(), stopAt, admin);
    }
}
