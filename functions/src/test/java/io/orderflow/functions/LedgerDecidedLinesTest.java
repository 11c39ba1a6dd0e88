package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.WINDOW;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.backorder;
import static io.orderflow.functions.Fixtures.counted;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.Fixtures.received;
import static io.orderflow.functions.Fixtures.reserve;
import static io.orderflow.functions.LineOutcome.Result.NOT_HELD;
import static io.orderflow.functions.LineOutcome.Result.REJECTED;
import static io.orderflow.functions.LineOutcome.Result.RELEASED;
import static io.orderflow.functions.LineOutcome.Result.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.OrderPlaced;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a release learns of its line (contract section 5: a release returns a reserved line's
 * quantity to {@code available}): the ledger writes the lines it rejects, by line, and a line it
 * applied and did not reject was reserved. On RocksDB, across checkpoints, and after a restore of
 * the layout that wrote every reservation by orderId instead.
 */
class LedgerDecidedLinesTest {

    private static final Path STATE = Path.of("src", "test", "resources", "state");

    private KeyedTwoInputStreamOperatorTestHarness<String, LedgerEntry, Long, OrderOutcomes>
            harness;

    /** What ledgers before the last restore sent. */
    private final List<OrderOutcomes> sentBefore = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** A new ledger on RocksDB, restored from {@code snapshot} unless null. */
    private void start(OperatorSubtaskState snapshot, int maxParallelism) throws Exception {
        if (harness != null) {
            sentBefore.addAll(harness.extractOutputValues());
            harness.close();
        }
        harness = Fixtures.ledger(new StockLedger(TTL), maxParallelism, 1, 0);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.setStateTtlProcessingTime(0);
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
    }

    /** Checkpoints and goes on in a new ledger restored from the checkpoint. */
    private void checkpointAndRestore() throws Exception {
        harness.prepareSnapshotPreBarrier(1);
        start(harness.snapshot(1, 1), 128);
    }

    private void send(LedgerEntry e) throws Exception {
        harness.processElement1(new StreamRecord<>(e, e.time()));
    }

    private void advanceTo(long watermark) throws Exception {
        harness.processBothWatermarks(new Watermark(watermark));
    }

    /**
     * Every line outcome sent so far, by this ledger and those before its restores, answers to
     * releases included, in the order sent.
     */
    private List<LineOutcome> sent() {
        return Stream.concat(sentBefore.stream(), harness.extractOutputValues().stream())
                .flatMap(o -> o.outcomes().stream())
                .toList();
    }

    @Test
    void aReservedLineGivesBackItsQuantityWhenReleasedAfterACheckpoint() throws Exception {
        start(null, 128);
        send(counted("A", 5, 0));
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10), line("B", 1, 10));
        send(reserve(o1, 0));
        send(reserve(o1, 1));
        advanceTo(at(100));
        checkpointAndRestore();
        send(LedgerEntry.release(o1, 0, at(200)));
        send(LedgerEntry.release(o1, 1, at(200)));
        OrderPlaced o2 = order("o2", 300, line("A", 5, 10));
        send(reserve(o2, 0));
        advanceTo(at(300));

        assertThat(sent())
                .as("o1's 2 units of A come back, so o2's 5 fit; its line of B held nothing")
                .containsExactly(
                        new LineOutcome("o1", 0, at(100), RESERVED, false),
                        new LineOutcome("o1", 1, at(100), REJECTED, false),
                        new LineOutcome("o1", 0, at(200), RELEASED, false),
                        new LineOutcome("o1", 1, at(200), NOT_HELD, false),
                        new LineOutcome("o2", 0, at(300), RESERVED, false));
    }

    @Test
    void aRejectedLineHoldsNothingWhenReleasedFromMemoryOrAfterACheckpoint() throws Exception {
        start(null, 128);
        send(counted("A", 1, 0));
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10));
        OrderPlaced o2 = order("o2", 100, line("A", 3, 10));
        send(reserve(o1, 0));
        send(reserve(o2, 0));
        advanceTo(at(100));
        send(LedgerEntry.release(o1, 0, at(200))); // its rejection is still in memory
        advanceTo(at(200));
        checkpointAndRestore();
        send(LedgerEntry.release(o2, 0, at(300))); // its rejection is in keyed state now
        OrderPlaced o3 = order("o3", 400, line("A", 2, 10));
        send(reserve(o3, 0));
        advanceTo(at(400));

        assertThat(sent())
                .as("the 1 unit stays 1: o3's 2 do not fit")
                .containsExactly(
                        new LineOutcome("o1", 0, at(100), REJECTED, false),
                        new LineOutcome("o2", 0, at(100), REJECTED, false),
                        new LineOutcome("o1", 0, at(200), NOT_HELD, false),
                        new LineOutcome("o2", 0, at(300), NOT_HELD, false),
                        new LineOutcome("o3", 0, at(400), REJECTED, false));
    }

    @Test
    void aQueuedLineThatExpiredHoldsNothingWhenReleased() throws Exception {
        start(null, 128);
        OrderPlaced b1 = backorder("b1", 100, line("A", 2, 10));
        send(reserve(b1, 0));
        long expiry = at(100) + WINDOW.toMillis() + 1;
        advanceTo(expiry);
        checkpointAndRestore();
        send(LedgerEntry.release(b1, 0, expiry + 10));
        OrderPlaced o2 = order("o2", WINDOW.toMillis() + 200, line("A", 1, 10));
        send(reserve(o2, 0));
        advanceTo(at(WINDOW.toMillis() + 200));

        assertThat(sent())
                .filteredOn(o -> o.result() != LineOutcome.Result.QUEUED)
                .as("nothing was ever in stock, and the release adds none")
                .containsExactly(
                        new LineOutcome("b1", 0, expiry, REJECTED, true),
                        new LineOutcome("b1", 0, expiry + 10, NOT_HELD, false),
                        new LineOutcome("o2", 0, at(WINDOW.toMillis() + 200), REJECTED, false));
    }

    /**
     * v7, the layout that wrote reservations by orderId: o1's line 0 holds 2 of A's 3, 1 is left,
     * o2 waits in A's queue for 5, and 1 more comes at 5 s. o1's reservation is read from that
     * layout's state, and a line that layout holds nothing for (it may have rejected it) holds
     * nothing; v8, this layout: no reservation was written, and o5's line was rejected.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v7", "v8"})
    void aSnapshotOfEitherLayoutAnswersReleasesAsItsLinesWereDecided(String version)
            throws Exception {
        start(
                OperatorSnapshotUtil.readStateHandle(
                        STATE.resolve(version).resolve("stock-ledger.snapshot").toString()),
                1);
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10), line("B", 1, 5));
        OrderPlaced unknown =
                version.equals("v7")
                        ? order("o9", 50, line("A", 10, 1)) // never seen by this ledger
                        : order("o5", 100, line("A", 10, 1)); // rejected before the snapshot
        send(LedgerEntry.release(o1, 0, at(400)));
        send(LedgerEntry.release(unknown, 0, at(400)));
        send(received("r-6", "A", 1, 6_000));
        advanceTo(at(6_000));

        assertThat(sent())
                .filteredOn(o -> !o.orderId().equals("o3"))
                .as("1 left + o1's 2 + 1 at 5 s + 1 at 6 s fill o2's 5 at 6 s, not before")
                .containsExactly(
                        new LineOutcome("o1", 0, at(400), RELEASED, false),
                        new LineOutcome(unknown.orderId(), 0, at(400), NOT_HELD, false),
                        new LineOutcome("o2", 0, at(6_000), RESERVED, true));
    }
}
