package io.orderflow.functions;

import io.orderflow.schemas.OrderPlaced;
import java.util.ArrayList;
import java.util.List;

/**
 * What the decider knows of one order: the order, its line outcomes (which may arrive before the
 * order itself), the cancellation, and whether it was decided. A POJO for evolvable state.
 */
public class OrderProgress {

    public OrderPlaced order;
    public List<LineOutcome> outcomes = new ArrayList<>();
    public String cancelEventId;
    public long cancelAt;

    /** The cancellation came before the order: nothing was reserved and no outcome will come. */
    public boolean cancelledOnArrival;

    public boolean decided;

    /** How many order-status records were written for the order: the last one's seq. */
    public int statusSeq;

    /**
     * The ledger answers the cancellation for every line ({@link
     * LineOutcome.Result#answersCancellation}), and the cancellation takes effect once all answers
     * are in. False only for an order restored from a layout whose ledger sent no answers and whose
     * cancellation had come then: it takes effect without them, as it did in that layout.
     */
    public boolean releasesReported = true;

    public OrderProgress() {}

    /**
     * What a decided order keeps in keyed state until a cancellation or its TTL, when it must keep
     * anything ({@link Decisions#keptForCancellation}): each line's final outcome and the status
     * seq. Not the order: the gate sends it again with the cancellation ({@link
     * OrderUpdate#cancelled}), and a cancellation is all that can still happen to it.
     */
    public static OrderProgress keptForCancellation(OrderProgress decided) {
        OrderProgress kept = new OrderProgress();
        for (LineOutcome o : decided.outcomes) {
            if (o.result().isFinal()) {
                kept.outcomes.add(o);
            }
        }
        kept.decided = true;
        kept.statusSeq = decided.statusSeq;
        kept.releasesReported = decided.releasesReported;
        return kept;
    }

    /** A copy whose outcome list is its own (orders and outcomes are immutable values). */
    public static OrderProgress copyOf(OrderProgress p) {
        OrderProgress copy = new OrderProgress();
        copy.order = p.order;
        copy.outcomes = new ArrayList<>(p.outcomes);
        copy.cancelEventId = p.cancelEventId;
        copy.cancelAt = p.cancelAt;
        copy.cancelledOnArrival = p.cancelledOnArrival;
        copy.decided = p.decided;
        copy.statusSeq = p.statusSeq;
        copy.releasesReported = p.releasesReported;
        return copy;
    }
}
