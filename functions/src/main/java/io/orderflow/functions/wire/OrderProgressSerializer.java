package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readEnum;
import static io.orderflow.functions.wire.WireFormat.readList;
import static io.orderflow.functions.wire.WireFormat.readNullable;
import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeEnum;
import static io.orderflow.functions.wire.WireFormat.writeList;
import static io.orderflow.functions.wire.WireFormat.writeNullable;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderProgress;
import java.io.IOException;
import java.util.ArrayList;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The decider's keyed state: an order in flight or a decided order kept for a cancellation. Written
 * by hand (Flink's POJO serializer reflects over every field of the order on every write). The
 * format has a version, kept in the snapshot: a later format reads state of an earlier one and
 * Flink migrates it.
 */
public final class OrderProgressSerializer extends StateSerializer<OrderProgress> {

    /**
     * The format this class writes: 2 adds the order's status seq (format 1 had none), 3 whether
     * the ledger answers the order's cancellation (no ledger did before).
     */
    public static final int FORMAT = 3;

    public static final OrderProgressSerializer INSTANCE = new OrderProgressSerializer(FORMAT);

    private static final long serialVersionUID = 1L;
    private static final LineOutcome.Result[] RESULTS = LineOutcome.Result.values();

    /** The format this instance reads: FORMAT, or an earlier one when it migrates state. */
    private final int reads;

    private OrderProgressSerializer(int reads) {
        this.reads = reads;
    }

    @Override
    protected StateSerializer<OrderProgress> readerOf(int format) {
        return format == 1 || format == 2
                ? new OrderProgressSerializer(format)
                : super.readerOf(format);
    }

    @Override
    public void serialize(OrderProgress p, DataOutputView out) throws IOException {
        writeNullable(p.order, out, EventFormat::writeOrderPlaced);
        // Every outcome belongs to the one order: its id is written once.
        writeString(p.outcomes.isEmpty() ? null : p.outcomes.get(0).orderId(), out);
        writeList(p.outcomes, out, OrderProgressSerializer::writeOutcome);
        writeString(p.cancelEventId, out);
        out.writeLong(p.cancelAt);
        out.writeBoolean(p.cancelledOnArrival);
        out.writeBoolean(p.decided);
        out.writeInt(p.statusSeq);
        out.writeBoolean(p.releasesReported);
    }

    @Override
    public OrderProgress deserialize(DataInputView in) throws IOException {
        OrderProgress p = new OrderProgress();
        p.order = readNullable(in, EventFormat::readOrderPlaced);
        String orderId = readString(in);
        p.outcomes = new ArrayList<>(readList(in, source -> readOutcome(orderId, source)));
        p.cancelEventId = readString(in);
        p.cancelAt = in.readLong();
        p.cancelledOnArrival = in.readBoolean();
        p.decided = in.readBoolean();
        p.statusSeq = reads >= 2 ? in.readInt() : statusSeqBeforeStatuses(p);
        // Before format 3 no ledger answered a cancellation: one that came then does without.
        p.releasesReported = reads >= 3 ? in.readBoolean() : p.cancelEventId == null;
        return p;
    }

    /**
     * State of format 1 was written before the job wrote statuses: give such an order the seq its
     * records would have had, so a later change continues the count. A line that waited means a
     * WAITING record came first; a decision is one more.
     */
    private static int statusSeqBeforeStatuses(OrderProgress p) {
        boolean waited = p.outcomes.stream().anyMatch(LineOutcome::waited);
        return (waited ? 1 : 0) + (p.decided ? 1 : 0);
    }

    private static void writeOutcome(LineOutcome o, DataOutputView out) throws IOException {
        out.writeInt(o.lineIndex());
        out.writeLong(o.time());
        writeEnum(o.result(), out);
        out.writeBoolean(o.waited());
    }

    private static LineOutcome readOutcome(String orderId, DataInputView in) throws IOException {
        return new LineOutcome(
                orderId, in.readInt(), in.readLong(), readEnum(RESULTS, in), in.readBoolean());
    }

    /**
     * The order and the outcomes are immutable values: a copy needs its own list and fields only.
     */
    @Override
    public OrderProgress copy(OrderProgress from) {
        return OrderProgress.copyOf(from);
    }

    @Override
    public OrderProgress createInstance() {
        return new OrderProgress();
    }

    @Override
    protected int format() {
        return FORMAT;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OrderProgressSerializer other && other.reads == reads;
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + reads;
    }

    @Override
    protected Class<OrderProgress> stateClass() {
        return OrderProgress.class;
    }
}
