package io.orderflow.functions;

import io.orderflow.schemas.OrderPlaced;

/**
 * What the gate tells the decider about an order: it was placed ({@code order} set), cancelled
 * ({@code cancelEventId} set, taking effect at {@code cancelAt}), or both at once when the
 * cancellation arrived before the order.
 */
public record OrderUpdate(String orderId, OrderPlaced order, String cancelEventId, long cancelAt) {

    public static OrderUpdate placed(OrderPlaced order) {
        return new OrderUpdate(order.orderId(), order, null, 0);
    }

    public static OrderUpdate cancelled(String orderId, String cancelEventId, long cancelAt) {
        return new OrderUpdate(orderId, null, cancelEventId, cancelAt);
    }

    public static OrderUpdate placedAlreadyCancelled(
            OrderPlaced order, String cancelEventId, long cancelAt) {
        return new OrderUpdate(order.orderId(), order, cancelEventId, cancelAt);
    }

    /** The contract: a cancellation never overtakes the reservation of its own order. */
    public static long cancelEffectiveAt(long cancelOccurredAt, long orderOccurredAt) {
        return Math.max(cancelOccurredAt, orderOccurredAt + 1);
    }
}
