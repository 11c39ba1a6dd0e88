package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.LineOutcome.Result.WITHDRAWN;

import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RefundIssued;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What the decider tests share: a decider in a test harness, and the inputs it gets. */
abstract class DeciderTestBase {

    protected KeyedTwoInputStreamOperatorTestHarness<String, OrderUpdate, OrderOutcomes, Decision>
            harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = decider(new OrderDecider(TTL));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    protected static KeyedTwoInputStreamOperatorTestHarness<
                    String, OrderUpdate, OrderOutcomes, Decision>
            decider(OrderDecider decider) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                decider, OrderUpdate::orderId, OrderOutcomes::orderId, Types.STRING);
    }

    /** Takes a checkpoint and goes on in a new decider restored from it. */
    protected void restoreFromACheckpoint() throws Exception {
        harness.prepareSnapshotPreBarrier(1);
        var checkpoint = harness.snapshot(1, 1);
        harness.close();
        harness = decider(new OrderDecider(TTL));
        harness.initializeState(checkpoint);
        harness.open();
    }

    /** Orders placed whose first line's outcome has not come yet, which will carry them. */
    protected final java.util.Map<String, OrderPlaced> placedNotYetCarried =
            new java.util.HashMap<>();

    protected void update(OrderUpdate u) throws Exception {
        harness.processElement1(new StreamRecord<>(u));
    }

    /** The gate placed {@code o}: the ledger's first outcome of its first line will carry it. */
    protected void placed(OrderPlaced o) {
        placedNotYetCarried.put(o.orderId(), o);
    }

    protected void outcome(LineOutcome o) throws Exception {
        OrderPlaced carried = o.lineIndex() == 0 ? placedNotYetCarried.remove(o.orderId()) : null;
        harness.processElement2(
                new StreamRecord<>(new OrderOutcomes(o.orderId(), List.of(o), carried)));
    }

    /** The ledger's answer to a cancellation for one line: RELEASED, NOT_HELD or WITHDRAWN. */
    protected void answer(String orderId, int line, long at, LineOutcome.Result result)
            throws Exception {
        outcome(new LineOutcome(orderId, line, at, result, result == WITHDRAWN));
    }

    protected List<OrderStatus> statuses() {
        return harness.extractOutputValues().stream()
                .map(Decision::status)
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Keyed state entries once the decider wrote what it holds in memory, as before a checkpoint
     * barrier.
     */
    protected int keyedStateAfterACheckpoint() throws Exception {
        harness.prepareSnapshotPreBarrier(1);
        return harness.numKeyedStateEntries();
    }

    protected List<OrderConfirmed> confirmations() {
        return harness.extractOutputValues().stream()
                .map(Decision::confirmed)
                .filter(Objects::nonNull)
                .toList();
    }

    protected List<RefundIssued> refunds() {
        return harness.extractOutputValues().stream()
                .map(Decision::refund)
                .filter(Objects::nonNull)
                .toList();
    }
}
