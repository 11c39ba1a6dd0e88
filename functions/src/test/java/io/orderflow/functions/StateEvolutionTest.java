package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.WINDOW;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.backorder;
import static io.orderflow.functions.Fixtures.counted;
import static io.orderflow.functions.Fixtures.finalOutcomes;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.Fixtures.placed;
import static io.orderflow.functions.Fixtures.received;
import static io.orderflow.functions.Fixtures.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderPlaced;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State written by an earlier shape of the state classes must restore into the current one: the
 * snapshots under {@code src/test/resources/state/v1} were taken (RocksDB, keyed state with TTL and
 * timers) by the timer-based ledger, a one-input keyed operator with a timer per waiting instant;
 * the ledger now keeps what waits in memory, writes it before each checkpoint barrier and takes the
 * run's end on a second input. Every state class is a POJO, so Flink's POJO serializer adds or
 * drops fields on restore.
 *
 * <p>{@code v2} holds the ledger on watermarks (its gate and decider are those of v1); {@code v3}
 * the hand-written serializers of every state that stays in RocksDB (gate, decider in flight,
 * ledger book and buckets); {@code v4} the decider's state in format 2 (with the order's status
 * seq, for the order-status topic); {@code v5} the ledger's waiting entries in raw keyed state
 * instead of its "pending" map state (which a restore of v2 to v4 reads once and clears); {@code
 * v6} the ledger's entries in format 2, where an order's first line carries the order to the
 * decider; {@code v7} the decider's state in format 3, which keeps only decided orders that waited
 * and knows whether the ledger answers an order's cancellation; {@code v8} the ledger's rejected
 * lines instead of its reservations. To take new snapshots after a deliberate change, run with
 * {@code -Dorderflow.writeStateSnapshots=v9} and keep the old ones: each version stays a test.
 */
class StateEvolutionTest {

    private static final Path RESOURCES = Path.of("src", "test", "resources", "state");

    static final OrderPlaced O1 = order("o1", 100, line("A", 2, 10), line("B", 1, 5));
    static final OrderPlaced O2 = backorder("o2", 200, line("A", 5, 10));
    static final OrderPlaced O3 = order("o3", 20_000, line("C", 1, 7));
    static final OrderPlaced O4 = backorder("o4", 300, line("D", 1, 9));
    static final OrderPlaced O5 = order("o5", 100, line("A", 10, 1));

    /** v1: POJO state; v3: the hand-written gate state. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v3", "v4", "v5", "v6", "v7", "v8"})
    void gateStateRestoresAndStillDropsDuplicates(String version) throws Exception {
        try (var gate = gate()) {
            gate.initializeState(
                    OperatorSnapshotUtil.readStateHandle(snapshot(version, "order-gate")));
            gate.open();

            gate.processElement(new StreamRecord<>(placed(O1), O1.occurredAt()));
            gate.processElement(new StreamRecord<>(Fixtures.cancelled("o1", 500), at(500)));

            assertThat(Fixtures.sideOutput(gate, OrderGate.ORDER_UPDATES))
                    .as(
                            "the order was known: a resend is a duplicate, the cancellation"
                                    + " releases its lines")
                    .containsExactly(OrderUpdate.cancelled(O1, "e-o1-cancel", at(500)));
            assertThat(gate.extractOutputValues())
                    .containsExactly(
                            LedgerEntry.release(O1, 0, at(500)),
                            LedgerEntry.release(O1, 1, at(500)));
        }
    }

    @Test
    void ledgerStateOfTheFirstShapeRestoresWithItsStockQueueAndTimers() throws Exception {
        try (var ledger = ledger()) {
            ledger.initializeState(
                    OperatorSnapshotUtil.readStateHandle(snapshot("v1", "stock-ledger")));
            ledger.open();
            assertThat(ledger.numEventTimeTimers())
                    .as("the queued line's deadline survived")
                    .isPositive();

            ledger.processElement1(
                    new StreamRecord<>(received("r-late", "A", 10, 1_000), at(1_000)));
            ledger.processBothWatermarks(new Watermark(at(1_000)));

            assertThat(finalOutcomes(ledger.extractOutputValues()))
                    .as("o1 had 2 of 3 units; the 10 received fill the queued o2 line")
                    .containsExactly(
                            new LineOutcome("o2", 0, at(1_000), LineOutcome.Result.RESERVED, true));
        }
    }

    /**
     * v2: the ledger on watermarks wrote its book, its reservation and the bucket still waiting
     * (r-1 at 5 s) with Flink's POJO serializers; v3 the same with the hand-written book and bucket
     * serializers (v2's are migrated to them).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v2", "v3", "v4", "v5", "v6", "v7", "v8"})
    void ledgerStateOfTheWatermarkShapeRestoresWithItsStockQueueAndWaitingEntries(String version)
            throws Exception {
        try (var ledger = ledger()) {
            ledger.initializeState(
                    OperatorSnapshotUtil.readStateHandle(snapshot(version, "stock-ledger")));
            ledger.open();
            assertThat(ledger.numEventTimeTimers()).as("what waited is back in memory").isZero();

            ledger.processElement1(new StreamRecord<>(received("r-2", "A", 3, 10_000), at(10_000)));
            ledger.processBothWatermarks(new Watermark(at(10_000)));

            assertThat(finalOutcomes(ledger.extractOutputValues()))
                    .as(
                            "1 unit left + r-1's 1 + r-2's 3 fill the queued o2 line's 5 (without"
                                    + " r-1 they would not)")
                    .containsExactly(
                            new LineOutcome(
                                    "o2", 0, at(10_000), LineOutcome.Result.RESERVED, true));
        }
    }

    /** v6: a waiting entry carries its order, which its outcome takes on to the decider. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v6", "v7", "v8"})
    void ledgerStateKeepsTheOrderThatAWaitingEntryCarries(String version) throws Exception {
        try (var ledger = ledger()) {
            ledger.initializeState(
                    OperatorSnapshotUtil.readStateHandle(snapshot(version, "stock-ledger")));
            ledger.open();

            ledger.processBothWatermarks(new Watermark(at(20_000)));

            assertThat(ledger.extractOutputValues())
                    .filteredOn(o -> o.orderId().equals("o3"))
                    .singleElement()
                    .satisfies(
                            o -> {
                                assertThat(o.order()).isEqualTo(O3);
                                assertThat(o.outcomes())
                                        .containsExactly(
                                                new LineOutcome(
                                                        "o3",
                                                        0,
                                                        at(20_000),
                                                        LineOutcome.Result.REJECTED,
                                                        false));
                            });
        }
    }

    /**
     * The ledger keeps what waits in memory and writes it to keyed state before each checkpoint
     * barrier: a restore must rebuild memory from there, with the backorder deadline, at another
     * parallelism too, and every entry must apply exactly once.
     */
    @Test
    void ledgerCheckpointedMidRunResumesAtTwoSubtasksWithWhatWaitedAndItsDeadlines()
            throws Exception {
        OrderPlaced b1 = backorder("b1", 200, line("B", 5, 10));
        OperatorSubtaskState checkpoint;
        try (var ledger = ledger(128, 1, 0)) {
            ledger.open();
            ledger.processElement1(new StreamRecord<>(counted("A", 3, 0), at(0)));
            ledger.processElement1(new StreamRecord<>(reserve(O1, 0), at(100)));
            ledger.processElement1(new StreamRecord<>(reserve(O2, 0), at(200)));
            ledger.processElement1(new StreamRecord<>(reserve(b1, 0), at(200)));
            ledger.processElement1(new StreamRecord<>(received("r-1", "A", 1, 5_000), at(5_000)));
            ledger.processBothWatermarks(new Watermark(at(300)));
            assertThat(finalOutcomes(ledger.extractOutputValues()))
                    .containsExactly(
                            new LineOutcome("o1", 0, at(100), LineOutcome.Result.RESERVED, false));
            ledger.prepareSnapshotPreBarrier(1);
            checkpoint = ledger.snapshot(1, 1);
        }
        long deadline = at(200) + WINDOW.toMillis() + 1;
        List<LineOutcome> outcomes = new java.util.ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var ledger = ledger(128, 2, subtask)) {
                ledger.initializeState(
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                checkpoint, 128, 1, 2, subtask));
                ledger.open();
                assertThat(ledger.numEventTimeTimers())
                        .as("what waits is back in memory, with no timer")
                        .isZero();
                for (var e :
                        List.of(received("r-2", "A", 3, 10_000), received("r-b", "B", 5, 10_000))) {
                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(e.sku(), 128, 2)
                            == subtask) {
                        ledger.processElement1(new StreamRecord<>(e, e.time()));
                    }
                }
                ledger.processBothWatermarks(new Watermark(deadline));
                outcomes.addAll(finalOutcomes(ledger.extractOutputValues()));
            }
        }

        assertThat(outcomes)
                .as(
                        "1 + 1 units by 5 s do not fill o2's 5; 3 more at 10 s do; b1's 5 of B come"
                                + " at 10 s")
                .containsExactlyInAnyOrder(
                        new LineOutcome("o2", 0, at(10_000), LineOutcome.Result.RESERVED, true),
                        new LineOutcome("b1", 0, at(10_000), LineOutcome.Result.RESERVED, true));
    }

    /**
     * v1 kept every order in "progress", which the decider reads for orders it does not know yet;
     * v3 keeps orders in flight.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v3", "v4", "v5", "v6", "v7", "v8"})
    void deciderStateRestoresAndFinishesTheOrder(String version) throws Exception {
        try (var decider = decider()) {
            decider.initializeState(
                    OperatorSnapshotUtil.readStateHandle(snapshot(version, "order-decider")));
            decider.open();

            decider.processElement2(
                    new StreamRecord<>(
                            OrderOutcomes.of(
                                    new LineOutcome(
                                            "o1",
                                            1,
                                            at(100),
                                            LineOutcome.Result.REJECTED,
                                            false))));

            assertThat(decider.extractOutputValues().stream().filter(d -> d.status() == null))
                    .as("line 0 was reserved before the snapshot, line 1 is rejected now")
                    .extracting(
                            d ->
                                    d.confirmed() != null
                                            ? d.confirmed().amount()
                                            : -d.refund().amount())
                    .containsExactly(20L, -5L);
            assertThat(
                            decider.extractOutputValues().stream()
                                    .map(Decision::status)
                                    .filter(java.util.Objects::nonNull))
                    .as("its decision is its first status change, whatever layout the state was in")
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(s.seq()).isEqualTo(1);
                                assertThat(s.status())
                                        .isEqualTo(
                                                io.orderflow.schemas.OrderStatus.Status
                                                        .PARTIALLY_CONFIRMED);
                            });
        }
    }

    /**
     * v7: a decided order that waited is kept in format 3; its cancellation after the restore takes
     * effect once the ledger answered for its line.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v7", "v8"})
    void aDecidedOrderThatWaitedIsKeptAndCancelledOnceTheLedgerAnswered(String version)
            throws Exception {
        try (var decider = decider()) {
            decider.initializeState(
                    OperatorSnapshotUtil.readStateHandle(snapshot(version, "order-decider")));
            decider.open();

            decider.processElement1(
                    new StreamRecord<>(OrderUpdate.cancelled(O4, "e-o4-cancel", at(900))));
            assertThat(decider.extractOutputValues()).as("the ledger has not answered").isEmpty();
            decider.processElement2(
                    new StreamRecord<>(
                            OrderOutcomes.of(
                                    new LineOutcome(
                                            "o4",
                                            0,
                                            at(900),
                                            LineOutcome.Result.RELEASED,
                                            false))));

            assertThat(decider.extractOutputValues())
                    .extracting(d -> d.refund() != null ? d.refund().amount() : -d.status().seq())
                    .as(
                            "the refund of what was confirmed, and the status after WAITING and its"
                                    + " decision")
                    .containsExactlyInAnyOrder(9L, -3L);
        }
    }

    /** Takes the snapshots the tests above restore; run only on purpose (see the class comment). */
    @Test
    @EnabledIfSystemProperty(named = "orderflow.writeStateSnapshots", matches = "v\\d+")
    void writeSnapshots() throws Exception {
        String version = System.getProperty("orderflow.writeStateSnapshots");
        Files.createDirectories(RESOURCES.resolve(version));
        try (var gate = gate()) {
            gate.open();
            gate.processElement(new StreamRecord<>(placed(O1), O1.occurredAt()));
            OperatorSnapshotUtil.writeStateHandle(
                    gate.snapshot(1, 1), snapshot(version, "order-gate"));
        }
        try (var ledger = ledger()) {
            ledger.open();
            ledger.processElement1(new StreamRecord<>(counted("A", 3, 0), at(0)));
            ledger.processElement1(new StreamRecord<>(reserve(O1, 0), at(100)));
            ledger.processElement1(new StreamRecord<>(reserve(O2, 0), at(200)));
            ledger.processElement1(new StreamRecord<>(received("r-1", "A", 1, 5_000), at(5_000)));
            // From v6: an entry that carries its order waits across the snapshot.
            ledger.processElement1(new StreamRecord<>(reserve(O3, 0).carrying(O3), at(20_000)));
            // From v8: a rejected line is written (LedgerDecidedLinesTest).
            ledger.processElement1(new StreamRecord<>(reserve(O5, 0), at(100)));
            ledger.processBothWatermarks(new Watermark(at(300)));
            ledger.prepareSnapshotPreBarrier(1);
            OperatorSnapshotUtil.writeStateHandle(
                    ledger.snapshot(1, 1), snapshot(version, "stock-ledger"));
        }
        try (var decider = decider()) {
            decider.open();
            decider.processElement1(new StreamRecord<>(OrderUpdate.placed(O1)));
            decider.processElement2(
                    new StreamRecord<>(
                            OrderOutcomes.of(
                                    new LineOutcome(
                                            "o1",
                                            0,
                                            at(100),
                                            LineOutcome.Result.RESERVED,
                                            false))));
            // From v7: a decided order that waited is kept (format 3).
            decider.processElement2(
                    new StreamRecord<>(
                            new OrderOutcomes(
                                    "o4",
                                    List.of(
                                            new LineOutcome(
                                                    "o4",
                                                    0,
                                                    at(300),
                                                    LineOutcome.Result.QUEUED,
                                                    true),
                                            new LineOutcome(
                                                    "o4",
                                                    0,
                                                    at(400),
                                                    LineOutcome.Result.RESERVED,
                                                    true)),
                                    O4)));
            decider.prepareSnapshotPreBarrier(1);
            OperatorSnapshotUtil.writeStateHandle(
                    decider.snapshot(1, 1), snapshot(version, "order-decider"));
        }
    }

    private static String snapshot(String version, String operator) {
        return RESOURCES.resolve(version).resolve(operator + ".snapshot").toString();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InputRecord, LedgerEntry> gate()
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderGateOperator(new OrderGate(Fulfilment.PARTIAL, WINDOW, TTL)),
                        InputRecord::key,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** The v1 snapshots were taken with a maximum parallelism of 1. */
    private static KeyedTwoInputStreamOperatorTestHarness<String, LedgerEntry, Long, OrderOutcomes>
            ledger() throws Exception {
        return ledger(1, 1, 0);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, LedgerEntry, Long, OrderOutcomes>
            ledger(int maxParallelism, int parallelism, int subtask) throws Exception {
        var h = Fixtures.ledger(new StockLedger(TTL), maxParallelism, parallelism, subtask);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, OrderUpdate, OrderOutcomes, Decision>
            decider() throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new OrderDecider(TTL),
                        OrderUpdate::orderId,
                        OrderOutcomes::orderId,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }
}
