package io.orderflow.functions;

import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The decider's arithmetic, without Flink: which outputs an order's line outcomes and cancellation
 * produce, decisions and status changes. Lines are always listed in the order's line order.
 */
public final class Decisions {

    /**
     * What one step of an order's progress emits: decisions are null when not emitted, {@code
     * statuses} the status changes in their {@code seq} order.
     */
    public record Emitted(
            OrderConfirmed confirmed,
            RefundIssued outOfStock,
            RefundIssued cancelled,
            List<OrderStatus> statuses,
            boolean finished) {
        static final Emitted NOTHING = new Emitted(null, null, null, List.of(), false);
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
            RefundIssued refund =
                    refund(
                            order,
                            RefundReason.CANCELLED,
                            order.lines(),
                            p.cancelEventId,
                            p.cancelAt);
            return new Emitted(null, null, refund, List.of(OrderStatuses.cancelled(p, null)), true);
        }
        LineOutcomes v = LineOutcomes.of(order.lines().size(), p.outcomes);
        List<OrderStatus> statuses = new ArrayList<>(2);
        if (p.decided) {
            return cancelAfterDecision(p, v, statuses);
        }
        // A line joined a queue at the order's own instant: WAITING, once every line's first step
        // is known.
        if (p.statusSeq == 0 && v.allFirstKnown() && v.anyFirst(LineOutcome.Result.QUEUED)) {
            statuses.add(OrderStatuses.waiting(p, v));
        }
        if (!v.allFinal()) {
            return statuses.isEmpty()
                    ? Emitted.NOTHING
                    : new Emitted(null, null, null, statuses, false);
        }
        if (v.anyFinal(LineOutcome.Result.WITHDRAWN)) {
            if (p.cancelEventId == null) {
                // The cancellation itself is still on its way.
                return statuses.isEmpty()
                        ? Emitted.NOTHING
                        : new Emitted(null, null, null, statuses, false);
            }
            statuses.add(OrderStatuses.cancelled(p, v));
            RefundIssued refund =
                    refund(
                            order,
                            RefundReason.CANCELLED,
                            order.lines(),
                            p.cancelEventId,
                            p.cancelAt);
            return new Emitted(null, null, refund, statuses, true);
        }
        p.decided = true;
        Emitted decision = decide(p, v, statuses);
        Emitted cancelled = cancelAfterDecision(p, v, statuses);
        return new Emitted(
                decision.confirmed,
                decision.outOfStock,
                cancelled.cancelled,
                statuses,
                cancelled.finished);
    }

    private static Emitted decide(OrderProgress p, LineOutcomes v, List<OrderStatus> statuses) {
        OrderPlaced order = p.order;
        List<OrderLine> reserved = new ArrayList<>();
        List<OrderLine> rejected = new ArrayList<>();
        long decidedAt = Long.MIN_VALUE;
        boolean waited = false;
        for (int i = 0; i < v.last.length; i++) {
            LineOutcome o = v.last[i];
            boolean isReserved = o.result() == LineOutcome.Result.RESERVED;
            (isReserved ? reserved : rejected).add(order.lines().get(i));
            decidedAt = Math.max(decidedAt, o.time());
            // Backordered means a confirmed line waited; a line that waited and expired is refunded
            // instead.
            waited |= isReserved && o.waited();
        }
        OrderConfirmed confirmed = null;
        if (!reserved.isEmpty()) {
            confirmed =
                    new OrderConfirmed(
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
        RefundIssued outOfStock =
                rejected.isEmpty()
                        ? null
                        : refund(
                                order,
                                RefundReason.OUT_OF_STOCK,
                                rejected,
                                order.eventId(),
                                decidedAt);
        statuses.add(OrderStatuses.decided(p, v, decidedAt));
        return new Emitted(confirmed, outOfStock, null, statuses, false);
    }

    /**
     * A cancellation of a decided order: the status becomes CANCELLED; only what was confirmed is
     * refunded.
     */
    private static Emitted cancelAfterDecision(
            OrderProgress p, LineOutcomes v, List<OrderStatus> statuses) {
        if (p.cancelEventId == null) {
            return statuses.isEmpty()
                    ? Emitted.NOTHING
                    : new Emitted(null, null, null, statuses, false);
        }
        List<OrderLine> reserved = new ArrayList<>();
        for (int i = 0; i < v.last.length; i++) {
            if (v.isFinal(i, LineOutcome.Result.RESERVED)) {
                reserved.add(p.order.lines().get(i));
            }
        }
        statuses.add(OrderStatuses.cancelled(p, v));
        // Nothing confirmed, nothing to give back.
        RefundIssued refund =
                reserved.isEmpty()
                        ? null
                        : refund(
                                p.order,
                                RefundReason.CANCELLED,
                                reserved,
                                p.cancelEventId,
                                p.cancelAt);
        return new Emitted(null, null, refund, statuses, true);
    }

    static RefundIssued refund(
            OrderPlaced order,
            RefundReason reason,
            List<OrderLine> lines,
            String causationId,
            long at) {
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
