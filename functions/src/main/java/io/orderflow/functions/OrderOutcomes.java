package io.orderflow.functions;

import java.util.List;

/**
 * The line outcomes one ledger step made for one order, in the order the ledger made them: what the
 * ledger sends the decider. The lines of an order are due at the order's own instant, so one
 * watermark step usually decides every line a ledger subtask holds of it, and they travel as one
 * record instead of one each.
 */
public record OrderOutcomes(String orderId, List<LineOutcome> outcomes) {

    /** One outcome alone (tests, and a late line). */
    public static OrderOutcomes of(LineOutcome outcome) {
        return new OrderOutcomes(outcome.orderId(), List.of(outcome));
    }
}
