package io.orderflow.bench;

import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.jobs.options.OrderProcessingOptions;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The ceiling: the job's Kafka sources and its exactly-once sink, and nothing in between but a copy
 * of each record's bytes (orders to the confirmations topic, inventory to the dead-letters topic).
 * What orderflow cannot beat on this machine with these connectors and this checkpointing.
 */
final class CopyJob {

    private CopyJob() {}

    static void build(StreamExecutionEnvironment env, OrderProcessingOptions o) {
        if (o.parallelism > 0) {
            env.setParallelism(o.parallelism);
        }
        DataStream<OutputRecord> orders =
                env.fromSource(
                                source(o, o.ordersTopic, o.confirmationsTopic, "orders"),
                                WatermarkStrategy.noWatermarks(),
                                "orders")
                        .uid("orders-source");
        DataStream<OutputRecord> inventory =
                env.fromSource(
                                source(o, o.inventoryTopic, o.deadLettersTopic, "inventory"),
                                WatermarkStrategy.noWatermarks(),
                                "inventory")
                        .uid("inventory-source");
        orders.union(inventory)
                .sinkTo(
                        KafkaSinks.sink(
                                o,
                                o.transactionalIdPrefix,
                                List.of(o.confirmationsTopic, o.deadLettersTopic)))
                .name("outputs")
                .uid("kafka-outputs");
    }

    private static KafkaSource<OutputRecord> source(
            OrderProcessingOptions o, String topic, String target, String kind) {
        KafkaSourceBuilder<OutputRecord> b =
                KafkaSource.<OutputRecord>builder()
                        .setBootstrapServers(o.bootstrapServers)
                        .setTopics(topic)
                        .setGroupId(o.groupId)
                        .setClientIdPrefix(o.groupId + "-" + kind)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new Copy(target))
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        o.kafkaProperties.forEach(b::setProperty);
        if (o.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    private static final class Copy implements KafkaRecordDeserializationSchema<OutputRecord> {
        private final String target;

        Copy(String target) {
            this.target = target;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<OutputRecord> out) {
            out.collect(new OutputRecord(target, r.key(), r.timestamp(), r.value()));
        }

        @Override
        public TypeInformation<OutputRecord> getProducedType() {
            return TypeInformation.of(OutputRecord.class);
        }
    }
}
