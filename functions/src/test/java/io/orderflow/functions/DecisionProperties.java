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
}
