package io.orderflow.schemas;

import java.util.List;

/** The reserved lines of an order, confirmed at the order's decision time. */
public record OrderConfirmed(
        String eventId,
        long occurredAt,
        String orderId,
        String customerId,
        String currency,
        List<OrderLine> lines,
        long amount,
        boolean backordered,
        String causationId) {

    public static final String TYPE = "OrderConfirmed";

    public static String eventIdFor(String orderId) {
        return orderId + "/confirmed";
    }
}
