package io.orderflow.jobs.kafka;

import io.orderflow.jobs.Sources;
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
    public DataStream<InputRecord> orders(StreamExecutionEnvironment env, WatermarkStrategy<InputRecord> watermarks) {
        return env.fromSource(source(options.ordersTopic, InputKind.ORDERS), watermarks, "orders")
                .uid("orders-source");
    }

    @Override
    public DataStream<InputRecord> inventory(StreamExecutionEnvironment env, WatermarkStrategy<InputRecord> watermarks) {
        return env.fromSource(source(options.inventoryTopic, InputKind.INVENTORY), watermarks, "inventory")
                .uid("inventory-source");
    }

    @Override
    public WatermarkStrategy<InputRecord> withIdleness(WatermarkStrategy<InputRecord> watermarks, Duration timeout) {
        return new BrokerAwareIdleness<>(
                watermarks, timeout, options.maxOutOfOrderness, options.bootstrapServers, options.kafkaProperties, List.of(options.ordersTopic, options.inventoryTopic));
    }

    private Source<InputRecord, KafkaPartitionSplit, KafkaSourceEnumState> source(String topic, InputKind kind) {
        KafkaSourceBuilder<InputRecord> builder =
                KafkaSource.<InputRecord>builder()
                        .setBootstrapServers(options.bootstrapServers)
                        .setTopics(topic)
                        .setGroupId(options.groupId)
                        .setClientIdPrefix(options.groupId + "-" + kind.name().toLowerCase())
                        .setStartingOffsets(options.startingOffsets.initializer(topic, false))
                        .setDeserializer(new InputRecordDeserializer(kind, options.maxRecordBytes, options.deadLetterValueBytes))
                        // Outputs are transactional; inputs written transactionally must be read committed too.
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        options.kafkaProperties.forEach(builder::setProperty);
        OffsetsInitializer stopAt = options.bounded() ? options.stopAt.initializer(topic, true) : null;
        if (stopAt != null) {
            builder.setBounded(stopAt);
        }
        Properties admin = new Properties();
        admin.putAll(options.kafkaProperties);
        admin.setProperty("bootstrap.servers", options.bootstrapServers);
        admin.setProperty("group.id", options.groupId);
        return ResumableKafkaSource.of(builder.build(), stopAt, admin);
    }
}
