package io.orderflow.bench.jmh;

import io.orderflow.functions.Decisions;
import io.orderflow.functions.HeldLines;
import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderProgress;
import io.orderflow.functions.SkuBook;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One ledger step without Flink: a sku's book applying a reservation (reserved or rejected) and a
 * restock, and the decider's arithmetic for a three-line order. What the job's keyed functions
 * spend besides state access and serialization.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LedgerBenchmark {

    private HeldLines reservations = new HeldLines();
    private SkuBook book;
    private LedgerEntry reserve;
    private LedgerEntry restock;
    private OrderPlaced order;
    private List<LineOutcome> outcomes;

    @Setup
    public void setUp() {
        book = new SkuBook();
        order =
                new OrderPlaced(
                        "e-1",
                        1_795_651_200_000L,
                        "o-1",
                        "c-1",
                        "EUR",
                        null,
                        List.of(
                                new OrderLine("sku-1", 2, 1999),
                                new OrderLine("sku-2", 1, 4999),
                                new OrderLine("sku-3", 3, 250)));
        reserve = LedgerEntry.reserve(order, 0, false, 0);
        restock =
                new LedgerEntry(
                        LedgerEntry.Kind.STOCK_RECEIVED,
                        "sku-1",
                        order.occurredAt(),
                        "e-stock",
                        0,
                        1,
                        false,
                        0);
        outcomes = new ArrayList<>();
        outcomes.add(
                new LineOutcome("o-1", 0, order.occurredAt(), LineOutcome.Result.RESERVED, false));
        outcomes.add(
                new LineOutcome("o-1", 1, order.occurredAt(), LineOutcome.Result.REJECTED, false));
        outcomes.add(
                new LineOutcome("o-1", 2, order.occurredAt(), LineOutcome.Result.RESERVED, false));
    }

    /**
     * A restock and a reservation of two units: reserved on every second step, rejected otherwise.
     */
    @Benchmark
    public void ledgerStep(Blackhole bh) {
        book.apply(restock, reservations, bh::consume);
        book.apply(reserve, reservations, bh::consume);
        reservations = new HeldLines();
    }

    @Benchmark
    public Decisions.Emitted decideOrder() {
        OrderProgress p = new OrderProgress();
        p.order = order;
        p.outcomes.addAll(outcomes);
        return Decisions.advance(p);
    }

    @Benchmark
    public boolean sortPendingEntries() {
        List<LedgerEntry> due = new ArrayList<>(4);
        due.add(reserve);
        due.add(restock);
        due.add(LedgerEntry.release(order, 0, order.occurredAt()));
        due.sort(LedgerEntry.APPLY_ORDER);
        return due.get(0).isStock();
    }
}
