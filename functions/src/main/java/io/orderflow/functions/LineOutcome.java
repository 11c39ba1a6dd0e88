package io.orderflow.functions;

/**
 * What became of one order line in its sku's ledger, at event time {@code time}. {@code waited} is
 * true when the line sat in the backorder queue first. A line has one final outcome (RESERVED,
 * REJECTED or WITHDRAWN); a BACKORDER line that joins its queue has QUEUED before it, and the two
 * reach the decider in that order (one sku, one ledger subtask, one channel).
 */
public record LineOutcome(String orderId, int lineIndex, long time, Result result, boolean waited) {

    public enum Result {
        RESERVED,
        REJECTED,
        /** Taken off the backorder queue by a cancellation before it was reserved or rejected. */
        WITHDRAWN,
        /** Joined the backorder queue (not final): the order's status becomes WAITING. */
        QUEUED;

        public boolean isFinal() {
            return this != QUEUED;
        }
    }
}
