package io.orderflow.jobs.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes an {@link OutputRecord} as it is; its Kafka timestamp is the event's occurredAt. */
public final class OutputRecordSerializer implements KafkaRecordSerializationSchema<OutputRecord> {

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            OutputRecord r, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(r.topic(), null, r.timestamp(), r.key(), r.value());
    }
}
