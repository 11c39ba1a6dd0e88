package io.orderflow.jobs.kafka;

import io.orderflow.jobs.Sinks;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.RefundIssued;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * All outputs through one transactional KafkaSink: each checkpoint commits confirmations, refunds
 * and dead letters of a subtask in one Kafka transaction.
 */
public final class KafkaSinks implements Sinks {

    /** Must exceed checkpoint timeout plus restart time, and stay within the broker's 15-minute default maximum. */
    public static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "600000";

    /** The producers' compression unless --kafka-property compression.type says otherwise. */
    public static final String DEFAULT_COMPRESSION = "lz4";

    private final OrderProcessingOptions options;

    public KafkaSinks(OrderProcessingOptions options) {
        this.options = options;
    }

    @Override
    public void write(DataStream<OrderConfirmed> confirmations, DataStream<RefundIssued> refunds, DataStream<DeadLetter> deadLetters) {
        encode(confirmations, refunds, deadLetters, options).sinkTo(sink(options)).name("outputs").uid("kafka-outputs");
    }

    /** The outputs as Kafka records for their topics, in one stream. */
    public static DataStream<OutputRecord> encode(
            DataStream<OrderConfirmed> confirmations,
            DataStream<RefundIssued> refunds,
            DataStream<DeadLetter> deadLetters,
            OrderProcessingOptions options) {
        return confirmations
                .map(new OutputEncoder.Confirmations(options.confirmationsTopic))
                .name("encode confirmations")
                .uid("encode-confirmations")
                .union(
                        refunds.map(new OutputEncoder.Refunds(options.refundsTopic))
                                .name("encode refunds")
                                .uid("encode-refunds"),
                        deadLetters
                                .map(new OutputEncoder.DeadLetters(options.deadLettersTopic))
                                .name("encode dead letters")
                                .uid("encode-dead-letters"));
    }

    /** The job's one transactional sink for encoded outputs; also the copy ceiling's, so both write alike. */
    public static KafkaSink<OutputRecord> sink(OrderProcessingOptions options) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
        producer.setProperty("linger.ms", "5");
        producer.setProperty("compression.type", DEFAULT_COMPRESSION);
        producer.putAll(options.kafkaProperties);
        boolean exactlyOnce = options.delivery == OrderProcessingOptions.Delivery.EXACTLY_ONCE;
        var builder =
                KafkaSink.<OutputRecord>builder()
                        .setBootstrapServers(options.bootstrapServers)
                        .setKafkaProducerConfig(producer)
                        .setRecordSerializer(new OutputRecordSerializer())
                        .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix(options.transactionalIdPrefix);
        }
        return builder.build();
    }
}
