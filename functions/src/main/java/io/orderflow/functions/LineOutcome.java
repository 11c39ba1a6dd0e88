package io.orderflow.functions;

/**
 * What became of one order line in its sku's ledger, at event time {@code time}. {@code waited} is
 * true when the line sat in the backorder queue first. A line has one final outcome (RESERVED,
 * REJECTED or WITHDRAWN); a BACKORDER line that joins its queue has QUEUED before it. When the
 * order is cancelled, the ledger answers for every line at the cancellation's instant: WITHDRAWN
 * (it was still queued: that is its final outcome too), RELEASED or NOT_HELD. One line's outcomes
 * reach the decider in the order the ledger made them (one sku, one ledger subtask, one channel).
 */
public record LineOutcome(String orderId, int lineIndex, long time, Result result, boolean waited) {

    public enum Result {
        RESERVED,
        REJECTED,
        /** Taken off the backorder queue by a cancellation before it was reserved or rejected. */
        WITHDRAWN,
        /** Joined the backorder queue (not final): the order's status becomes WAITING. */
        QUEUED,
        /** A cancellation released the line's reservation (after its final RESERVED). */
        RELEASED,
        /** A cancellation found the line holding nothing (after its final REJECTED). */
        NOT_HELD;

        /** RESERVED, REJECTED or WITHDRAWN: what finally became of the line. */
        public boolean isFinal() {
            return this == RESERVED || this == REJECTED || this == WITHDRAWN;
        }

        /**
         * WITHDRAWN, RELEASED or NOT_HELD: the ledger's answer to the order's cancellation, one per
         * line of a cancelled order.
         */
        public boolean answersCancellation() {
            return this == WITHDRAWN || this == RELEASED || this == NOT_HELD;
        }
    }
}
