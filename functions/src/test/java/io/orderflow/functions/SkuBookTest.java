package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.backorder;
import static io.orderflow.functions.Fixtures.counted;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.Fixtures.received;
import static io.orderflow.functions.Fixtures.reserve;
import static io.orderflow.functions.LineOutcome.Result.NOT_HELD;
import static io.orderflow.functions.LineOutcome.Result.QUEUED;
import static io.orderflow.functions.LineOutcome.Result.REJECTED;
import static io.orderflow.functions.LineOutcome.Result.RELEASED;
import static io.orderflow.functions.LineOutcome.Result.RESERVED;
import static io.orderflow.functions.LineOutcome.Result.WITHDRAWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.OrderPlaced;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SkuBookTest {

    private final SkuBook book = new SkuBook();

    /** Final outcomes; a line joining its queue goes to {@link #queued}. */
    private final List<LineOutcome> outcomes = new ArrayList<>();

    private final List<LineOutcome> queued = new ArrayList<>();

    /** Answers to a cancellation that are not a line's final outcome: RELEASED, NOT_HELD. */
    private final List<LineOutcome> answers = new ArrayList<>();

    /** What the book told its decided lines: the reserved ones, by line, and the rejected ones. */
    private final Map<String, Long> reserved = new HashMap<>();

    private final Set<String> rejected = new HashSet<>();

    private final SkuBook.DecidedLines reservations =
            new SkuBook.DecidedLines() {
                @Override
                public void reserved(String orderId, long quantity) {
                    reserved.put(orderId, quantity);
                }

                @Override
                public void rejected(String orderId) {
                    rejected.add(orderId);
                }

                @Override
                public Long release(String orderId, long quantity) {
                    return rejected.remove(orderId) ? null : reserved.remove(orderId);
                }
            };

    private boolean apply(LedgerEntry e) {
        return book.apply(e, reservations, this::collect);
    }

    private void collect(LineOutcome o) {
        if (o.result().isFinal()) {
            outcomes.add(o);
        } else if (o.result().answersCancellation()) {
            answers.add(o);
        } else {
            queued.add(o);
        }
    }

    @Test
    void aBackorderLineThatJoinsTheQueueSaysSoAtItsOwnInstant() {
        apply(counted("A", 1, 0));
        apply(reserve(backorder("o1", 100, line("A", 5, 10)), 0));
        assertThat(queued).containsExactly(new LineOutcome("o1", 0, at(100), QUEUED, true));
        assertThat(outcomes).isEmpty();
    }

    @Test
    void reservesWhileStockLastsThenRejects() {
        apply(counted("A", 3, 0));
        apply(reserve(order("o1", 100, line("A", 2, 10)), 0));
        apply(reserve(order("o2", 100, line("A", 2, 10)), 0));

        assertThat(outcomes)
                .containsExactly(
                        new LineOutcome("o1", 0, at(100), RESERVED, false),
                        new LineOutcome("o2", 0, at(100), REJECTED, false));
        assertThat(book.available).isEqualTo(1);
        assertThat(reserved).containsOnlyKeys("o1");
        assertThat(rejected).containsExactly("o2");
    }

    @Test
    void receivedAddsCountedSets() {
        apply(received("r1", "A", 5, 0));
        apply(received("r2", "A", 2, 1));
        assertThat(book.available).isEqualTo(7);
        apply(counted("A", 1, 2));
        assertThat(book.available).isEqualTo(1);
    }

    @Test
    void releaseReturnsTheReservedQuantityOnceAndAnswersReleased() {
        apply(counted("A", 2, 0));
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10));
        apply(reserve(o1, 0));
        apply(LedgerEntry.release(o1, 0, at(500)));
        apply(LedgerEntry.release(o1, 0, at(600)));

        assertThat(book.available).isEqualTo(2);
        assertThat(reserved).isEmpty();
        assertThat(answers)
                .as("the second release finds nothing held")
                .containsExactly(
                        new LineOutcome("o1", 0, at(500), RELEASED, false),
                        new LineOutcome("o1", 0, at(600), NOT_HELD, false));
    }

    @Test
    void releasingARejectedLineChangesNothingButAnswersNotHeld() {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10));
        apply(reserve(o1, 0));
        apply(LedgerEntry.release(o1, 0, at(500)));

        assertThat(outcomes).containsExactly(new LineOutcome("o1", 0, at(100), REJECTED, false));
        assertThat(answers).containsExactly(new LineOutcome("o1", 0, at(500), NOT_HELD, false));
        assertThat(book.available).isZero();
        assertThat(book.isEmpty()).isTrue();
    }

    @Test
    void backorderQueuesStrictFifoAndFillsOnRestock() {
        apply(counted("A", 0, 0));
        assertThat(apply(reserve(backorder("o1", 100, line("A", 5, 10)), 0))).isTrue();
        assertThat(apply(reserve(backorder("o2", 200, line("A", 1, 10)), 0))).isTrue();
        apply(received("r300", "A", 2, 300));
        assertThat(outcomes).as("a head that does not fit blocks the line behind it").isEmpty();

        apply(received("r400", "A", 4, 400));

        assertThat(outcomes)
                .containsExactly(
                        new LineOutcome("o1", 0, at(400), RESERVED, true),
                        new LineOutcome("o2", 0, at(400), RESERVED, true));
        assertThat(book.available).isZero();
        assertThat(book.queue).isEmpty();
    }

    @Test
    void partialLineIsRejectedWhileTheQueueIsNotEmpty() {
        apply(counted("A", 1, 0));
        apply(reserve(backorder("o1", 100, line("A", 5, 10)), 0));
        apply(reserve(order("o2", 200, line("A", 1, 10)), 0));

        assertThat(outcomes).containsExactly(new LineOutcome("o2", 0, at(200), REJECTED, false));
        assertThat(book.available).isEqualTo(1);
    }

    @Test
    void expiredHeadLeavesRejectedAtItsDeadlineAndTheNextMovesUp() {
        apply(counted("A", 1, 0));
        apply(reserve(backorder("o1", 100, line("A", 5, 10)), 0));
        apply(reserve(backorder("o2", 200, line("A", 1, 10)), 0));
        long deadline = at(100) + Fixtures.WINDOW.toMillis() + 1;
        assertThat(book.nextDeadline()).isEqualTo(deadline);

        book.expire(deadline - 1, reservations, outcomes::add);
        assertThat(outcomes).isEmpty();
        book.expire(deadline, reservations, outcomes::add);

        assertThat(outcomes)
                .containsExactly(
                        new LineOutcome("o1", 0, deadline, REJECTED, true),
                        new LineOutcome("o2", 0, deadline, RESERVED, true));
        assertThat(rejected).as("an expired line is a rejected one").containsExactly("o1");
        assertThat(reserved).containsOnlyKeys("o2");
    }

    @Test
    void releaseOfAQueuedLineWithdrawsIt() {
        OrderPlaced o1 = backorder("o1", 100, line("A", 5, 10));
        apply(reserve(o1, 0));
        apply(LedgerEntry.release(o1, 0, at(300)));

        assertThat(outcomes).containsExactly(new LineOutcome("o1", 0, at(300), WITHDRAWN, true));
        assertThat(answers).as("WITHDRAWN is the line's final outcome and the answer").isEmpty();
        assertThat(book.queue).isEmpty();
    }
}
