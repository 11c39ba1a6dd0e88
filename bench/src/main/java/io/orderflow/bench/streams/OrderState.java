package io.orderflow.bench.streams;

import io.orderflow.functions.OrderProgress;
import io.orderflow.schemas.OrderPlaced;

/**
 * Everything the peer keeps per orderId, in one store: the gate's part (the accepted order and
 * cancellation, kept for dedup) and the decider's part ({@code progress}, dropped once decided and
 * nothing more can follow). One store because both are keyed by orderId and live in the same task.
 */
final class OrderState {
    OrderPlaced placed;
    String cancelEventId;
    long cancelOccurredAt;
    OrderProgress progress;

    boolean hasApplied(String eventId) {
        return (placed != null && placed.eventId().equals(eventId))
                || eventId.equals(cancelEventId);
    }
}
