package io.orderflow.functions;

import io.orderflow.functions.wire.OrderProgressSerializer;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Decides each order (keyed by orderId) once every line has an outcome: one confirmation for the
 * reserved lines, one OUT_OF_STOCK refund for the rejected ones, and one CANCELLED refund when a
 * cancellation takes effect; all of them as {@link Decision}s in one stream. Line outcomes come
 * from the ledgers (input 2: those of one ledger step together), the outcome of an order's first
 * line with the order itself; cancellations, and orders cancelled before they were placed, come
 * from the gate (input 1), in any order relative to the outcomes. A cancellation takes effect once
 * the gate's part and the ledger's answer for every line (released, nothing held, or withdrawn from
 * the queue) are in.
 *
 * <p>Orders in flight stay in memory: an order's outcomes usually come within one watermark step,
 * often as one record, so most orders are decided without touching keyed state. Before each
 * checkpoint barrier the orders still in flight are written to keyed state, from where a restore
 * rebuilds memory. A decided order that never waited is not kept at all: a later cancellation,
 * which changes its status (contract section 7) and refunds what was confirmed, learns from the
 * ledger's answers which lines were reserved. An order that waited keeps its lines' final outcomes
 * and its status seq ({@link Decisions#keptForCancellation}), since the cancellation brings the
 * order again. Status changes leave in the same stream as decisions.
 */
public class OrderDecider extends AbstractStreamOperator<Decision>
        implements TwoInputStreamOperator<OrderUpdate, OrderOutcomes, Decision> {

    /**
     * How many orders may be in flight in memory per subtask before the rest wait in keyed state.
     */
    public static final int DEFAULT_MEMORY_ORDERS = 200_000;

    private static final long serialVersionUID = 1L;
    private static final String IN_FLIGHT = "in-flight";

    /** Layout marker in operator state: an earlier layout kept every order in "progress". */
    private static final int LAYOUT = 2;

    private final Duration dedupTtl;
    private final int memoryOrders;

    private transient ValueState<OrderProgress> inFlightState;
    private transient ValueState<OrderProgress> decidedState;

    /**
     * The layout before this one: read only when a savepoint of it was restored, for the dedup TTL.
     */
    private transient ValueState<OrderProgress> legacyState;

    private transient EarlierLayout legacyLayout;

    private transient Map<String, OrderProgress> inFlight;
    private transient Set<String> changed;
    private transient Set<String> stored;
    private transient Set<String> finishedStored;
    private transient Map<String, OrderProgress> newlyDecided;

    /** Some orders in flight wait in keyed state only (memory was full): look there on a miss. */
    private transient boolean spilled;

    private transient Counter confirmations;
    private transient Counter spilledOrders;
    private transient FlushTime flushTime;
    private transient Map<RefundReason, Counter> refunds;

    public OrderDecider(Duration dedupTtl) {
        this(dedupTtl, DEFAULT_MEMORY_ORDERS);
    }

    public OrderDecider(Duration dedupTtl, int memoryOrders) {
        this.dedupTtl = dedupTtl;
        this.memoryOrders = memoryOrders;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        legacyLayout =
                EarlierLayout.track(
                        context,
                        "legacy-layout-since",
                        getProcessingTimeService().getCurrentProcessingTime());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        legacyLayout.snapshot();
    }

    @Override
    public void open() throws Exception {
        super.open();
        ValueStateDescriptor<OrderProgress> inFlightDescriptor =
                new ValueStateDescriptor<>(IN_FLIGHT, OrderProgressSerializer.INSTANCE);
        inFlightDescriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        inFlightState = getRuntimeContext().getState(inFlightDescriptor);
        ValueStateDescriptor<OrderProgress> decidedDescriptor =
                new ValueStateDescriptor<>("decided", OrderProgressSerializer.INSTANCE);
        decidedDescriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        decidedState = getRuntimeContext().getState(decidedDescriptor);
        ValueStateDescriptor<OrderProgress> legacyDescriptor =
                new ValueStateDescriptor<>("progress", OrderProgress.class);
        legacyDescriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        legacyState = getRuntimeContext().getState(legacyDescriptor);
        inFlight = new LinkedHashMap<>();
        changed = new HashSet<>();
        stored = new HashSet<>();
        finishedStored = new HashSet<>();
        newlyDecided = new HashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        confirmations = metrics.counter(Metrics.CONFIRMATIONS);
        spilledOrders = metrics.counter(Metrics.ORDERS_SPILLED);
        metrics.gauge(Metrics.ORDERS_IN_MEMORY, (Gauge<Integer>) () -> inFlight.size());
        flushTime = FlushTime.register(metrics);
        refunds = new EnumMap<>(RefundReason.class);
        for (RefundReason reason : RefundReason.values()) {
            refunds.put(
                    reason,
                    metrics.addGroup(Metrics.REASON_GROUP, reason.name()).counter(Metrics.REFUNDS));
        }
        rebuildMemory();
    }

    private void rebuildMemory() throws Exception {
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        List<String> keys;
        try (Stream<String> all = backend.getKeys(IN_FLIGHT, VoidNamespace.INSTANCE)) {
            keys = new ArrayList<>(all.toList());
        }
        for (String orderId : keys) {
            if (inFlight.size() >= memoryOrders) {
                spilled = true;
                return;
            }
            setCurrentKey(orderId);
            OrderProgress p = inFlightState.value();
            if (p != null) { // null once its TTL ran out
                inFlight.put(orderId, OrderProgress.copyOf(p));
                stored.add(orderId);
            }
        }
    }

    @Override
    public void processElement1(StreamRecord<OrderUpdate> record) throws Exception {
        OrderUpdate update = record.getValue();
        // A cancellation may find the order decided, or come before any of its outcomes.
        OrderProgress p = find(update.orderId(), !update.placement());
        if (update.placement()) {
            p.order = update.order();
            p.cancelledOnArrival = update.cancelEventId() != null;
        } else if (p.order == null) {
            // A decided order is kept without its content, which comes again with the cancellation.
            p.order = update.order();
        }
        if (update.cancelEventId() != null) {
            p.cancelEventId = update.cancelEventId();
            p.cancelAt = update.cancelAt();
            // This gate sent the lines' releases to a ledger that answers them.
            p.releasesReported = true;
        }
        advance(update.orderId(), p);
    }

    @Override
    public void processElement2(StreamRecord<OrderOutcomes> record) throws Exception {
        OrderOutcomes outcomes = record.getValue();
        // The ledger's answers to a cancellation may find the order decided.
        OrderProgress p =
                find(outcomes.orderId(), Decisions.holdsCancellationAnswer(outcomes.outcomes()));
        if (outcomes.order() != null && p.order == null) {
            p.order = outcomes.order(); // the first line's outcome carries the order
        }
        p.outcomes.addAll(outcomes.outcomes());
        advance(outcomes.orderId(), p);
    }

    /**
     * The order's progress from memory or keyed state, or a new one for an order seen first. The
     * current key is {@code orderId}. {@code mayBeDecided}: look among the decided orders kept for
     * a cancellation too.
     */
    private OrderProgress find(String orderId, boolean mayBeDecided) throws Exception {
        OrderProgress p = inFlight.get(orderId);
        if (p == null) {
            p = newlyDecided.get(orderId);
        }
        if (p == null && spilled) {
            p = inFlightState.value();
        }
        if (p == null && mayBeDecided) {
            p = decidedState.value();
        }
        if (p == null && legacyMayHold()) {
            p = legacyState.value();
            if (p != null) {
                legacyState.clear(); // from now on it lives in this layout
                // That layout's ledger never answered a cancellation: one that came then does
                // without.
                p.releasesReported = p.cancelEventId == null;
            }
        }
        return p != null ? p : new OrderProgress();
    }

    private boolean legacyMayHold() {
        return legacyLayout.mayHold(
                getProcessingTimeService().getCurrentProcessingTime(), dedupTtl.toMillis());
    }

    private void advance(String orderId, OrderProgress p) throws Exception {
        boolean decidedBefore = p.decided;
        Decisions.Emitted emitted = Decisions.advance(p);
        // Status changes in seq order, each beside the decision it records.
        for (OrderStatus status : emitted.statuses()) {
            output.collect(new StreamRecord<>(Decision.of(status)));
        }
        if (emitted.confirmed() != null) {
            confirmations.inc();
            output.collect(new StreamRecord<>(Decision.of(emitted.confirmed())));
        }
        emitRefund(emitted.outOfStock());
        emitRefund(emitted.cancelled());
        if (emitted.finished()) {
            leaveFlight(orderId);
            if (newlyDecided.remove(orderId) == null && decidedBefore) {
                decidedState.clear(); // it may have been kept in keyed state
            }
        } else if (p.decided && !Decisions.cancellationUnderway(p)) {
            leaveFlight(orderId);
            // Kept for a later cancellation only when the ledger's answers cannot tell it all.
            if (!emitted.statuses().isEmpty() && Decisions.keptForCancellation(p)) {
                newlyDecided.put(orderId, p);
                if (newlyDecided.size() >= FlushTime.WRITE_AHEAD_AT) {
                    writeDecided(); // not all left for the barrier, which it would hold back
                }
            }
        } else {
            // Undecided, or decided with a cancellation under way: the rest of it is to come.
            newlyDecided.remove(orderId);
            inFlight.put(orderId, p);
            changed.add(orderId);
        }
    }

    private void leaveFlight(String orderId) {
        inFlight.remove(orderId);
        changed.remove(orderId);
        if (stored.remove(orderId)) {
            finishedStored.add(orderId);
        }
    }

    private void emitRefund(RefundIssued refund) {
        if (refund != null) {
            refunds.get(refund.reason()).inc();
            output.collect(new StreamRecord<>(Decision.of(refund)));
        }
    }

    /** Writes the orders decided since the last write, as kept for a cancellation. */
    private void writeDecided() throws Exception {
        String current = (String) getCurrentKey();
        for (Map.Entry<String, OrderProgress> decided : newlyDecided.entrySet()) {
            setCurrentKey(decided.getKey());
            decidedState.update(OrderProgress.keptForCancellation(decided.getValue()));
        }
        newlyDecided.clear();
        if (current != null) {
            setCurrentKey(current);
        }
    }

    /**
     * Writes what changed since the last checkpoint and is not written yet: orders still in flight,
     * and decided orders to keep (written earlier once {@link FlushTime#WRITE_AHEAD_AT} of them
     * wait).
     */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        long started = System.nanoTime();
        for (String orderId : finishedStored) {
            setCurrentKey(orderId);
            inFlightState.clear();
        }
        finishedStored.clear();
        for (String orderId : changed) {
            setCurrentKey(orderId);
            inFlightState.update(OrderProgress.copyOf(inFlight.get(orderId)));
            stored.add(orderId);
        }
        changed.clear();
        writeDecided();
        // Over budget: the oldest orders in flight wait in keyed state only (all of them are
        // written now).
        for (Iterator<String> it = inFlight.keySet().iterator();
                inFlight.size() > memoryOrders && it.hasNext(); ) {
            it.next();
            it.remove();
            spilled = true;
            spilledOrders.inc();
        }
        flushTime.ended(started);
    }
}
