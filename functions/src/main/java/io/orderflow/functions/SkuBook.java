package io.orderflow.functions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stock of one sku and its backorder queue, with the contract's rules for applying one ledger
 * entry. Plain Java, no Flink: {@link StockLedger} keeps it in memory and keyed state and feeds it
 * entries in event-time order. Reserved lines live outside (they can be many) behind {@link
 * Reservations}.
 *
 * <p>A mutable POJO (public fields, no-arg constructor) so that Flink serializes it without Kryo
 * and can add fields to it across savepoints.
 */
public class SkuBook {

    /** Where reserved lines are remembered until released or forgotten after the dedup TTL. */
    public interface Reservations {
        void put(String orderId, long quantity);

        /**
         * Removes and returns the reserved quantity, or null when the line holds no reservation.
         */
        Long remove(String orderId);
    }

    public long available;
    public List<QueuedLine> queue = new ArrayList<>();

    public SkuBook() {}

    /** A copy that shares nothing mutable with this book. */
    public SkuBook copy() {
        SkuBook copy = new SkuBook();
        copy.available = available;
        copy.queue = new ArrayList<>(queue);
        return copy;
    }

    /** True when the book holds nothing that differs from a sku never seen: it can be dropped. */
    public boolean isEmpty() {
        return available == 0 && queue.isEmpty();
    }

    /**
     * Applies one entry, then reserves queued lines from the head while the head fits. Returns true
     * when the entry's line joined the backorder queue (its caller must wake up at the deadline).
     */
    public boolean apply(LedgerEntry e, Reservations reservations, Consumer<LineOutcome> out) {
        boolean queued = false;
        switch (e.kind()) {
            case STOCK_RECEIVED:
                available = saturatedAdd(available, e.quantity());
                break;
            case STOCK_COUNTED:
                available = e.quantity();
                break;
            case RELEASE:
                release(e, reservations, out);
                break;
            case RESERVE:
                queued = reserve(e, reservations, out);
                break;
            default:
                throw new IllegalStateException("unknown ledger entry kind " + e.kind());
        }
        drain(e.time(), reservations, out);
        return queued;
    }

    /**
     * Rejects every queued line whose deadline has come by {@code now}, each at its own deadline,
     * then lets the lines behind them move up.
     */
    public void expire(long now, Reservations reservations, Consumer<LineOutcome> out) {
        boolean removed = false;
        for (Iterator<QueuedLine> it = queue.iterator(); it.hasNext(); ) {
            QueuedLine q = it.next();
            if (q.deadline() <= now) {
                it.remove();
                removed = true;
                out.accept(
                        new LineOutcome(
                                q.orderId(),
                                q.lineIndex(),
                                q.deadline(),
                                LineOutcome.Result.REJECTED,
                                true));
            }
        }
        if (removed) {
            drain(now, reservations, out);
        }
    }

    /** The earliest deadline in the queue, or Long.MAX_VALUE when nothing waits. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (QueuedLine q : queue) {
            next = Math.min(next, q.deadline());
        }
        return next;
    }

    private boolean reserve(LedgerEntry e, Reservations reservations, Consumer<LineOutcome> out) {
        if (queue.isEmpty() && available >= e.quantity()) {
            available -= e.quantity();
            reservations.put(e.id(), e.quantity());
            out.accept(
                    new LineOutcome(
                            e.id(), e.lineIndex(), e.time(), LineOutcome.Result.RESERVED, false));
            return false;
        }
        if (e.backorder()) {
            queue.add(new QueuedLine(e.id(), e.lineIndex(), e.quantity(), e.deadline()));
            out.accept(
                    new LineOutcome(
                            e.id(), e.lineIndex(), e.time(), LineOutcome.Result.QUEUED, true));
            return true;
        }
        out.accept(
                new LineOutcome(
                        e.id(), e.lineIndex(), e.time(), LineOutcome.Result.REJECTED, false));
        return false;
    }

    private void release(LedgerEntry e, Reservations reservations, Consumer<LineOutcome> out) {
        Long reserved = reservations.remove(e.id());
        if (reserved != null) {
            available = saturatedAdd(available, reserved);
            out.accept(
                    new LineOutcome(
                            e.id(), e.lineIndex(), e.time(), LineOutcome.Result.RELEASED, false));
            return;
        }
        for (Iterator<QueuedLine> it = queue.iterator(); it.hasNext(); ) {
            QueuedLine q = it.next();
            if (q.orderId().equals(e.id())) {
                it.remove();
                out.accept(
                        new LineOutcome(
                                q.orderId(),
                                q.lineIndex(),
                                e.time(),
                                LineOutcome.Result.WITHDRAWN,
                                true));
                return;
            }
        }
        // A rejected line holds nothing: releasing it changes nothing but the answer.
        out.accept(
                new LineOutcome(
                        e.id(), e.lineIndex(), e.time(), LineOutcome.Result.NOT_HELD, false));
    }

    /** Strict FIFO: a head that does not fit blocks every line behind it. */
    private void drain(long now, Reservations reservations, Consumer<LineOutcome> out) {
        while (!queue.isEmpty() && queue.get(0).quantity() <= available) {
            QueuedLine head = queue.remove(0);
            available -= head.quantity();
            reservations.put(head.orderId(), head.quantity());
            out.accept(
                    new LineOutcome(
                            head.orderId(),
                            head.lineIndex(),
                            now,
                            LineOutcome.Result.RESERVED,
                            true));
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
