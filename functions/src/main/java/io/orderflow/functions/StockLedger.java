package io.orderflow.functions;

import io.orderflow.schemas.OrderPlaced;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The stock of each sku (the key of input 1), applied in event time. Entries wait in memory until
 * the watermark passes their time; each watermark step then applies, sku by sku, everything that
 * became due, in the contract's order, with backorder deadlines as due work like any other. So the
 * outcome depends only on the input, never on which partition was read first. Entries that arrive
 * behind the watermark apply at once and are counted as late. Inventory events are deduplicated
 * here by eventId. The outcomes one step makes for one order leave as one record ({@link
 * OrderOutcomes}); a cancelled order's lines get an answer each (released, nothing held, or
 * withdrawn from the queue), from which the decider learns what a decided order it did not keep had
 * reserved.
 *
 * <p>No timer per entry and no keyed state per step: the books of the skus touched stay in memory,
 * and what changed goes to keyed state before the checkpoint barrier ({@link
 * #prepareSnapshotPreBarrier}), or already at the end of a watermark step once {@link
 * FlushTime#WRITE_AHEAD_AT} writes wait, so that a busy ledger does not hold the barrier back. What
 * waits in memory goes whole into raw keyed state at each checkpoint ({@link WaitingSnapshot}), by
 * key group, from where a restore (at any parallelism) rebuilds memory. What waits beyond {@code
 * memoryEntries} (a replay reads inventory far ahead of orders) stays in keyed state with one timer
 * per bucket, so the heap does not grow with the backlog.
 *
 * <p>Input 2 (broadcast) carries, from every reader of the input, the latest event time it read
 * once its input ended ({@link RunEndMarker}): at the end of a bounded run a queued line expires
 * only if its deadline is at or before the latest of them (the contract's T_end).
 */
public class StockLedger extends AbstractStreamOperator<OrderOutcomes>
        implements TwoInputStreamOperator<LedgerEntry, Long, OrderOutcomes>,
                Triggerable<String, VoidNamespace> {

    /** How many entries may wait in memory per subtask before later ones wait in keyed state. */
    public static final int DEFAULT_MEMORY_ENTRIES = 200_000;

    private static final long serialVersionUID = 1L;

    private final Duration dedupTtl;
    private final int memoryEntries;

    private transient WaitingEntries waiting;
    private transient LedgerStore store;
    private transient InternalTimerService<VoidNamespace> spillTimers;

    /** The earliest backorder deadline of each sku with a queue, indexed by time. */
    private transient TreeMap<Long, Set<String>> deadlines;

    private transient Map<String, Long> deadlineOf;

    /**
     * The outcomes of the step under way, by order (in the order of each order's first), sent as
     * one record per order when the step ends ({@link #sendOutcomes}).
     */
    private transient Map<String, List<LineOutcome>> stepOutcomes;

    /** The orders the step's entries carried, by orderId: each leaves with its outcomes. */
    private transient Map<String, OrderPlaced> stepOrders;

    private transient long watermark;
    private transient CheckpointedLong runEndState;
    private transient long runEnd;

    /** The layout that wrote every reservation ({@link LedgerStore}). */
    private transient EarlierLayout reservationLayout;

    private transient Counter applied;
    private transient Counter duplicates;
    private transient Counter late;
    private transient Counter linesReserved;
    private transient Counter linesRejected;
    private transient Counter spilledBuckets;
    private transient FlushTime flushTime;

    public StockLedger(Duration dedupTtl) {
        this(dedupTtl, DEFAULT_MEMORY_ENTRIES);
    }

    public StockLedger(Duration dedupTtl, int memoryEntries) {
        this.dedupTtl = dedupTtl;
        this.memoryEntries = memoryEntries;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        runEndState = CheckpointedLong.union(context, "run-end-time");
        runEnd = runEndState.max(Long.MIN_VALUE);
        reservationLayout =
                EarlierLayout.track(
                        context,
                        "reservation-layout-since",
                        getProcessingTimeService().getCurrentProcessingTime());
        waiting = new WaitingEntries();
        for (KeyGroupStatePartitionStreamProvider group : context.getRawKeyedStateInputs()) {
            WaitingSnapshot.read(group, waiting);
        }
    }

    /** What waits in memory is written to raw keyed state (the timers are in managed state). */
    @Override
    protected boolean isUsingCustomRawKeyedState() {
        return true;
    }

    @Override
    public void open() throws Exception {
        super.open();
        deadlines = new TreeMap<>();
        deadlineOf = new HashMap<>();
        stepOutcomes = new LinkedHashMap<>();
        stepOrders = new HashMap<>();
        watermark = Long.MIN_VALUE;
        store = new LedgerStore(getRuntimeContext(), dedupTtl, this::setCurrentKey);
        keepReservationsWhileTheyMayHold();
        spillTimers =
                getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
        var metrics = getRuntimeContext().getMetricGroup();
        applied = metrics.counter(Metrics.RECORDS_APPLIED);
        duplicates = metrics.counter(Metrics.DUPLICATES_DROPPED);
        late = metrics.counter(Metrics.LATE_EVENTS);
        linesReserved = metrics.counter(Metrics.LINES_RESERVED);
        linesRejected = metrics.counter(Metrics.LINES_REJECTED);
        spilledBuckets = metrics.counter(Metrics.BUCKETS_SPILLED);
        metrics.gauge(Metrics.ENTRIES_IN_MEMORY, (Gauge<Integer>) () -> waiting.size());
        flushTime = FlushTime.register(metrics);
        rebuildMemory();
    }

    /**
     * After a restore: every queue's deadline, from this subtask's keyed state, what waited in
     * keyed state in the layout before raw keyed state (moved to memory once), and the stock events
     * it saw, for the filter of their eventIds.
     */
    private void rebuildMemory() throws Exception {
        for (String sku : keysOf(LedgerStore.PENDING)) {
            setCurrentKey(sku);
            for (Map.Entry<Long, List<LedgerEntry>> bucket : store.pending.entries()) {
                waiting.addAll(sku, bucket.getKey(), bucket.getValue());
            }
            store.pending.clear();
        }
        for (String sku : keysOf(LedgerStore.BOOK)) {
            indexDeadline(sku, store.book(sku));
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        for (String sku : keysOf(LedgerStore.SEEN_STOCK_EVENTS)) {
            setCurrentKey(sku);
            store.rememberSeenStockEvents(now);
        }
        while (waiting.size() > memoryEntries) {
            spillLatest();
        }
    }

    private List<String> keysOf(String state) {
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
            return new ArrayList<>(keys.toList());
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        runEndState.set(runEnd);
        reservationLayout.snapshot();
        WaitingSnapshot.write(
                waiting,
                context.getRawKeyedOperatorStateOutput(),
                getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks());
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        keepReservationsWhileTheyMayHold();
        long started = System.nanoTime();
        store.flush();
        flushTime.ended(started);
    }

    @Override
    public void processElement1(StreamRecord<LedgerEntry> record) throws Exception {
        LedgerEntry entry = record.getValue();
        if (entry.isStock()) {
            if (store.seenBefore(entry, getProcessingTimeService().getCurrentProcessingTime())) {
                duplicates.inc();
                return;
            }
            applied.inc();
        }
        if (entry.time() <= watermark) {
            late.inc();
            SkuBook book = store.book(entry.sku());
            apply(book, entry, store.decidedLines(entry.sku()));
            store.bookChanged(entry.sku());
            indexDeadline(entry.sku(), book);
            sendOutcomes();
            return;
        }
        if (waiting.size() >= memoryEntries) {
            if (entry.time() >= waiting.latestTime()) {
                setCurrentKey(entry.sku());
                spill(entry.sku(), entry.time(), List.of(entry));
                return;
            }
            spillLatest();
        }
        waiting.add(entry);
    }

    @Override
    public void processElement2(StreamRecord<Long> readUpTo) {
        runEnd = Math.max(runEnd, readUpTo.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        if (timeServiceManager != null) {
            timeServiceManager.advanceWatermark(
                    mark); // spilled buckets now due come back to memory
        }
        // At the end of the input the watermark jumps to the end of time, which no deadline reaches
        // in fact: then only deadlines the run's events reached expire.
        long expiryLimit = watermark == Long.MAX_VALUE ? runEnd : watermark;
        Set<String> due = waiting.skusDueBy(watermark);
        for (Set<String> skus : deadlines.headMap(expiryLimit, true).values()) {
            due.addAll(skus);
        }
        for (String sku : due) {
            applyDue(sku, expiryLimit);
        }
        sendOutcomes();
        if (store.writesPending() >= FlushTime.WRITE_AHEAD_AT) {
            store.flush(); // not all left for the barrier, which it would hold back
        }
        output.emitWatermark(mark);
    }

    /**
     * Applies one sku's due entries and expiries in time order; at each instant, expiry comes
     * first.
     */
    private void applyDue(String sku, long expiryLimit) throws Exception {
        SkuBook book = store.book(sku);
        SkuBook.DecidedLines lines = store.decidedLines(sku);
        while (true) {
            long nextEntries = waiting.nextTime(sku);
            if (nextEntries > watermark) {
                nextEntries = Long.MAX_VALUE;
            }
            long nextExpiry = book.nextDeadline();
            if (nextExpiry > expiryLimit) {
                nextExpiry = Long.MAX_VALUE;
            }
            long now = Math.min(nextEntries, nextExpiry);
            if (now == Long.MAX_VALUE) {
                break;
            }
            if (now <= expiryLimit) {
                book.expire(now, lines, this::emit);
            }
            if (now == nextEntries) {
                List<LedgerEntry> entries = waiting.take(sku, now);
                entries.sort(LedgerEntry.APPLY_ORDER);
                for (LedgerEntry entry : entries) {
                    apply(book, entry, lines);
                }
            }
        }
        store.bookChanged(sku);
        indexDeadline(sku, book);
    }

    /**
     * Applies one entry to its sku's book. A reservation has its outcome at once, so the order it
     * carries leaves in this step's record for that order.
     */
    private void apply(SkuBook book, LedgerEntry entry, SkuBook.DecidedLines lines) {
        if (entry.order() != null) {
            stepOrders.put(entry.id(), entry.order());
        }
        book.apply(entry, lines, this::emit);
    }

    /** Checked at each checkpoint: reservations are kept while that layout's may still hold. */
    private void keepReservationsWhileTheyMayHold() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        store.keepReservations(reservationLayout.mayHold(now, dedupTtl.toMillis()));
    }

    /** A spilled bucket's time came: its entries join memory and apply in this watermark step. */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        List<LedgerEntry> entries = store.spilled.get(timer.getTimestamp());
        if (entries != null) {
            store.spilled.remove(timer.getTimestamp());
            waiting.addAll(timer.getKey(), timer.getTimestamp(), entries);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    /** Moves the latest bucket out of memory into keyed state, with a timer to bring it back. */
    private void spillLatest() throws Exception {
        String sku = waiting.latestSku();
        long time = waiting.latestTime();
        List<LedgerEntry> entries = waiting.take(sku, time);
        setCurrentKey(sku);
        spill(sku, time, entries);
    }

    /** The current key must be {@code sku}. */
    private void spill(String sku, long time, List<LedgerEntry> entries) throws Exception {
        spilledBuckets.inc();
        List<LedgerEntry> bucket = store.spilled.get(time);
        List<LedgerEntry> merged =
                bucket == null ? new ArrayList<>(entries) : new ArrayList<>(bucket);
        if (bucket != null) {
            merged.addAll(entries);
        }
        store.spilled.put(time, merged);
        spillTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    /**
     * How many entries wait in memory now (what the {@value Metrics#ENTRIES_IN_MEMORY} gauge
     * shows).
     */
    int entriesInMemory() {
        return waiting.size();
    }

    private void indexDeadline(String sku, SkuBook book) {
        long next = book.nextDeadline();
        Long indexed = deadlineOf.get(sku);
        if (indexed != null && indexed == next) {
            return;
        }
        if (indexed != null) {
            Set<String> skus = deadlines.get(indexed);
            skus.remove(sku);
            if (skus.isEmpty()) {
                deadlines.remove(indexed);
            }
            deadlineOf.remove(sku);
        }
        if (next != Long.MAX_VALUE) {
            deadlines.computeIfAbsent(next, t -> new HashSet<>()).add(sku);
            deadlineOf.put(sku, next);
        }
    }

    private void emit(LineOutcome outcome) {
        if (outcome.result() == LineOutcome.Result.RESERVED) {
            linesReserved.inc();
        } else if (outcome.result() == LineOutcome.Result.REJECTED) {
            linesRejected.inc();
        }
        stepOutcomes.computeIfAbsent(outcome.orderId(), id -> new ArrayList<>(2)).add(outcome);
    }

    /** One record per order for what this step decided of its lines, with the order if carried. */
    private void sendOutcomes() {
        for (Map.Entry<String, List<LineOutcome>> order : stepOutcomes.entrySet()) {
            List<LineOutcome> outcomes = order.getValue();
            output.collect(
                    new StreamRecord<>(
                            new OrderOutcomes(
                                    order.getKey(), outcomes, stepOrders.get(order.getKey())),
                            outcomes.get(0).time()));
        }
        stepOutcomes.clear();
        stepOrders.clear();
    }
}
