package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.WINDOW;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.backorder;
import static io.orderflow.functions.Fixtures.counted;
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
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * State written by an earlier shape of the state classes must restore into the current one: the
 * snapshots under {@code src/test/resources/state/v1} were taken (RocksDB, keyed state with
 * TTL and timers) by a ledger that was a one-input keyed operator; it now also takes the run's end
 * on a broadcast input. Every state class is a POJO, so Flink's POJO serializer adds or drops fields
 * on restore.
 *
 * <p>To take new snapshots after a deliberate, incompatible change, run with {@code
 * -Dorderflow.writeStateSnapshots=v2} and keep the old ones: each version stays a test.
 */
class StateEvolutionTest {

    private static final Path RESOURCES = Path.of("src", "test", "resources", "state");

    static final OrderPlaced O1 = order("o1", 100, line("A", 2, 10), line("B", 1, 5));
    static final OrderPlaced O2 = backorder("o2", 200, line("A", 5, 10));

    @Test
    void gateStateOfTheFirstShapeRestoresAndStillDropsDuplicates() throws Exception {
        try (var gate = gate()) {
            gate.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot("v1", "order-gate")));
            gate.open();

            gate.processElement(new StreamRecord<>(placed(O1), O1.occurredAt()));
            gate.processElement(new StreamRecord<>(Fixtures.cancelled("o1", 500), at(500)));

            assertThat(Fixtures.sideOutput(gate, OrderGate.ORDER_UPDATES))
                    .as("the order was known: a resend is a duplicate, the cancellation releases its lines")
                    .containsExactly(OrderUpdate.cancelled("o1", "e-o1-cancel", at(500)));
            assertThat(gate.extractOutputValues()).containsExactly(LedgerEntry.release(O1, 0, at(500)), LedgerEntry.release(O1, 1, at(500)));
        }
    }

    @Test
    void ledgerStateOfTheFirstShapeRestoresWithItsStockQueueAndTimers() throws Exception {
        try (var ledger = ledger()) {
            ledger.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot("v1", "stock-ledger")));
            ledger.open();
            assertThat(ledger.numEventTimeTimers()).as("the queued line's deadline survived").isPositive();

            ledger.processElement(new StreamRecord<>(received("r-late", "A", 10, 1_000), at(1_000)));
            ledger.watermark(at(1_000));

            assertThat(ledger.extractOutputValues())
                    .as("o1 had 2 of 3 units; the 10 received fill the queued o2 line")
                    .containsExactly(new LineOutcome("o2", 0, at(1_000), LineOutcome.Result.RESERVED, true));
        }
    }

    /**
     * Until November 2026 the job kept its timers on the heap (written into checkpoints as raw keyed
     * state); now they live in RocksDB. A ledger checkpointed the old way must resume with its
     * waiting entry and its backorder deadline.
     */
    @Test
    void ledgerCheckpointedWithTimersOnTheHeapResumesWithTimersInRocksDB() throws Exception {
        OperatorSubtaskState heapTimers;
        try (var ledger = ledger(EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP)) {
            ledger.open();
            ledger.processElement(new StreamRecord<>(counted("A", 3, 0), at(0)));
            ledger.processElement(new StreamRecord<>(reserve(O1, 0), at(100)));
            ledger.processElement(new StreamRecord<>(reserve(O2, 0), at(200)));
            ledger.processElement(new StreamRecord<>(received("r-1", "A", 1, 5_000), at(5_000)));
            ledger.watermark(at(300));
            assertThat(ledger.extractOutputValues()).containsExactly(new LineOutcome("o1", 0, at(100), LineOutcome.Result.RESERVED, false));
            heapTimers = ledger.snapshot(1, 1);
        }
        long deadline = at(200) + WINDOW.toMillis() + 1;
        try (var ledger = ledger(EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB)) {
            ledger.initializeState(heapTimers);
            ledger.open();
            assertThat(ledger.numEventTimeTimers()).as("r-1 waiting at 5 s, o2's line queued until its deadline").isEqualTo(2);

            ledger.processElement(new StreamRecord<>(received("r-2", "A", 3, 10_000), at(10_000)));
            ledger.watermark(deadline);

            assertThat(ledger.extractOutputValues())
                    .as("1 + 1 units by 5 s do not fill o2's 5; 3 more at 10 s do")
                    .containsExactly(new LineOutcome("o2", 0, at(10_000), LineOutcome.Result.RESERVED, true));
        }
    }

    @Test
    void deciderStateOfTheFirstShapeRestoresAndFinishesTheOrder() throws Exception {
        try (var decider = decider()) {
            decider.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot("v1", "order-decider")));
            decider.open();

            decider.processElement2(new StreamRecord<>(new LineOutcome("o1", 1, at(100), LineOutcome.Result.REJECTED, false)));

            assertThat(decider.extractOutputValues()).singleElement().satisfies(c -> assertThat(c.amount()).isEqualTo(20));
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
            OperatorSnapshotUtil.writeStateHandle(gate.snapshot(1, 1), snapshot(version, "order-gate"));
        }
        try (var ledger = ledger()) {
            ledger.open();
            ledger.processElement(new StreamRecord<>(counted("A", 3, 0), at(0)));
            ledger.processElement(new StreamRecord<>(reserve(O1, 0), at(100)));
            ledger.processElement(new StreamRecord<>(reserve(O2, 0), at(200)));
            ledger.watermark(at(300));
            OperatorSnapshotUtil.writeStateHandle(ledger.snapshot(1, 1), snapshot(version, "stock-ledger"));
        }
        try (var decider = decider()) {
            decider.open();
            decider.processElement1(new StreamRecord<>(OrderUpdate.placed(O1)));
            decider.processElement2(new StreamRecord<>(new LineOutcome("o1", 0, at(100), LineOutcome.Result.RESERVED, false)));
            OperatorSnapshotUtil.writeStateHandle(decider.snapshot(1, 1), snapshot(version, "order-decider"));
        }
    }

    private static String snapshot(String version, String operator) {
        return RESOURCES.resolve(version).resolve(operator + ".snapshot").toString();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InputRecord, LedgerEntry> gate() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OrderGate(Fulfilment.PARTIAL, WINDOW, TTL)), InputRecord::key, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static KeyedBroadcastOperatorTestHarness<String, LedgerEntry, Long, LineOutcome> ledger() throws Exception {
        return ledger(EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB);
    }

    private static KeyedBroadcastOperatorTestHarness<String, LedgerEntry, Long, LineOutcome> ledger(
            EmbeddedRocksDBStateBackend.PriorityQueueStateType timers) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new StockLedger(TTL), List.of(StockLedger.RUN_END)), LedgerEntry::sku, Types.STRING, 1, 1, 0);
        EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend();
        backend.setPriorityQueueStateType(timers);
        h.setStateBackend(backend);
        return h;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, OrderUpdate, LineOutcome, io.orderflow.schemas.OrderConfirmed> decider()
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new OrderDecider(TTL)), OrderUpdate::orderId, LineOutcome::orderId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }
}
