package io.orderflow.schemas;

import java.util.List;

/**
 * The latest status of an order (contract section 7), one record per change, on the compacted
 * order-status topic keyed by orderId. {@code seq} counts an order's records from 1; amounts are
 * minor units: {@code confirmedAmount} what the customer pays now, {@code refundedAmount} the sum
 * of the refunds issued so far.
 */
public record OrderStatus(
        String eventId,
        long occurredAt,
        String orderId,
        String customerId,
        String currency,
        int seq,
        Status status,
        long confirmedAmount,
        long refundedAmount,
        List<Line> lines) {

    public static final String TYPE = "OrderStatus";

    public enum Status {
        WAITING,
        CONFIRMED,
        PARTIALLY_CONFIRMED,
        REJECTED,
        CANCELLED
    }

    public enum LineState {
        RESERVED,
        WAITING,
        REJECTED,
        RELEASED,
        CANCELLED
    }

    /**
     * One order line and what became of it; {@code reservedAt} is the event time it was reserved,
     * or {@link #NOT_RESERVED} for a line that never was.
     */
    public record Line(
            String sku, long quantity, long unitPrice, LineState state, long reservedAt) {

        public static final long NOT_RESERVED = Long.MIN_VALUE;

        public static Line of(OrderLine line, LineState state, long reservedAt) {
            return new Line(line.sku(), line.quantity(), line.unitPrice(), state, reservedAt);
        }

        public boolean wasReserved() {
            return reservedAt != NOT_RESERVED;
        }
    }

    public static String eventIdFor(String orderId, int seq) {
        return orderId + "/status/" + seq;
    }
}
