package io.orderflow.functions;

import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.OrderStatus.Line;
import io.orderflow.schemas.OrderStatus.LineState;
import io.orderflow.schemas.OrderStatus.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The order-status records of contract section 7, from what the decider knows of an order. Each
 * method builds the record of one status change; {@link Decisions} says when one happens, and
 * numbers them with the order's {@link OrderProgress#statusSeq}.
 */
final class OrderStatuses {

    private OrderStatuses() {}

    /**
     * A BACKORDER line joined its queue at the order's own instant; lines reserved then show so.
     */
    static OrderStatus waiting(OrderProgress p, LineOutcomes v) {
        OrderPlaced order = p.order;
        List<Line> lines = new ArrayList<>(order.lines().size());
        for (int i = 0; i < order.lines().size(); i++) {
            LineOutcome first = v.first[i];
            lines.add(
                    switch (first.result()) {
                        case RESERVED ->
                                Line.of(order.lines().get(i), LineState.RESERVED, first.time());
                        case QUEUED -> line(order, i, LineState.WAITING);
                        default -> line(order, i, LineState.REJECTED);
                    });
        }
        return record(p, order.occurredAt(), Status.WAITING, 0, 0, lines);
    }

    /** Decided at {@code at}: every line reserved or rejected (refunded OUT_OF_STOCK). */
    static OrderStatus decided(OrderProgress p, LineOutcomes v, long at) {
        OrderPlaced order = p.order;
        List<Line> lines = new ArrayList<>(order.lines().size());
        long confirmed = 0;
        long rejected = 0;
        for (int i = 0; i < order.lines().size(); i++) {
            OrderLine line = order.lines().get(i);
            if (v.isFinal(i, LineOutcome.Result.RESERVED)) {
                lines.add(Line.of(line, LineState.RESERVED, v.last[i].time()));
                confirmed += line.amount();
            } else {
                lines.add(Line.of(line, LineState.REJECTED, Line.NOT_RESERVED));
                rejected += line.amount();
            }
        }
        Status status =
                rejected == 0
                        ? Status.CONFIRMED
                        : confirmed == 0 ? Status.REJECTED : Status.PARTIALLY_CONFIRMED;
        return record(p, at, status, confirmed, rejected, lines);
    }

    /**
     * The cancellation took effect: reserved lines were released, lines refunded OUT_OF_STOCK at
     * the decision stay REJECTED, and every other line (waiting, expired in an undecided order, or
     * never applied) is CANCELLED. Whatever the path, the whole total is refunded by then.
     */
    static OrderStatus cancelled(OrderProgress p, LineOutcomes v) {
        OrderPlaced order = p.order;
        List<Line> lines = new ArrayList<>(order.lines().size());
        for (int i = 0; i < order.lines().size(); i++) {
            if (v != null && v.isFinal(i, LineOutcome.Result.RESERVED)) {
                lines.add(Line.of(order.lines().get(i), LineState.RELEASED, v.last[i].time()));
            } else if (v != null && p.decided && v.isFinal(i, LineOutcome.Result.REJECTED)) {
                lines.add(line(order, i, LineState.REJECTED));
            } else {
                lines.add(line(order, i, LineState.CANCELLED));
            }
        }
        return record(p, p.cancelAt, Status.CANCELLED, 0, Decisions.amount(order.lines()), lines);
    }

    private static Line line(OrderPlaced order, int i, LineState state) {
        return Line.of(order.lines().get(i), state, Line.NOT_RESERVED);
    }

    private static OrderStatus record(
            OrderProgress p,
            long at,
            Status status,
            long confirmed,
            long refunded,
            List<Line> lines) {
        OrderPlaced order = p.order;
        int seq = ++p.statusSeq;
        return new OrderStatus(
                OrderStatus.eventIdFor(order.orderId(), seq),
                at,
                order.orderId(),
                order.customerId(),
                order.currency(),
                seq,
                status,
                confirmed,
                refunded,
                List.copyOf(lines));
    }
}
