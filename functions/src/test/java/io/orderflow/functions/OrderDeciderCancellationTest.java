package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.backorder;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.LineOutcome.Result.NOT_HELD;
import static io.orderflow.functions.LineOutcome.Result.QUEUED;
import static io.orderflow.functions.LineOutcome.Result.REJECTED;
import static io.orderflow.functions.LineOutcome.Result.RELEASED;
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
import org.junit.jupiter.api.Test;

/**
 * The decider and cancellations: before the order's outcomes, after its decision (kept or not),
 * before the order itself, and with the ledger's answers for every line in any order.
 */
class OrderDeciderCancellationTest extends DeciderTestBase {

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
                .as("the ledger has not answered the cancellation yet")
                .extracting(RefundIssued::reason)
                .containsExactly(RefundReason.OUT_OF_STOCK);
        answer("o1", 0, at(500), RELEASED);
        answer("o1", 1, at(500), NOT_HELD);

        assertThat(refunds())
                .extracting(RefundIssued::reason, RefundIssued::amount)
                .containsExactly(
                        tuple(RefundReason.OUT_OF_STOCK, 50L), tuple(RefundReason.CANCELLED, 600L));
        assertThat(keyedStateAfterACheckpoint()).as("nothing more can happen to it").isZero();
    }

    @Test
    void cancellationAfterTheDecisionRefundsTheConfirmedAmountAndFinishes() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300), line("B", 1, 50));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        outcome(new LineOutcome("o1", 1, at(100), REJECTED, false));
        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));
        answer("o1", 1, at(500), NOT_HELD);
        assertThat(refunds())
                .as("one line's answer is still to come")
                .extracting(RefundIssued::reason)
                .containsExactly(RefundReason.OUT_OF_STOCK);
        answer("o1", 0, at(500), RELEASED);

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
        answer("o1", 0, at(500), NOT_HELD);

        assertThat(confirmations()).isEmpty();
        assertThat(statuses())
                .extracting(OrderStatus::seq, OrderStatus::status)
                .containsExactly(
                        tuple(1, OrderStatus.Status.REJECTED),
                        tuple(2, OrderStatus.Status.CANCELLED));
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
        assertThat(refunds()).as("waits for the ledger's answer for the other line").isEmpty();
        answer("o1", 0, at(300), RELEASED);

        assertThat(confirmations()).isEmpty();
        assertThat(refunds())
                .extracting(RefundIssued::reason, RefundIssued::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RefundReason.CANCELLED, 1200L));
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void aCancellationOfADecidedOrderNotKeptLearnsItsReservedLinesFromTheLedgersAnswers()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300), line("B", 1, 50));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        outcome(new LineOutcome("o1", 1, at(100), REJECTED, false));
        restoreFromACheckpoint();

        // The answers may come before the gate's part; the decider knows nothing of o1 by now.
        answer("o1", 1, at(500), NOT_HELD);
        answer("o1", 0, at(500), RELEASED);
        assertThat(refunds()).as("the cancellation itself is still on its way").isEmpty();
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
                                List.of(line("A", 2, 300)),
                                600,
                                "e-o1-cancel"));
        assertThat(statuses())
                .singleElement()
                .satisfies(
                        status -> {
                            assertThat(status.seq()).as("after its decision").isEqualTo(2);
                            assertThat(status.status()).isEqualTo(OrderStatus.Status.CANCELLED);
                            assertThat(status.lines())
                                    .extracting(Line::sku, Line::state, Line::reservedAt)
                                    .containsExactly(
                                            tuple("A", LineState.RELEASED, at(100)),
                                            tuple("B", LineState.REJECTED, Line.NOT_RESERVED));
                        });
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void aCancellationUnderWayWhenTheOrderIsDecidedWaitsForTheAnswersAcrossARestore()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300), line("B", 1, 50));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));
        outcome(new LineOutcome("o1", 1, at(100), RESERVED, false));
        assertThat(confirmations()).as("decided first").hasSize(1);
        restoreFromACheckpoint();

        answer("o1", 0, at(500), RELEASED);
        answer("o1", 1, at(500), RELEASED);

        assertThat(refunds())
                .extracting(RefundIssued::reason, RefundIssued::amount)
                .containsExactly(tuple(RefundReason.CANCELLED, 650L));
        assertThat(keyedStateAfterACheckpoint()).isZero();
    }

    @Test
    void aCancellationRestoredFromALayoutWhoseLedgerSentNoAnswersTakesEffectWithoutThem() {
        OrderProgress p = new OrderProgress();
        p.order = order("o1", 100, line("A", 2, 300));
        p.outcomes.add(new LineOutcome("o1", 0, at(100), RESERVED, false));
        p.decided = true;
        p.statusSeq = 1;
        p.cancelEventId = "e-o1-cancel";
        p.cancelAt = at(500);
        p.releasesReported = false;

        Decisions.Emitted emitted = Decisions.advance(p);

        assertThat(emitted.cancelled().amount()).isEqualTo(600);
        assertThat(emitted.finished()).isTrue();
    }

    @Test
    void onceManyOrdersAreDecidedTheyAreWrittenBeforeTheBarrierAndStayCancellable()
            throws Exception {
        OrderPlaced o7 = null;
        for (int i = 0; i < FlushTime.WRITE_AHEAD_AT; i++) {
            OrderPlaced o = backorder("o" + i, 100, line("A", 1, 40));
            placed(o);
            outcome(new LineOutcome(o.orderId(), 0, at(100), QUEUED, true));
            outcome(new LineOutcome(o.orderId(), 0, at(200), RESERVED, true));
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
        answer("o7", 0, at(500), RELEASED);

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
        outcome(new LineOutcome("o1", 2, at(100), QUEUED, true));
        outcome(new LineOutcome("o1", 2, at(400), RESERVED, true));
        restoreFromACheckpoint();

        update(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));
        answer("o1", 0, at(500), RELEASED);
        answer("o1", 1, at(500), NOT_HELD);
        answer("o1", 2, at(500), RELEASED);

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
}
