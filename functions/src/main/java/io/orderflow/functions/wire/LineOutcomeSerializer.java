package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readEnum;
import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeEnum;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.functions.LineOutcome;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link LineOutcome} on its way to the decider; the decider's state keeps the POJO serializer. */
public final class LineOutcomeSerializer extends WireSerializer<LineOutcome> {

    public static final LineOutcomeSerializer INSTANCE = new LineOutcomeSerializer();

    private static final LineOutcome.Result[] RESULTS = LineOutcome.Result.values();
    private static final LineOutcome EMPTY = new LineOutcome(null, 0, 0, null, false);

    private LineOutcomeSerializer() {}

    @Override
    public LineOutcome createInstance() {
        return EMPTY;
    }

    @Override
    public void serialize(LineOutcome o, DataOutputView out) throws IOException {
        writeString(o.orderId(), out);
        out.writeInt(o.lineIndex());
        out.writeLong(o.time());
        writeEnum(o.result(), out);
        out.writeBoolean(o.waited());
    }

    @Override
    public LineOutcome deserialize(DataInputView in) throws IOException {
        return new LineOutcome(
                readString(in),
                in.readInt(),
                in.readLong(),
                readEnum(RESULTS, in),
                in.readBoolean());
    }

    @Override
    public TypeSerializerSnapshot<LineOutcome> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the one instance; Flink instantiates it by name. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LineOutcome> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
