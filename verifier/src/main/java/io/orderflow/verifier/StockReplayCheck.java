package io.orderflow.verifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 3 (CONTRACT.md section 5): nothing is ever oversold. Per sku, the applied stock events,
 * the reservations and the releases are replayed in the contract's order, (occurredAt, kind, then
 * eventId among stock events or orderId among the others), kinds ranked stock, releases,
 * reservations; {@code available} must never go below zero.
 *
 * <p>Reservations are seen only through confirmations: a line reserved early and confirmed later
 * (BACKORDER) counts at the confirmation's time, and a reservation released before any decision is
 * invisible. Both only make the replayed stock higher than the job's between stocktakes, so this
 * gives no false alarm unless a StockCounted falls inside such a gap. (The order-status topic's
 * {@code reservedAt}, section 7, would close that gap.)
 */
final class StockReplayCheck implements Check {

    private static final int RANK_STOCK = 0;
    private static final int RANK_RELEASE = 1;
    private static final int RANK_RESERVATION = 2;

    private static final Comparator<LedgerEvent> LEDGER_ORDER =
            Comparator.comparingLong(LedgerEvent::at)
                    .thenComparingInt(LedgerEvent::rank)
                    .thenComparing(LedgerEvent::tie);

    /** One change to a sku's stock: a stock event, a release or a reservation (negative). */
    record LedgerEvent(long at, int rank, String tie, boolean sets, long quantity) {

        static LedgerEvent stock(InputEvent.Stock event) {
            return new LedgerEvent(
                    event.occurredAt(),
                    RANK_STOCK,
                    event.eventId(),
                    event.counted(),
                    event.quantity());
        }
    }

    @Override
    public void check(Observations seen, Violations found) {
        Map<String, List<LedgerEvent>> ledger = new LinkedHashMap<>();
        seen.stock.forEach((sku, history) -> ledger.put(sku, new ArrayList<>(history.events)));
        seen.orders.forEach((orderId, order) -> addReservationsAndReleases(orderId, order, ledger));
        ledger.forEach((sku, events) -> replay(sku, events, found));
    }

    /** Confirmed lines leave stock at the confirmation; a later CANCELLED refund returns them. */
    private static void addReservationsAndReleases(
            String orderId, OrderSummary order, Map<String, List<LedgerEvent>> ledger) {
        OutputSummary confirmation = order.confirmation;
        if (confirmation == null) {
            return;
        }
        for (int i = 0; i < confirmation.skus.length; i++) {
            List<LedgerEvent> events =
                    ledger.computeIfAbsent(confirmation.skus[i], s -> new ArrayList<>());
            events.add(
                    new LedgerEvent(
                            confirmation.occurredAt,
                            RANK_RESERVATION,
                            orderId,
                            false,
                            -confirmation.quantities[i]));
            if (order.cancelledRefund != null) {
                events.add(
                        new LedgerEvent(
                                order.cancelledRefund.occurredAt,
                                RANK_RELEASE,
                                orderId,
                                false,
                                confirmation.quantities[i]));
            }
        }
    }

    private static void replay(String sku, List<LedgerEvent> events, Violations found) {
        events.sort(LEDGER_ORDER);
        long available = 0;
        long lowest = 0;
        LedgerEvent firstBelowZero = null;
        long availableThen = 0;
        for (LedgerEvent event : events) {
            available = event.sets() ? event.quantity() : available + event.quantity();
            if (available < 0 && firstBelowZero == null) {
                firstBelowZero = event;
                availableThen = available;
            }
            lowest = Math.min(lowest, available);
        }
        if (firstBelowZero != null) {
            found.sku(
                    ViolationKind.OVERSOLD,
                    sku,
                    "available "
                            + availableThen
                            + " after confirming "
                            + -firstBelowZero.quantity()
                            + " to order "
                            + firstBelowZero.tie()
                            + " at "
                            + Instants.format(firstBelowZero.at())
                            + (lowest < availableThen ? " (lowest " + lowest + ")" : ""));
        }
    }
}
