package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readNullable;
import static io.orderflow.functions.wire.WireFormat.writeNullable;

import io.orderflow.schemas.InputRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link InputRecord} from the Kafka source, past the dead-letter split, into the gate. */
public final class InputRecordSerializer extends WireSerializer<InputRecord> {

    public static final InputRecordSerializer INSTANCE = new InputRecordSerializer();

    private static final InputRecord EMPTY = new InputRecord(null, null, null, null, null, null);

    private InputRecordSerializer() {}

    @Override
    public InputRecord createInstance() {
        return EMPTY;
    }

    @Override
    public void serialize(InputRecord r, DataOutputView out) throws IOException {
        writeNullable(r.orderPlaced(), out, EventFormat::writeOrderPlaced);
        writeNullable(r.orderCancelled(), out, EventFormat::writeOrderCancelled);
        writeNullable(r.stockReceived(), out, EventFormat::writeStockReceived);
        writeNullable(r.stockCounted(), out, EventFormat::writeStockCounted);
        writeNullable(r.deadLetter(), out, EventFormat::writeDeadLetter);
        writeNullable(r.origin(), out, EventFormat::writeRecordOrigin);
    }

    @Override
    public InputRecord deserialize(DataInputView in) throws IOException {
        return new InputRecord(
                readNullable(in, EventFormat::readOrderPlaced),
                readNullable(in, EventFormat::readOrderCancelled),
                readNullable(in, EventFormat::readStockReceived),
                readNullable(in, EventFormat::readStockCounted),
                readNullable(in, EventFormat::readDeadLetter),
                readNullable(in, EventFormat::readRecordOrigin));
    }

    @Override
    public TypeSerializerSnapshot<InputRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the one instance; Flink instantiates it by name. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<InputRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
