package io.orderflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Money is conserved per order: what is confirmed plus what is refunded is the order's total. */
class DecisionProperties {

    @Provide
    Arbitrary<List<Long>> prices() {
        return Arbitraries.longs()
                .between(0, 1_000_000_000_000L)
                .list()
                .ofMinSize(1)
                .ofMaxSize(100);
    }

    @Property(tries = 500)
    void confirmedPlusOutOfStockIsTheTotalAndACancellationRefundsTheConfirmedAmount(
            @ForAll("prices") List<Long> prices,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int reservedMask,
            @ForAll boolean cancel) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < prices.size(); i++) {
            lines.add(new OrderLine("sku-" + i, 1 + (i % 3), prices.get(i) / 4));
        }
        OrderPlaced order = new OrderPlaced("e", 100, "o", "c", "EUR", null, lines);
        OrderProgress p = new OrderProgress();
        p.order = order;
        for (int i = 0; i < lines.size(); i++) {
            boolean reserved = ((reservedMask >>> (i % 31)) & 1) == 1;
            p.outcomes.add(
                    new LineOutcome(
                            "o",
                            i,
                            100,
                            reserved ? LineOutcome.Result.RESERVED : LineOutcome.Result.REJECTED,
                            false));
        }
        if (cancel) {
            p.cancelEventId = "x";
            p.cancelAt = 101;
            p.outcomes.addAll(answers(p.outcomes, 101));
        }

        Decisions.Emitted e = Decisions.advance(p);

        long confirmed = e.confirmed() == null ? 0 : e.confirmed().amount();
        long outOfStock = e.outOfStock() == null ? 0 : e.outOfStock().amount();
        assertThat(confirmed + outOfStock).isEqualTo(order.total());
        int lineCount =
                (e.confirmed() == null ? 0 : e.confirmed().lines().size())
                        + (e.outOfStock() == null ? 0 : e.outOfStock().lines().size());
        assertThat(lineCount).isEqualTo(lines.size());
        if (cancel && e.confirmed() != null) {
            assertThat(e.cancelled().amount()).isEqualTo(confirmed);
        } else {
            assertThat(e.cancelled()).isNull();
        }
        assertThat(p.decided).isTrue();
    }

    /**
     * A decided order that never waited is not kept: its cancellation, told only by the ledger's
     * answers, emits exactly what it would have emitted had the order been kept.
     */
    @Property(tries = 300)
    void aCancellationRebuiltFromTheLedgersAnswersEmitsWhatTheKeptOrderWould(
            @ForAll("prices") List<Long> prices,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int reservedMask) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < prices.size(); i++) {
            lines.add(new OrderLine("sku-" + i, 1 + (i % 3), prices.get(i) / 4));
        }
        OrderPlaced order = new OrderPlaced("e", 100, "o", "c", "EUR", null, lines);
        OrderProgress kept = new OrderProgress();
        kept.order = order;
        for (int i = 0; i < lines.size(); i++) {
            boolean reserved = ((reservedMask >>> (i % 31)) & 1) == 1;
            kept.outcomes.add(
                    new LineOutcome(
                            "o",
                            i,
                            100,
                            reserved ? LineOutcome.Result.RESERVED : LineOutcome.Result.REJECTED,
                            false));
        }
        List<LineOutcome> answers = answers(kept.outcomes, 700);
        Decisions.advance(kept);
        assertThat(Decisions.keptForCancellation(kept)).as("it never waited").isFalse();
        OrderProgress rebuilt = new OrderProgress();
        for (OrderProgress p : List.of(kept, rebuilt)) {
            p.order = order;
            p.cancelEventId = "x";
            p.cancelAt = 700;
            p.outcomes.addAll(answers);
        }

        Decisions.Emitted fromKept = Decisions.advance(kept);
        Decisions.Emitted fromAnswers = Decisions.advance(rebuilt);

        assertThat(fromAnswers.cancelled()).isEqualTo(fromKept.cancelled());
        assertThat(fromAnswers.statuses()).isEqualTo(fromKept.statuses());
        assertThat(fromAnswers.finished()).isTrue();
    }

    /** What the ledger answers a cancellation for lines with these final outcomes. */
    private static List<LineOutcome> answers(List<LineOutcome> finals, long at) {
        List<LineOutcome> answers = new ArrayList<>();
        for (LineOutcome o : finals) {
            answers.add(
                    new LineOutcome(
                            o.orderId(),
                            o.lineIndex(),
                            at,
                            o.result() == LineOutcome.Result.RESERVED
                                    ? LineOutcome.Result.RELEASED
                                    : LineOutcome.Result.NOT_HELD,
                            false));
        }
        return answers;
    }
}
