package io.orderflow.functions;

import io.orderflow.schemas.OrderPlaced;

/**
 * What the gate tells the decider about an order: it was cancelled ({@code cancelEventId} set,
 * taking effect at {@code cancelAt}), or placed and cancelled at once when the cancellation arrived
 * before the order ({@code placement}). An order placed without a cancellation reaches the decider
 * through the ledger instead ({@link LedgerEntry#carrying}); the decider still takes a plain
 * placement ({@link #placed}), as the gate sent every order before. Every update carries the order,
 * so that the decider need not keep a decided order's content for a later cancellation.
 */
public record OrderUpdate(
        String orderId, OrderPlaced order, boolean placement, String cancelEventId, long cancelAt) {

    public static OrderUpdate placed(OrderPlaced order) {
        return new OrderUpdate(order.orderId(), order, true, null, 0);
    }

    /** A cancellation of the placed {@code order}. */
    public static OrderUpdate cancelled(OrderPlaced order, String cancelEventId, long cancelAt) {
        return new OrderUpdate(order.orderId(), order, false, cancelEventId, cancelAt);
    }

    public static OrderUpdate placedAlreadyCancelled(
            OrderPlaced order, String cancelEventId, long cancelAt) {
        return new OrderUpdate(order.orderId(), order, true, cancelEventId, cancelAt);
    }

    /** The contract: a cancellation never overtakes the reservation of its own order. */
    public static long cancelEffectiveAt(long cancelOccurredAt, long orderOccurredAt) {
        return Math.max(cancelOccurredAt, orderOccurredAt + 1);
    }
}
