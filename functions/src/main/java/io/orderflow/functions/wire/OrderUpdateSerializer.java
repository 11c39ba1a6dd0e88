package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readNullable;
import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeNullable;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.functions.OrderUpdate;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link OrderUpdate} on its way from the gate to the decider. */
public final class OrderUpdateSerializer extends WireSerializer<OrderUpdate> {

    public static final OrderUpdateSerializer INSTANCE = new OrderUpdateSerializer();

    private static final OrderUpdate EMPTY = new OrderUpdate(null, null, false, null, 0);

    private OrderUpdateSerializer() {}

    @Override
    public OrderUpdate createInstance() {
        return EMPTY;
    }

    @Override
    public void serialize(OrderUpdate u, DataOutputView out) throws IOException {
        writeString(u.orderId(), out);
        writeNullable(u.order(), out, EventFormat::writeOrderPlaced);
        out.writeBoolean(u.placement());
        writeString(u.cancelEventId(), out);
        out.writeLong(u.cancelAt());
    }

    @Override
    public OrderUpdate deserialize(DataInputView in) throws IOException {
        return new OrderUpdate(
                readString(in),
                readNullable(in, EventFormat::readOrderPlaced),
                in.readBoolean(),
                readString(in),
                in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<OrderUpdate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the one instance; Flink instantiates it by name. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OrderUpdate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
