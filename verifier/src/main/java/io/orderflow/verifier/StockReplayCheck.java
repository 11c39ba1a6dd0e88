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
 * <p>Reservations are taken where they happened: at each line's {@code reservedAt} in the order's
 * latest status record (section 7), released at the cancellation's effective instant when that
 * record says RELEASED; so a BACKORDER line filled long after its order, and one reserved and then
 * released by a cancellation before any decision, count in their true place. An order without a
 * status record falls back to its confirmation: its lines count at the confirmation's time (a
 * violation of invariant 6 in itself).
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

    /** Reserved lines leave stock when they were reserved; a cancellation returns them. */
    private static void addReservationsAndReleases(
            String orderId, OrderSummary order, Map<String, List<LedgerEvent>> ledger) {
        StatusSummary status = order.status;
        if (status != null && order.placed()) {
            for (int i = 0; i < status.skus.length; i++) {
                if (status.reservedAt[i] == StatusSummary.NOT_RESERVED) {
                    continue;
                }
                List<LedgerEvent> events =
                        ledger.computeIfAbsent(status.skus[i], s -> new ArrayList<>());
                events.add(
                        new LedgerEvent(
                                status.reservedAt[i],
                                RANK_RESERVATION,
                                orderId,
                                false,
                                -status.quantities[i]));
                if (status.states[i].equals("RELEASED") && order.cancelled()) {
                    events.add(
                            new LedgerEvent(
                                    order.cancelEffectiveAt(),
                                    RANK_RELEASE,
                                    orderId,
                                    false,
                                    status.quantities[i]));
                }
            }
            return;
        }
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
                            + " after reserving "
                            + -firstBelowZero.quantity()
                            + " to order "
                            + firstBelowZero.tie()
                            + " at "
                            + Instants.format(firstBelowZero.at())
                            + (lowest < availableThen ? " (lowest " + lowest + ")" : ""));
        }
    }
}
