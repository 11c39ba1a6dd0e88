package io.orderflow.functions;

/**
 * What became of one order line in its sku's ledger, at event time {@code time}. {@code waited} is
 * true when the line sat in the backorder queue first.
 */
public record LineOutcome(String orderId, int lineIndex, long time, Result result, boolean waited) {

    public enum Result {
        RESERVED,
        REJECTED,
        /** Taken off the backorder queue by a cancellation before it was reserved or rejected. */
        WITHDRAWN
    }
}
