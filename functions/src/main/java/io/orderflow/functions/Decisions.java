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
        if (!p.decided && v.decidedWithoutRecord()) {
            v = rebuildDecided(p, v);
        }
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
            if (!cancellationComplete(p, v)) {
                // The cancellation itself, or the ledger's answers for other lines, still on the
                // way.
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
        if (!cancellationComplete(p, v)) {
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

    /**
     * Whether a decided order must be kept for a later cancellation. An order that never waited
     * (status seq 1, its reserved lines reserved at its own instant) is not: the ledger's answers
     * to a cancellation say which lines were released, and that is all a cancellation needs of it
     * ({@link #rebuildDecided}). An order that waited keeps its final outcomes and its seq.
     */
    public static boolean keptForCancellation(OrderProgress p) {
        return p.statusSeq > 1;
    }

    /**
     * Whether a cancellation of the order is under way: the gate's or some of the ledger's part of
     * it came, so the order must stay until the rest comes.
     */
    public static boolean cancellationUnderway(OrderProgress p) {
        return p.cancelEventId != null || holdsCancellationAnswer(p.outcomes);
    }

    /** Whether some of these outcomes are the ledger's answers to a cancellation. */
    public static boolean holdsCancellationAnswer(List<LineOutcome> outcomes) {
        for (LineOutcome o : outcomes) {
            if (o.result().answersCancellation()) {
                return true;
            }
        }
        return false;
    }

    /** The cancellation came from the gate, and the ledger answered for every line. */
    private static boolean cancellationComplete(OrderProgress p, LineOutcomes v) {
        return p.cancelEventId != null && (!p.releasesReported || v.allAnswered());
    }

    /**
     * A decided order that was not kept, cancelled: its lines' final outcomes come back from the
     * ledger's answers (RELEASED was reserved, at the order's own instant since it never waited;
     * NOT_HELD was rejected), with its one status record (the decision).
     */
    private static LineOutcomes rebuildDecided(OrderProgress p, LineOutcomes v) {
        OrderPlaced order = p.order;
        for (LineOutcome a : v.answer) {
            boolean released = a.result() == LineOutcome.Result.RELEASED;
            p.outcomes.add(
                    new LineOutcome(
                            order.orderId(),
                            a.lineIndex(),
                            order.occurredAt(),
                            released ? LineOutcome.Result.RESERVED : LineOutcome.Result.REJECTED,
                            false));
        }
        p.decided = true;
        p.statusSeq = 1;
        return LineOutcomes.of(order.lines().size(), p.outcomes);
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
