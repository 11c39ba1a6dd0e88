package io.orderflow.functions;

import io.orderflow.schemas.OrderPlaced;
import java.util.List;

/**
 * The line outcomes one ledger step made for one order, in the order the ledger made them: what the
 * ledger sends the decider. The lines of an order are due at the order's own instant, so one
 * watermark step usually decides every line a ledger subtask holds of it, and they travel as one
 * record instead of one each. {@code order} is the order itself when this step applied its first
 * line's reservation, which carried it ({@link LedgerEntry#carrying}), null otherwise: the decider
 * learns an order's content from its ledger outcomes.
 */
public record OrderOutcomes(String orderId, List<LineOutcome> outcomes, OrderPlaced order) {

    /** Outcomes that carry no order. */
    public OrderOutcomes(String orderId, List<LineOutcome> outcomes) {
        this(orderId, outcomes, null);
    }

    /** One outcome alone (tests, and a late line). */
    public static OrderOutcomes of(LineOutcome outcome) {
        return new OrderOutcomes(outcome.orderId(), List.of(outcome));
    }
}
