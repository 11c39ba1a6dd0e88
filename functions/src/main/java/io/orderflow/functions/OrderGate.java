package io.orderflow.functions;

import io.orderflow.functions.wire.GateStateSerializer;
import io.orderflow.functions.wire.WireTypes;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterLimits;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderPlaced;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The front door of an order (keyed by orderId): drops duplicates, turns a conflicting re-placement
 * into a dead letter, and turns an accepted order or cancellation into ledger entries (one per
 * line). An accepted order's first entry carries the order itself, which the ledger passes on to
 * the decider with that line's outcome; a cancellation also goes straight to the decider as an
 * {@link OrderUpdate}. A cancellation that arrives before its order is kept until the order comes;
 * then nothing is reserved, and the order goes to the decider as placed and cancelled at once.
 */
public class OrderGate extends KeyedProcessFunction<String, InputRecord, LedgerEntry> {

    public static final OutputTag<OrderUpdate> ORDER_UPDATES =
            new OutputTag<>("order-updates", WireTypes.ORDER_UPDATE);
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("gate-dead-letters") {};

    private final Fulfilment defaultFulfilment;
    private final long backorderWindowMillis;
    private final Duration dedupTtl;
    private final int deadLetterValueBytes;

    static final String STATE_NAME = "gate";

    private transient ValueState<GateState> state;
    private transient KnownIds held;
    private transient Counter applied;
    private transient Counter duplicates;
    private transient Counter conflicting;

    /** A gate whose dead letters hold the default share of the original value. */
    public OrderGate(Fulfilment defaultFulfilment, Duration backorderWindow, Duration dedupTtl) {
        this(defaultFulfilment, backorderWindow, dedupTtl, DeadLetterLimits.DEFAULT_VALUE_BYTES);
    }

    /**
     * {@code deadLetterValueBytes}: a CONFLICTING_ORDER dead letter holds at most this many of the
     * value's first bytes.
     */
    public OrderGate(
            Fulfilment defaultFulfilment,
            Duration backorderWindow,
            Duration dedupTtl,
            int deadLetterValueBytes) {
        this.defaultFulfilment = defaultFulfilment;
        this.backorderWindowMillis = backorderWindow.toMillis();
        this.dedupTtl = dedupTtl;
        this.deadLetterValueBytes = deadLetterValueBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<GateState> descriptor =
                new ValueStateDescriptor<>(STATE_NAME, GateStateSerializer.INSTANCE);
        descriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        state = getRuntimeContext().getState(descriptor);
        held = new KnownIds(dedupTtl.toMillis());
        var metrics = getRuntimeContext().getMetricGroup();
        applied = metrics.counter(Metrics.RECORDS_APPLIED);
        duplicates = metrics.counter(Metrics.DUPLICATES_DROPPED);
        conflicting =
                metrics.addGroup(Metrics.REASON_GROUP, DeadLetterReason.CONFLICTING_ORDER.name())
                        .counter(Metrics.DEAD_LETTERS);
    }

    @Override
    public void processElement(InputRecord record, Context ctx, Collector<LedgerEntry> out)
            throws Exception {
        GateState known = read(ctx);
        if (known != null && known.hasApplied(record.eventId())) {
            duplicates.inc();
        } else if (record.orderPlaced() != null) {
            place(record, known, ctx, out);
        } else if (record.orderCancelled() != null) {
            cancel(record.orderCancelled(), known, ctx, out);
        } else {
            throw new IllegalArgumentException("OrderGate takes order events only, got " + record);
        }
    }

    /**
     * Tells the filter of held orderIds about the keys restored into this subtask (the gate's
     * operator calls it once they are known), so that they are still looked up.
     */
    void rememberHeld(Stream<String> orderIds, long now) {
        orderIds.forEach(orderId -> held.add(orderId, now));
    }

    /** The state of the current orderId; an orderId the filter never saw is not looked up. */
    private GateState read(Context ctx) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        return held.mightContain(ctx.getCurrentKey(), now) ? state.value() : null;
    }

    private void write(GateState next, Context ctx) throws Exception {
        held.add(ctx.getCurrentKey(), ctx.timerService().currentProcessingTime());
        state.update(next);
    }

    private void place(InputRecord record, GateState known, Context ctx, Collector<LedgerEntry> out)
            throws Exception {
        OrderPlaced order = record.orderPlaced();
        if (known != null && known.placed != null) {
            if (order.sameContentAs(known.placed, defaultFulfilment)) {
                duplicates.inc();
            } else {
                conflicting.inc();
                ctx.output(
                        DEAD_LETTERS,
                        DeadLetter.of(
                                DeadLetterReason.CONFLICTING_ORDER,
                                conflictDetail(order, known.placed),
                                record.origin(),
                                deadLetterValueBytes));
            }
            return;
        }
        applied.inc();
        GateState next = known == null ? new GateState() : known;
        next.placed = order;
        write(next, ctx);
        if (next.cancelEventId != null) {
            long at = OrderUpdate.cancelEffectiveAt(next.cancelOccurredAt, order.occurredAt());
            ctx.output(
                    ORDER_UPDATES,
                    OrderUpdate.placedAlreadyCancelled(order, next.cancelEventId, at));
            return;
        }
        // The first line's reservation carries the order through the ledger to the decider.
        boolean backorder = order.fulfilmentOr(defaultFulfilment) == Fulfilment.BACKORDER;
        out.collect(
                LedgerEntry.reserve(order, 0, backorder, backorderWindowMillis).carrying(order));
        for (int i = 1; i < order.lines().size(); i++) {
            out.collect(LedgerEntry.reserve(order, i, backorder, backorderWindowMillis));
        }
    }

    private void cancel(
            OrderCancelled cancel, GateState known, Context ctx, Collector<LedgerEntry> out)
            throws Exception {
        if (known != null && known.cancelEventId != null) {
            duplicates.inc();
            return;
        }
        applied.inc();
        GateState next = known == null ? new GateState() : known;
        next.cancelEventId = cancel.eventId();
        next.cancelOccurredAt = cancel.occurredAt();
        write(next, ctx);
        if (next.placed == null) {
            return;
        }
        OrderPlaced order = next.placed;
        long at = OrderUpdate.cancelEffectiveAt(cancel.occurredAt(), order.occurredAt());
        ctx.output(ORDER_UPDATES, OrderUpdate.cancelled(order, cancel.eventId(), at));
        for (int i = 0; i < order.lines().size(); i++) {
            out.collect(LedgerEntry.release(order, i, at));
        }
    }

    private String conflictDetail(OrderPlaced order, OrderPlaced first) {
        String field;
        if (!order.customerId().equals(first.customerId())) {
            field = "customerId";
        } else if (!order.currency().equals(first.currency())) {
            field = "currency";
        } else if (order.fulfilmentOr(defaultFulfilment) != first.fulfilmentOr(defaultFulfilment)) {
            field = "fulfilment";
        } else {
            field = "lines";
        }
        return "orderId "
                + order.orderId()
                + " was already placed by event "
                + first.eventId()
                + "; a new OrderPlaced must repeat its content, but "
                + field
                + " differs";
    }
}
