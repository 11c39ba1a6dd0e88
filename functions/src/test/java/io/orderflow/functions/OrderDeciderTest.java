package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.backorder;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.LineOutcome.Result.REJECTED;
import static io.orderflow.functions.LineOutcome.Result.RESERVED;
import static io.orderflow.functions.LineOutcome.Result.WITHDRAWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.OrderStatus.Line;
import io.orderflow.schemas.OrderStatus.LineState;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderDeciderTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, OrderUpdate, OrderOutcomes, Decision>
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

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, OrderUpdate, OrderOutcomes, Decision>
            decider(OrderDecider decider) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                decider, OrderUpdate::orderId, OrderOutcomes::orderId, Types.STRING);
    }

    /** Takes a checkpoint and goes on in a new decider restored from it. */
    private void restoreFromACheckpoint() throws Exception {
        harness.prepareSnapshotPreBarrier(1);
        var checkpoint = harness.snapshot(1, 1);
        harness.close();
        harness = decider(new OrderDecider(TTL));
        harness.initializeState(checkpoint);
        harness.open();
    }

    /** Orders placed whose first line's outcome has not come yet, which will carry them. */
    private final java.util.Map<String, OrderPlaced> placedNotYetCarried =
            new java.util.HashMap<>();

    private void update(OrderUpdate u) throws Exception {
        harness.processElement1(new StreamRecord<>(u));
    }

    /** The gate placed {@code o}: the ledger's first outcome of its first line will carry it. */
    private void placed(OrderPlaced o) {
        placedNotYetCarried.put(o.orderId(), o);
    }

    private void outcome(LineOutcome o) throws Exception {
        OrderPlaced carried = o.lineIndex() == 0 ? placedNotYetCarried.remove(o.orderId()) : null;
        harness.processElement2(
                new StreamRecord<>(new OrderOutcomes(o.orderId(), List.of(o), carried)));
    }

    /**
     * Keyed state entries once the decider wrote what it holds in memory, as before a checkpoint
     * barrier.
     */
    private int keyedStateAfterACheckpoint() throws Exception {
        harness.prepareSnapshotPreBarrier(1);
        return harness.numKeyedStateEntries();
    }

    private List<OrderConfirmed> confirmations() {
        return harness.extractOutputValues().stream()
                .map(Decision::confirmed)
                .filter(Objects::nonNull)
                .toList();
    }

    private List<RefundIssued> refunds() {
        return harness.extractOutputValues().stream()
                .map(Decision::refund)
                .filter(Objects::nonNull)
                .toList();
    }

    @Test
    void decidesOnceEveryLineHasAnOutcomeWhateverArrivesFirst() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 1000), line("B", 3, 500));
        outcome(new LineOutcome("o1", 1, at(100), REJECTED, false));
        placed(o1);
        assertThat(confirmations()).isEmpty();

        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));

        assertThat(confirmations())
                .containsExactly(
                        new OrderConfirmed(
                                "o1/confirmed",
                                at(100),
                                "o1",
                                "c-1",
                                "EUR",
                                List.of(line("A", 2, 1000)),
                                2000,
                                false,
                                "e-o1-placed"));
        assertThat(refunds())
                .containsExactly(
                        new RefundIssued(
                                "o1/refund/out-of-stock",
                                at(100),
                                "o1",
                                "c-1",
                                "EUR",
                                RefundReason.OUT_OF_STOCK,
                                List.of(line("B", 3, 500)),
                                1500,
                                "e-o1-placed"));
        assertThat(keyedStateAfterACheckpoint()).as("kept for a later cancellation").isEqualTo(1);
    }

    /**
     * The gate sends a cancellation straight to the decider, while the order travels through the
     * ledger: the cancellation may come first, and must then wait for the order's outcomes.
     */
    @Test
    void aCancellationThatComesBeforeTheOrdersOutcomesRefundsWhatWasConfirmedOnceTheyCome()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300), line("B", 1, 50));
        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));
        assertThat(harness.extractOutputValues()).as("nothing to decide yet").isEmpty();

        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        outcome(new LineOutcome("o1", 1, at(100), REJECTED, false));

        assertThat(confirmations()).extracting(OrderConfirmed::amount).containsExactly(600L);
        assertThat(refunds())
                .extracting(RefundIssued::reason, RefundIssued::amount)
                .containsExactly(
                        tuple(RefundReason.OUT_OF_STOCK, 50L), tuple(RefundReason.CANCELLED, 600L));
        assertThat(keyedStateAfterACheckpoint()).as("nothing more can happen to it").isZero();
    }

    @Test
    void anOrderWhoseOnlyLinesOutcomeCarriesItIsDecidedFromThatOneRecord() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));

        assertThat(confirmations()).extracting(OrderConfirmed::amount).containsExactly(600L);
        assertThat(keyedStateAfterACheckpoint()).as("kept for a later cancellation").isEqualTo(1);
    }

    @Test
    void cancellationAfterTheDecisionRefundsTheConfirmedAmountAndFinishes() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300), line("B", 1, 50));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        outcome(new LineOutcome("o1", 1, at(100), REJECTED, false));
        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));

        assertThat(refunds())
                .extracting(
                        RefundIssued::reason,
                        RefundIssued::amount,
                        RefundIssued::occurredAt,
                        RefundIssued::causationId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                RefundReason.OUT_OF_STOCK, 50L, at(100), "e-o1-placed"),
                        org.assertj.core.groups.Tuple.tuple(
                                RefundReason.CANCELLED, 600L, at(500), "e-o1-cancel"));
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void cancellationOfAnOrderWithNothingConfirmedRefundsNothing() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), REJECTED, false));
        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));

        assertThat(confirmations()).isEmpty();
        assertThat(refunds())
                .extracting(RefundIssued::reason)
                .containsExactly(RefundReason.OUT_OF_STOCK);
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void cancelledBeforeArrivalRefundsTheWholeTotal() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 1, 400));
        update(OrderUpdate.placedAlreadyCancelled(o1, "e-o1-cancel", at(101)));

        assertThat(confirmations()).isEmpty();
        assertThat(refunds())
                .containsExactly(
                        new RefundIssued(
                                "o1/refund/cancelled",
                                at(101),
                                "o1",
                                "c-1",
                                "EUR",
                                RefundReason.CANCELLED,
                                List.of(line("A", 1, 400)),
                                400,
                                "e-o1-cancel"));
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void aWithdrawnLineMeansCancelledBeforeTheDecision() throws Exception {
        OrderPlaced o1 = backorder("o1", 100, line("A", 2, 100), line("B", 1, 1000));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        outcome(new LineOutcome("o1", 1, at(300), WITHDRAWN, true));
        assertThat(refunds()).as("waits for the cancellation itself").isEmpty();
        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(300)));

        assertThat(confirmations()).isEmpty();
        assertThat(refunds())
                .extracting(RefundIssued::reason, RefundIssued::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RefundReason.CANCELLED, 1200L));
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void aLineThatWaitedMakesTheConfirmationBackorderedAtItsTime() throws Exception {
        OrderPlaced o1 = backorder("o1", 100, line("A", 3, 100));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(5000), RESERVED, true));

        assertThat(confirmations())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.backordered()).isTrue();
                            assertThat(c.occurredAt()).isEqualTo(at(5000));
                        });
    }

    @Test
    void aLineThatWaitedAndExpiredDoesNotMakeTheConfirmationOfTheOthersBackordered()
            throws Exception {
        OrderPlaced o1 = backorder("o1", 100, line("A", 1, 100), line("B", 1, 200));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        outcome(new LineOutcome("o1", 1, at(1101), REJECTED, true));

        assertThat(confirmations())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.backordered())
                                    .as("only the refunded line waited")
                                    .isFalse();
                            assertThat(c.amount()).isEqualTo(100);
                            assertThat(c.occurredAt()).isEqualTo(at(1101));
                        });
    }

    @Test
    void anOrderDecidedWithinOneCheckpointNeverTouchesKeyedStateUntilTheCheckpointKeepsIt()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 1, 100), line("B", 1, 100));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        assertThat(harness.numKeyedStateEntries()).as("in flight, in memory").isZero();
        outcome(new LineOutcome("o1", 1, at(100), REJECTED, false));
        assertThat(harness.numKeyedStateEntries()).as("decided, in memory").isZero();

        assertThat(keyedStateAfterACheckpoint())
                .as("the checkpoint keeps it for a cancellation")
                .isEqualTo(1);
    }

    @Test
    void anOrderInFlightAtACheckpointResumesFromKeyedStateAfterARestore() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 1, 100), line("B", 2, 50));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        restoreFromACheckpoint();

        outcome(new LineOutcome("o1", 1, at(100), RESERVED, false));

        assertThat(confirmations())
                .singleElement()
                .satisfies(c -> assertThat(c.amount()).isEqualTo(200));
    }

    @Test
    void aCancellationAfterADecisionKeptOnlyInKeyedStateRefundsTheConfirmedLines()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        harness.prepareSnapshotPreBarrier(1);

        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));

        assertThat(refunds())
                .extracting(RefundIssued::reason, RefundIssued::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RefundReason.CANCELLED, 600L));
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void onceManyOrdersAreDecidedTheyAreWrittenBeforeTheBarrierAndStayCancellable()
            throws Exception {
        OrderPlaced o7 = null;
        for (int i = 0; i < FlushTime.WRITE_AHEAD_AT; i++) {
            OrderPlaced o = order("o" + i, 100, line("A", 1, 40));
            placed(o);
            outcome(new LineOutcome(o.orderId(), 0, at(100), RESERVED, false));
            o7 = i == 7 ? o : o7;
        }
        assertThat(confirmations()).hasSize(FlushTime.WRITE_AHEAD_AT);
        // A snapshot without the writes before the barrier: only what was written early is in it.
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = decider(new OrderDecider(TTL));
        harness.initializeState(snapshot);
        harness.open();

        update(OrderUpdate.cancelled(o7, "e-o7-cancel", at(500)));

        assertThat(refunds())
                .extracting(RefundIssued::orderId, RefundIssued::reason)
                .containsExactly(tuple("o7", RefundReason.CANCELLED));
    }

    @Test
    void aDecidedOrderRestoredFromACheckpointIsCancelledWithTheOrderTheCancellationBrings()
            throws Exception {
        OrderPlaced o1 =
                backorder("o1", 100, line("A", 2, 300), line("B", 1, 50), line("C", 1, 70));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        outcome(new LineOutcome("o1", 1, at(100), REJECTED, false));
        outcome(new LineOutcome("o1", 2, at(100), LineOutcome.Result.QUEUED, true));
        outcome(new LineOutcome("o1", 2, at(400), RESERVED, true));
        restoreFromACheckpoint();

        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));

        assertThat(refunds())
                .containsExactly(
                        new RefundIssued(
                                "o1/refund/cancelled",
                                at(500),
                                "o1",
                                "c-1",
                                "EUR",
                                RefundReason.CANCELLED,
                                List.of(line("A", 2, 300), line("C", 1, 70)),
                                670,
                                "e-o1-cancel"));
        assertThat(
                        harness.extractOutputValues().stream()
                                .map(Decision::status)
                                .filter(Objects::nonNull))
                .as("the only status after the restore")
                .singleElement()
                .satisfies(
                        status -> {
                            assertThat(status.seq())
                                    .as("after WAITING and PARTIALLY_CONFIRMED")
                                    .isEqualTo(3);
                            assertThat(status.status()).isEqualTo(OrderStatus.Status.CANCELLED);
                            assertThat(status.lines())
                                    .extracting(Line::sku, Line::state, Line::reservedAt)
                                    .containsExactly(
                                            tuple("A", LineState.RELEASED, at(100)),
                                            tuple("B", LineState.REJECTED, Line.NOT_RESERVED),
                                            tuple("C", LineState.RELEASED, at(400)));
                        });
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void aDecidedOrderKeepsOnlyItsLinesFinalOutcomesAndStatusSeq() {
        OrderProgress p = new OrderProgress();
        p.order = backorder("o1", 100, line("A", 2, 300), line("B", 1, 50));
        p.outcomes.add(new LineOutcome("o1", 0, at(100), LineOutcome.Result.QUEUED, true));
        p.outcomes.add(new LineOutcome("o1", 1, at(100), REJECTED, false));
        p.outcomes.add(new LineOutcome("o1", 0, at(400), RESERVED, true));
        p.decided = true;
        p.statusSeq = 2;

        OrderProgress kept = OrderProgress.keptForCancellation(p);

        assertThat(kept.order).as("the cancellation brings the order again").isNull();
        assertThat(kept.outcomes)
                .containsExactly(
                        new LineOutcome("o1", 1, at(100), REJECTED, false),
                        new LineOutcome("o1", 0, at(400), RESERVED, true));
        assertThat(kept.decided).isTrue();
        assertThat(kept.statusSeq).isEqualTo(2);
        assertThat(kept.cancelEventId).isNull();
    }

    @Test
    void overTheMemoryBudgetOrdersInFlightWaitInKeyedStateAndAreStillDecided() throws Exception {
        harness.close();
        harness = decider(new OrderDecider(TTL, 1));
        harness.open();
        placed(order("o1", 100, line("A", 1, 100)));
        placed(order("o2", 100, line("A", 1, 100)));
        placed(order("o3", 100, line("A", 1, 100)));
        harness.prepareSnapshotPreBarrier(1);

        for (String id : List.of("o1", "o2", "o3")) {
            outcome(new LineOutcome(id, 0, at(100), RESERVED, false));
        }

        assertThat(confirmations())
                .extracting(OrderConfirmed::orderId)
                .containsExactly("o1", "o2", "o3");
    }
}
