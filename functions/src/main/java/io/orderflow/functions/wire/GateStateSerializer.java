package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readNullable;
import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeNullable;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.functions.GateState;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The gate's keyed state, one per orderId for the dedup TTL: the accepted order and cancellation.
 * Written by hand; state that Flink's POJO serializer wrote (the first layout) is migrated on
 * restore.
 */
public final class GateStateSerializer extends StateSerializer<GateState> {

    public static final int FORMAT = 1;
    public static final GateStateSerializer INSTANCE = new GateStateSerializer();

    private static final long serialVersionUID = 1L;

    private GateStateSerializer() {}

    @Override
    public void serialize(GateState s, DataOutputView out) throws IOException {
        writeNullable(s.placed, out, EventFormat::writeOrderPlaced);
        writeString(s.cancelEventId, out);
        out.writeLong(s.cancelOccurredAt);
    }

    @Override
    public GateState deserialize(DataInputView in) throws IOException {
        GateState s = new GateState();
        s.placed = readNullable(in, EventFormat::readOrderPlaced);
        s.cancelEventId = readString(in);
        s.cancelOccurredAt = in.readLong();
        return s;
    }

    /** The order is an immutable value: a copy needs its own fields only. */
    @Override
    public GateState copy(GateState from) {
        GateState copy = new GateState();
        copy.placed = from.placed;
        copy.cancelEventId = from.cancelEventId;
        copy.cancelOccurredAt = from.cancelOccurredAt;
        return copy;
    }

    @Override
    public GateState createInstance() {
        return new GateState();
    }

    @Override
    protected int format() {
        return FORMAT;
    }

    @Override
    protected Class<GateState> stateClass() {
        return GateState.class;
    }
}
