package io.orderflow.jobs.kafka;

import io.orderflow.schemas.RecordOrigin;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A Kafka record as it is, with where it came from: the rivers job decides what it is later. */
public final class RecordOriginDeserializer
        implements KafkaRecordDeserializationSchema<RecordOrigin> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RecordOrigin> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        out.collect(
                new RecordOrigin(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        key,
                        record.value()));
    }

    @Override
    public TypeInformation<RecordOrigin> getProducedType() {
        return TypeInformation.of(RecordOrigin.class);
    }
}
