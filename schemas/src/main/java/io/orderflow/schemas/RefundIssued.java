package io.orderflow.schemas;

import java.util.List;

/** Money returned for some or all lines of an order. */
public record RefundIssued(
        String eventId,
        long occurredAt,
        String orderId,
        String customerId,
        String currency,
        RefundReason reason,
        List<OrderLine> lines,
        long amount,
        String causationId) {

    public static final String TYPE = "RefundIssued";

    public static String eventIdFor(String orderId, RefundReason reason) {
        return orderId + "/refund/" + reason.slug();
    }
}
