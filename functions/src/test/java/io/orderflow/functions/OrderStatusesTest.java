package io.orderflow.functions;

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

import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.OrderStatus.LineState;
import io.orderflow.schemas.OrderStatus.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status changes of contract section 7 that the worked examples do not show, from the decider's
 * arithmetic alone. Expected values come from the contract's table and its rules.
 */
class OrderStatusesTest {

    private final List<OrderStatus> written = new ArrayList<>();

    private OrderProgress progress(OrderPlaced order) {
        OrderProgress p = new OrderProgress();
        p.order = order;
        return p;
    }

    private Decisions.Emitted step(OrderProgress p, LineOutcome... outcomes) {
        p.outcomes.addAll(List.of(outcomes));
        Decisions.Emitted emitted = Decisions.advance(p);
        written.addAll(emitted.statuses());
        return emitted;
    }

    private static void cancel(OrderProgress p, long at) {
        p.cancelEventId = "e-cancel";
        p.cancelAt = at;
    }

    private List<LineState> states(OrderStatus s) {
        return s.lines().stream().map(OrderStatus.Line::state).toList();
    }

    @Test
    void aCancellationAfterARejectionChangesTheStatusToCancelledAndRefundsNothingMore() {
        OrderProgress p = progress(order("o1", 100, line("A", 2, 150)));
        Decisions.Emitted decided = step(p, new LineOutcome("o1", 0, at(100), REJECTED, false));
        assertThat(decided.outOfStock().amount()).isEqualTo(300);
        cancel(p, at(500));
        Decisions.Emitted cancelled = step(p, new LineOutcome("o1", 0, at(500), NOT_HELD, false));

        assertThat(cancelled.cancelled())
                .as("nothing was confirmed, so no CANCELLED refund")
                .isNull();
        assertThat(cancelled.finished()).isTrue();
        assertThat(written)
                .extracting(
                        OrderStatus::seq,
                        OrderStatus::status,
                        OrderStatus::confirmedAmount,
                        OrderStatus::refundedAmount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, Status.REJECTED, 0L, 300L),
                        org.assertj.core.groups.Tuple.tuple(2, Status.CANCELLED, 0L, 300L));
        assertThat(states(written.get(1))).containsExactly(LineState.REJECTED);
        assertThat(written.get(1).occurredAt()).isEqualTo(at(500));
        assertThat(written.get(1).eventId()).isEqualTo("o1/status/2");
    }

    @Test
    void aLineFilledWhileAnotherStillWaitsWritesNoRecord() {
        OrderProgress p = progress(backorder("o1", 100, line("A", 1, 10), line("B", 1, 20)));
        step(
                p,
                new LineOutcome("o1", 0, at(100), QUEUED, true),
                new LineOutcome("o1", 1, at(100), QUEUED, true));
        assertThat(written).extracting(OrderStatus::status).containsExactly(Status.WAITING);

        step(p, new LineOutcome("o1", 0, at(2_000), RESERVED, true));
        assertThat(written).as("A filled, B still waits: still WAITING, no record").hasSize(1);

        step(p, new LineOutcome("o1", 1, at(3_000), RESERVED, true));
        assertThat(written)
                .extracting(OrderStatus::status)
                .containsExactly(Status.WAITING, Status.CONFIRMED);
        OrderStatus confirmed = written.get(1);
        assertThat(confirmed.occurredAt()).isEqualTo(at(3_000));
        assertThat(confirmed.lines())
                .extracting(OrderStatus.Line::reservedAt)
                .containsExactly(at(2_000), at(3_000));
    }

    @Test
    void theWaitingRecordShowsTheLinesAsTheyStoodAtTheOrdersInstantWhateverArrivedFirst() {
        OrderProgress p = progress(backorder("o1", 100, line("A", 1, 10), line("B", 1, 20)));
        // A's ledger is ahead: its queueing and its fill arrive before B's first outcome.
        step(
                p,
                new LineOutcome("o1", 0, at(100), QUEUED, true),
                new LineOutcome("o1", 0, at(2_000), RESERVED, true));
        assertThat(written).as("B's first outcome is not known yet").isEmpty();

        step(p, new LineOutcome("o1", 1, at(100), RESERVED, false));
        assertThat(written)
                .extracting(OrderStatus::status)
                .containsExactly(Status.WAITING, Status.CONFIRMED);
        assertThat(states(written.get(0))).containsExactly(LineState.WAITING, LineState.RESERVED);
        assertThat(written.get(0).occurredAt()).isEqualTo(at(100));
        assertThat(written.get(0).lines().get(1).reservedAt()).isEqualTo(at(100));
    }

    @Test
    void aCancellationWhileOneLineWaitsAndAnotherExpiredCancelsBothAndRefundsTheTotal() {
        OrderProgress p =
                progress(
                        backorder("o1", 100, line("A", 1, 10), line("B", 1, 20), line("C", 1, 40)));
        step(
                p,
                new LineOutcome("o1", 0, at(100), RESERVED, false),
                new LineOutcome("o1", 1, at(100), QUEUED, true),
                new LineOutcome("o1", 2, at(100), QUEUED, true),
                new LineOutcome("o1", 1, at(60_101), REJECTED, true));
        assertThat(written)
                .extracting(OrderStatus::status)
                .as("still waiting for C")
                .containsExactly(Status.WAITING);

        cancel(p, at(70_000));
        assertThat(step(p, new LineOutcome("o1", 2, at(70_000), WITHDRAWN, true)).cancelled())
                .as("the ledger's answers for A and B are still to come")
                .isNull();
        Decisions.Emitted cancelled =
                step(
                        p,
                        new LineOutcome("o1", 0, at(70_000), RELEASED, false),
                        new LineOutcome("o1", 1, at(70_000), NOT_HELD, false));

        assertThat(cancelled.cancelled().amount()).isEqualTo(70);
        OrderStatus last = written.get(written.size() - 1);
        assertThat(last.seq()).isEqualTo(2);
        assertThat(last.status()).isEqualTo(Status.CANCELLED);
        assertThat(last.refundedAmount()).isEqualTo(70);
        assertThat(last.confirmedAmount()).isZero();
        assertThat(states(last))
                .containsExactly(LineState.RELEASED, LineState.CANCELLED, LineState.CANCELLED);
        assertThat(last.lines().get(0).reservedAt()).isEqualTo(at(100));
    }

    @Test
    void aCancellationBeforeTheOrderGivesOneCancelledRecordAtItsEffectiveInstant() {
        OrderProgress p = progress(order("o1", 100, line("A", 4, 100)));
        p.cancelledOnArrival = true;
        cancel(p, at(101));
        step(p);
        assertThat(written)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.seq()).isEqualTo(1);
                            assertThat(s.status()).isEqualTo(Status.CANCELLED);
                            assertThat(s.occurredAt()).isEqualTo(at(101));
                            assertThat(s.refundedAmount()).isEqualTo(400);
                            assertThat(states(s)).containsExactly(LineState.CANCELLED);
                        });
    }
}
