package io.orderflow.jobs.kafka;

import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an {@link OutputRecord} as it is; its Kafka timestamp is the event's occurredAt. It names
 * the topics its records may go to, which Flink's lineage shows (a sink that pooled its
 * transactional ids would need them too).
 */
public final class OutputRecordSerializer
        implements KafkaRecordSerializationSchema<OutputRecord>, KafkaDatasetFacetProvider {

    private static final long serialVersionUID = 1L;

    private final List<String> topics;

    /** {@code topics}: every topic a record may name (more is harmless). */
    public OutputRecordSerializer(List<String> topics) {
        this.topics = List.copyOf(topics);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            OutputRecord r, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(r.topic(), null, r.timestamp(), r.key(), r.value());
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(
                new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(topics)));
    }
}
