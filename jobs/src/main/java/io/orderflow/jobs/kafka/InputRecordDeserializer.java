package io.orderflow.jobs.kafka;

import io.orderflow.functions.wire.WireTypes;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes every Kafka record into an event or a dead letter; it never throws, so bad input never
 * restarts the job.
 */
public final class InputRecordDeserializer
        implements KafkaRecordDeserializationSchema<InputRecord> {

    private final InputKind kind;
    private final int maxRecordBytes;
    private final int deadLetterValueBytes;
    private transient EventCodec codec;

    public InputRecordDeserializer(InputKind kind, int maxRecordBytes, int deadLetterValueBytes) {
        this.kind = kind;
        this.maxRecordBytes = maxRecordBytes;
        this.deadLetterValueBytes = deadLetterValueBytes;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = new EventCodec(maxRecordBytes, deadLetterValueBytes);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputRecord> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        RecordOrigin origin =
                new RecordOrigin(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        key,
                        record.value());
        out.collect(codec.decode(kind, origin));
    }

    @Override
    public TypeInformation<InputRecord> getProducedType() {
        return WireTypes.INPUT_RECORD;
    }
}
