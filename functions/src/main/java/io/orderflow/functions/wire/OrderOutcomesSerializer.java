package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readEnum;
import static io.orderflow.functions.wire.WireFormat.readNullable;
import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeEnum;
import static io.orderflow.functions.wire.WireFormat.writeNullable;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderOutcomes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link OrderOutcomes} on its way to the decider: the orderId once, then each outcome's line,
 * instant, result and whether it waited, and the order when the outcomes carry it.
 */
public final class OrderOutcomesSerializer extends WireSerializer<OrderOutcomes> {

    public static final OrderOutcomesSerializer INSTANCE = new OrderOutcomesSerializer();

    private static final LineOutcome.Result[] RESULTS = LineOutcome.Result.values();
    private static final OrderOutcomes EMPTY = new OrderOutcomes(null, List.of());

    private OrderOutcomesSerializer() {}

    @Override
    public OrderOutcomes createInstance() {
        return EMPTY;
    }

    @Override
    public void serialize(OrderOutcomes o, DataOutputView out) throws IOException {
        writeString(o.orderId(), out);
        out.writeInt(o.outcomes().size());
        for (LineOutcome outcome : o.outcomes()) {
            out.writeInt(outcome.lineIndex());
            out.writeLong(outcome.time());
            writeEnum(outcome.result(), out);
            out.writeBoolean(outcome.waited());
        }
        writeNullable(o.order(), out, EventFormat::writeOrderPlaced);
    }

    @Override
    public OrderOutcomes deserialize(DataInputView in) throws IOException {
        String orderId = readString(in);
        int n = in.readInt();
        List<LineOutcome> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outcomes.add(
                    new LineOutcome(
                            orderId,
                            in.readInt(),
                            in.readLong(),
                            readEnum(RESULTS, in),
                            in.readBoolean()));
        }
        return new OrderOutcomes(orderId, outcomes, readNullable(in, EventFormat::readOrderPlaced));
    }

    @Override
    public TypeSerializerSnapshot<OrderOutcomes> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the one instance; Flink instantiates it by name. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OrderOutcomes> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
