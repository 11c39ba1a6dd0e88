package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.backorder;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.LineOutcome.Result.QUEUED;
import static io.orderflow.functions.LineOutcome.Result.REJECTED;
import static io.orderflow.functions.LineOutcome.Result.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderDeciderTest extends DeciderTestBase {

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
        assertThat(keyedStateAfterACheckpoint())
                .as("it never waited: a cancellation learns its lines from the ledger")
                .isZero();
    }

    @Test
    void anOrderWhoseOnlyLinesOutcomeCarriesItIsDecidedFromThatOneRecord() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));

        assertThat(confirmations()).extracting(OrderConfirmed::amount).containsExactly(600L);
        assertThat(keyedStateAfterACheckpoint()).as("decided at once: nothing kept").isZero();
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
    void anOrderThatWaitedNeverTouchesKeyedStateUntilTheCheckpointKeepsIt() throws Exception {
        OrderPlaced o1 = backorder("o1", 100, line("A", 1, 100), line("B", 1, 100));
        placed(o1);
        outcome(new LineOutcome("o1", 0, at(100), RESERVED, false));
        outcome(new LineOutcome("o1", 1, at(100), QUEUED, true));
        assertThat(harness.numKeyedStateEntries()).as("in flight, in memory").isZero();
        outcome(new LineOutcome("o1", 1, at(400), RESERVED, true));
        assertThat(harness.numKeyedStateEntries()).as("decided, in memory").isZero();

        assertThat(keyedStateAfterACheckpoint())
                .as("the checkpoint keeps it for a cancellation, which must know it waited")
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
    void aDecidedOrderKeepsOnlyItsLinesFinalOutcomesAndStatusSeq() {
        OrderProgress p = new OrderProgress();
        p.order = backorder("o1", 100, line("A", 2, 300), line("B", 1, 50));
        p.outcomes.add(new LineOutcome("o1", 0, at(100), QUEUED, true));
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
