package io.orderflow.local.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.json.EventCodec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

/**
 * Invariant 3 on random single-sku histories: outputs that follow the contract's PARTIAL rule hold,
 * and turning any OUT_OF_STOCK refund into a confirmation oversells.
 */
class OversoldProperties {

    private static final EventCodec CODEC = new EventCodec();
    private static final long T0 = 1_795_000_000_000L;
    private static final long PRICE = 250;

    @Property(tries = 300)
    void outputsThatFollowTheRuleHoldAndOneMoreConfirmationOversells(
            @ForAll @IntRange(min = 0, max = 20) int stock,
            @ForAll @Size(min = 1, max = 15) List<@IntRange(min = 1, max = 6) Integer> quantities,
            @ForAll @IntRange(min = 0, max = 14) int flipCandidate) {
        boolean[] confirmed = new boolean[quantities.size()];
        long available = stock;
        for (int i = 0; i < quantities.size(); i++) {
            confirmed[i] = quantities.get(i) <= available;
            if (confirmed[i]) {
                available -= quantities.get(i);
            }
        }

        Report faithful = check(stock, quantities, confirmed);
        assertThat(faithful.violations()).as(faithful.format()).isEmpty();

        int flip = firstRefundedFrom(confirmed, flipCandidate % quantities.size());
        if (flip >= 0) {
            confirmed[flip] = true;
            Report greedy = check(stock, quantities, confirmed);
            assertThat(greedy.violations())
                    .extracting(Report.ViolationSummary::kind)
                    .containsExactly(ViolationKind.OVERSOLD);
        }
    }

    private static int firstRefundedFrom(boolean[] confirmed, int start) {
        for (int k = 0; k < confirmed.length; k++) {
            int i = (start + k) % confirmed.length;
            if (!confirmed[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Order i asks for quantities[i] of sku A at T0 + 10 ms * (i + 1); stock is counted at T0. */
    private static Report check(int stock, List<Integer> quantities, boolean[] confirmed) {
        InvariantChecker checker = new InvariantChecker();
        byte[] count = CODEC.encode(new StockCounted("count", T0, "A", stock));
        checker.acceptInput(
                InputKind.INVENTORY, new RecordOrigin("inventory", 0, 0, T0, "A", count));
        for (int i = 0; i < quantities.size(); i++) {
            String orderId = String.format("o%02d", i);
            long at = T0 + 10L * (i + 1);
            List<OrderLine> lines = List.of(new OrderLine("A", quantities.get(i), PRICE));
            OrderPlaced placed =
                    new OrderPlaced("e-" + orderId, at, orderId, "c", "EUR", null, lines);
            checker.acceptInput(
                    InputKind.ORDERS,
                    new RecordOrigin("orders", 0, i, at, orderId, CODEC.encode(placed)));
            long amount = quantities.get(i) * PRICE;
            if (confirmed[i]) {
                checker.acceptConfirmation(
                        new OrderConfirmed(
                                OrderConfirmed.eventIdFor(orderId),
                                at,
                                orderId,
                                "c",
                                "EUR",
                                lines,
                                amount,
                                false,
                                placed.eventId()));
            } else {
                checker.acceptRefund(
                        new RefundIssued(
                                RefundIssued.eventIdFor(orderId, RefundReason.OUT_OF_STOCK),
                                at,
                                orderId,
                                "c",
                                "EUR",
                                RefundReason.OUT_OF_STOCK,
                                lines,
                                amount,
                                placed.eventId()));
            }
        }
        return checker.check();
    }
}
