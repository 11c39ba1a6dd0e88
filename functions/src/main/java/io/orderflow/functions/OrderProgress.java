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

    public OrderProgress() {}

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
        return copy;
    }
}
