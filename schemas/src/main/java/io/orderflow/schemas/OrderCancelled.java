package io.orderflow.schemas;

/** The shop cancels an order; {@code reason} is free text and may be null. */
public record OrderCancelled(String eventId, long occurredAt, String orderId, String reason) {

    public static final String TYPE = "OrderCancelled";
}
