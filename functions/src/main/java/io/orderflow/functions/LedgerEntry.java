package io.orderflow.functions;

import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import java.util.Comparator;

/**
 * One step for a sku's stock ledger: a stock event, or the reservation or release of one order
 * line. {@code id} is the stock event's eventId or the line's orderId; {@code quantity} is the
 * units received, counted, reserved or released. {@code deadline} is when a queued backorder line
 * expires. {@code order} is null but on the reservation of an order's first line, which carries the
 * whole order through the ledger to the decider ({@link #carrying}), so that the gate need not send
 * it there on its own.
 */
public record LedgerEntry(
        Kind kind,
        String sku,
        long time,
        String id,
        int lineIndex,
        long quantity,
        boolean backorder,
        long deadline,
        OrderPlaced order) {

    /** An entry that carries no order. */
    public LedgerEntry(
            Kind kind,
            String sku,
            long time,
            String id,
            int lineIndex,
            long quantity,
            boolean backorder,
            long deadline) {
        this(kind, sku, time, id, lineIndex, quantity, backorder, deadline, null);
    }

    /**
     * Declared in the contract's rank order for one instant: stock events, releases, reservations.
     */
    public enum Kind {
        STOCK_RECEIVED,
        STOCK_COUNTED,
        RELEASE,
        RESERVE
    }

    /**
     * The contract's order for events that touch one sku: (occurredAt, kind, orderId/eventId,
     * line).
     */
    public static final Comparator<LedgerEntry> APPLY_ORDER =
            Comparator.comparingLong(LedgerEntry::time)
                    .thenComparingInt(LedgerEntry::rank)
                    .thenComparing(LedgerEntry::id, CodePoints::compare)
                    .thenComparingInt(LedgerEntry::lineIndex);

    public static LedgerEntry stock(InputRecord record) {
        if (record.stockReceived() != null) {
            var e = record.stockReceived();
            return new LedgerEntry(
                    Kind.STOCK_RECEIVED,
                    e.sku(),
                    e.occurredAt(),
                    e.eventId(),
                    0,
                    e.quantity(),
                    false,
                    0);
        }
        var e = record.stockCounted();
        return new LedgerEntry(
                Kind.STOCK_COUNTED,
                e.sku(),
                e.occurredAt(),
                e.eventId(),
                0,
                e.available(),
                false,
                0);
    }

    public static LedgerEntry reserve(
            OrderPlaced order, int lineIndex, boolean backorder, long window) {
        OrderLine line = order.lines().get(lineIndex);
        long deadline = backorder ? order.occurredAt() + window + 1 : 0;
        return new LedgerEntry(
                Kind.RESERVE,
                line.sku(),
                order.occurredAt(),
                order.orderId(),
                lineIndex,
                line.quantity(),
                backorder,
                deadline);
    }

    public static LedgerEntry release(OrderPlaced order, int lineIndex, long at) {
        OrderLine line = order.lines().get(lineIndex);
        return new LedgerEntry(
                Kind.RELEASE,
                line.sku(),
                at,
                order.orderId(),
                lineIndex,
                line.quantity(),
                false,
                0);
    }

    /** This entry carrying {@code placed}, the order its line belongs to. */
    public LedgerEntry carrying(OrderPlaced placed) {
        return new LedgerEntry(
                kind, sku, time, id, lineIndex, quantity, backorder, deadline, placed);
    }

    public boolean isStock() {
        return kind == Kind.STOCK_RECEIVED || kind == Kind.STOCK_COUNTED;
    }

    /** Stock events of one instant apply before releases, releases before reservations. */
    public int rank() {
        return isStock() ? 0 : kind == Kind.RELEASE ? 1 : 2;
    }
}
