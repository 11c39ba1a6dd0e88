package io.orderflow.functions;

import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The decider's arithmetic, without Flink: which outputs an order's line outcomes and cancellation
 * produce. Lines are always listed in the order's line order.
 */
public final class Decisions {

    /** What one step of an order's progress emits; fields are null when nothing is emitted. */
    public record Emitted(OrderConfirmed confirmed, RefundIssued outOfStock, RefundIssued cancelled, boolean finished) {
        static final Emitted NOTHING = new Emitted(null, null, null, false);
    }

    private Decisions() {}

    /**
     * Advances an order as far as its known outcomes allow, marking it decided when it is. {@code
     * finished} means nothing more can ever be emitted for it, so its state may go.
     */
    public static Emitted advance(OrderProgress p) {
        OrderPlaced order = p.order;
        if (order == null) {
            return Emitted.NOTHING;
        }
        if (p.cancelledOnArrival) {
            return new Emitted(null, null, refund(order, RefundReason.CANCELLED, order.lines(), p.cancelEventId, p.cancelAt), true);
        }
        if (!p.decided) {
            LineOutcome[] byLine = outcomesByLine(p);
            if (byLine == null) {
                return Emitted.NOTHING;
            }
            if (anyWithdrawn(byLine)) {
                if (p.cancelEventId == null) {
                    return Emitted.NOTHING; // the cancellation itself is still on its way
                }
                return new Emitted(null, null, refund(order, RefundReason.CANCELLED, order.lines(), p.cancelEventId, p.cancelAt), true);
            }
            p.decided = true;
            Emitted decision = decide(order, byLine);
            Emitted cancelled = cancelAfterDecision(p);
            return new Emitted(decision.confirmed, decision.outOfStock, cancelled.cancelled, cancelled.finished);
        }
        return cancelAfterDecision(p);
    }

    private static Emitted decide(OrderPlaced order, LineOutcome[] byLine) {
        List<OrderLine> reserved = new ArrayList<>();
        List<OrderLine> rejected = new ArrayList<>();
        long decidedAt = Long.MIN_VALUE;
        boolean waited = false;
        for (int i = 0; i < byLine.length; i++) {
            LineOutcome o = byLine[i];
            boolean isReserved = o.result() == LineOutcome.Result.RESERVED;
            (isReserved ? reserved : rejected).add(order.lines().get(i));
            decidedAt = Math.max(decidedAt, o.time());
            // Backordered means a confirmed line waited; a line that waited and expired is refunded instead.
            waited |= isReserved && o.waited();
        }
        OrderConfirmed confirmed = null;
        if (!reserved.isEmpty()) {
            confirmed = new OrderConfirmed(
                    OrderConfirmed.eventIdFor(order.orderId()),
                    decidedAt,
                    order.orderId(),
                    order.customerId(),
                    order.currency(),
                    reserved,
                    amount(reserved),
                    waited,
                    order.eventId());
        }
        RefundIssued outOfStock = rejected.isEmpty() ? null : refund(order, RefundReason.OUT_OF_STOCK, rejected, order.eventId(), decidedAt);
        return new Emitted(confirmed, outOfStock, null, false);
    }

    private static Emitted cancelAfterDecision(OrderProgress p) {
        if (p.cancelEventId == null) {
            return Emitted.NOTHING;
        }
        List<OrderLine> reserved = new ArrayList<>();
        LineOutcome[] byLine = outcomesByLine(p);
        for (int i = 0; i < byLine.length; i++) {
            if (byLine[i].result() == LineOutcome.Result.RESERVED) {
                reserved.add(p.order.lines().get(i));
            }
        }
        // Nothing confirmed, nothing to give back.
        RefundIssued refund = reserved.isEmpty() ? null : refund(p.order, RefundReason.CANCELLED, reserved, p.cancelEventId, p.cancelAt);
        return new Emitted(null, null, refund, true);
    }

    /** The first outcome of every line, by line index; null while some line has none yet. */
    private static LineOutcome[] outcomesByLine(OrderProgress p) {
        LineOutcome[] byLine = new LineOutcome[p.order.lines().size()];
        int known = 0;
        for (LineOutcome o : p.outcomes) {
            if (o.lineIndex() >= 0 && o.lineIndex() < byLine.length && byLine[o.lineIndex()] == null) {
                byLine[o.lineIndex()] = o;
                known++;
            }
        }
        return known == byLine.length ? byLine : null;
    }

    private static boolean anyWithdrawn(LineOutcome[] byLine) {
        for (LineOutcome o : byLine) {
            if (o.result() == LineOutcome.Result.WITHDRAWN) {
                return true;
            }
        }
        return false;
    }

    static RefundIssued refund(OrderPlaced order, RefundReason reason, List<OrderLine> lines, String causationId, long at) {
        return new RefundIssued(
                RefundIssued.eventIdFor(order.orderId(), reason),
                at,
                order.orderId(),
                order.customerId(),
                order.currency(),
                reason,
                List.copyOf(lines),
                amount(lines),
                causationId);
    }

    static long amount(List<OrderLine> lines) {
        long sum = 0;
        for (OrderLine line : lines) {
            sum += line.amount();
        }
        return sum;
    }
}
