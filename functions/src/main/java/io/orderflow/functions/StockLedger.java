package io.orderflow.functions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stock of one sku (the key), applied in event time. Entries wait in state until the watermark
 * passes their time, then apply in the contract's order, so the outcome depends only on the input
 * and never on which partition was read first. Entries that arrive behind the watermark apply at
 * once and are counted as late. Inventory events are deduplicated here by eventId.
 *
 * <p>The broadcast input carries, from every reader of the input, the latest event time it read
 * once its input ended ({@link RunEndMarker}): at the end of a bounded run a queued line expires only
 * if its deadline is at or before the latest of them (the contract's T_end).
 */
public class StockLedger extends KeyedBroadcastProcessFunction<String, LedgerEntry, Long, LineOutcome> {

    /** Where the run's event time ends, once the input has ended: the latest time any reader read. */
    public static final MapStateDescriptor<String, Long> RUN_END =
            new MapStateDescriptor<>("run-end", Types.STRING, Types.LONG);

    private static final String LATEST = "latest-event-time";

    private final Duration dedupTtl;

    private transient ValueState<SkuBook> book;
    private transient MapState<Long, List<LedgerEntry>> pending;
    private transient MapState<String, Long> reserved;
    private transient MapState<String, Boolean> seenStockEvents;
    private transient SkuBook.Reservations reservations;

    private transient Counter applied;
    private transient Counter duplicates;
    private transient Counter late;
    private transient Counter linesReserved;
    private transient Counter linesRejected;

    public StockLedger(Duration dedupTtl) {
        this.dedupTtl = dedupTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        book = getRuntimeContext().getState(new ValueStateDescriptor<>("book", SkuBook.class));
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(LedgerEntry.class))));
        MapStateDescriptor<String, Long> reservedDescriptor =
                new MapStateDescriptor<>("reserved", Types.STRING, Types.LONG);
        reservedDescriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        reserved = getRuntimeContext().getMapState(reservedDescriptor);
        MapStateDescriptor<String, Boolean> seenDescriptor =
                new MapStateDescriptor<>("seen-stock-events", Types.STRING, Types.BOOLEAN);
        seenDescriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        seenStockEvents = getRuntimeContext().getMapState(seenDescriptor);
        reservations = new MapStateReservations(reserved);

        var metrics = getRuntimeContext().getMetricGroup();
        applied = metrics.counter(Metrics.RECORDS_APPLIED);
        duplicates = metrics.counter(Metrics.DUPLICATES_DROPPED);
        late = metrics.counter(Metrics.LATE_EVENTS);
        linesReserved = metrics.counter(Metrics.LINES_RESERVED);
        linesRejected = metrics.counter(Metrics.LINES_REJECTED);
    }

    @Override
    public void processElement(LedgerEntry entry, ReadOnlyContext ctx, Collector<LineOutcome> out)
            throws Exception {
        if (entry.isStock()) {
            if (seenStockEvents.contains(entry.id())) {
                duplicates.inc();
                return;
            }
            seenStockEvents.put(entry.id(), Boolean.TRUE);
            applied.inc();
        }
        if (entry.time() <= ctx.timerService().currentWatermark()) {
            late.inc();
            SkuBook current = loadBook();
            if (current.apply(entry, reservations, outcome -> emit(outcome, out))) {
                ctx.timerService().registerEventTimeTimer(entry.deadline());
            }
            saveBook(current);
            return;
        }
        List<LedgerEntry> waiting = pending.get(entry.time());
        if (waiting == null) {
            waiting = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(entry.time());
        }
        waiting.add(entry);
        pending.put(entry.time(), waiting);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LineOutcome> out)
            throws Exception {
        SkuBook current = loadBook();
        if (mayExpireAt(timestamp, ctx)) {
            // Expiry comes before any other event of the same instant.
            current.expire(timestamp, reservations, outcome -> emit(outcome, out));
        }
        List<LedgerEntry> due = pending.get(timestamp);
        if (due != null) {
            due.sort(LedgerEntry.APPLY_ORDER);
            for (LedgerEntry entry : due) {
                if (current.apply(entry, reservations, outcome -> emit(outcome, out))) {
                    ctx.timerService().registerEventTimeTimer(entry.deadline());
                }
            }
            pending.remove(timestamp);
        }
        saveBook(current);
    }

    @Override
    public void processBroadcastElement(Long readUpTo, Context ctx, Collector<LineOutcome> out) throws Exception {
        BroadcastState<String, Long> runEnd = ctx.getBroadcastState(RUN_END);
        Long known = runEnd.get(LATEST);
        if (known == null || readUpTo > known) {
            runEnd.put(LATEST, readUpTo);
        }
    }

    /**
     * At the end of the input the watermark jumps to the end of time, which no deadline reaches in
     * fact: a deadline then counts as reached only if the run's events reached it, on any sku, so a
     * replay leaves waiting what a live run would still have waiting at the same event time.
     */
    private static boolean mayExpireAt(long deadline, OnTimerContext ctx) throws Exception {
        if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            return true;
        }
        Long runEnd = ctx.getBroadcastState(RUN_END).get(LATEST);
        return runEnd != null && deadline <= runEnd;
    }

    private void emit(LineOutcome outcome, Collector<LineOutcome> out) {
        if (outcome.result() == LineOutcome.Result.RESERVED) {
            linesReserved.inc();
        } else if (outcome.result() == LineOutcome.Result.REJECTED) {
            linesRejected.inc();
        }
        out.collect(outcome);
    }

    private SkuBook loadBook() throws Exception {
        SkuBook current = book.value();
        return current == null ? new SkuBook() : current;
    }

    private void saveBook(SkuBook current) throws Exception {
        if (current.isEmpty()) {
            book.clear();
        } else {
            book.update(current);
        }
    }

    private static final class MapStateReservations implements SkuBook.Reservations {
        private final MapState<String, Long> state;

        MapStateReservations(MapState<String, Long> state) {
            this.state = state;
        }

        @Override
        public void put(String orderId, long quantity) {
            try {
                state.put(orderId, quantity);
            } catch (Exception e) {
                throw new IllegalStateException("cannot write reservation state", e);
            }
        }

        @Override
        public Long remove(String orderId) {
            try {
                Long quantity = state.get(orderId);
                if (quantity != null) {
                    state.remove(orderId);
                }
                return quantity;
            } catch (Exception e) {
                throw new IllegalStateException("cannot read reservation state", e);
            }
        }
    }
}
