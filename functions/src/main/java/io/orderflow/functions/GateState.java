package io.orderflow.functions;

import io.orderflow.schemas.OrderPlaced;

/**
 * What the gate remembers of one orderId for the dedup TTL: the accepted order, and the accepted
 * cancellation (which may come first). A POJO so that state can gain fields across savepoints.
 */
public class GateState {

    public OrderPlaced placed;
    public String cancelEventId;
    public long cancelOccurredAt;

    public GateState() {}

    boolean hasApplied(String eventId) {
        return (placed != null && placed.eventId().equals(eventId))
                || eventId.equals(cancelEventId);
    }
}
