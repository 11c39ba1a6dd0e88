package io.orderflow.bench;

import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.jobs.kafka.OutputRecordSerializer;
import io.orderflow.jobs.options.OrderProcessingOptions;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
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
                env.fromSource(source(o, o.ordersTopic, o.confirmationsTopic, "orders"), WatermarkStrategy.noWatermarks(), "orders")
                        .uid("orders-source");
        DataStream<OutputRecord> inventory =
                env.fromSource(source(o, o.inventoryTopic, o.deadLettersTopic, "inventory"), WatermarkStrategy.noWatermarks(), "inventory")
                        .uid("inventory-source");
        orders.union(inventory).sinkTo(sink(o)).name("outputs").uid("kafka-outputs");
    }

    private static KafkaSource<OutputRecord> source(OrderProcessingOptions o, String topic, String target, String kind) {
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
        if (o.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /** The same producer settings as the job's {@link KafkaSinks}. */
    private static KafkaSink<OutputRecord> sink(OrderProcessingOptions o) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", KafkaSinks.DEFAULT_TRANSACTION_TIMEOUT_MS);
        producer.setProperty("linger.ms", "5");
        producer.setProperty("compression.type", "lz4");
        producer.putAll(o.kafkaProperties);
        boolean exactlyOnce = o.delivery == OrderProcessingOptions.Delivery.EXACTLY_ONCE;
        var builder =
                KafkaSink.<OutputRecord>builder()
                        .setBootstrapServers(o.bootstrapServers)
                        .setKafkaProducerConfig(producer)
                        .setRecordSerializer(new OutputRecordSerializer())
                        .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix(o.transactionalIdPrefix);
        }
        return builder.build();
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
