package io.orderflow.functions;

import io.orderflow.schemas.OrderPlaced;

/**
 * What the gate tells the decider about an order: it was placed ({@code placement}), cancelled
 * ({@code cancelEventId} set, taking effect at {@code cancelAt}), or both at once when the
 * cancellation arrived before the order. Every update carries the order once it is known, so that
 * the decider need not keep a decided order's content for a later cancellation.
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
