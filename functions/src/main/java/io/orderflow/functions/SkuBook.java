package io.orderflow.functions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stock of one sku and its backorder queue, with the contract's rules for applying one ledger
 * entry. Plain Java, no Flink: {@link StockLedger} keeps it in memory and keyed state and feeds it
 * entries in event-time order. What it decided of each line lives outside (lines can be many)
 * behind {@link DecidedLines}.
 *
 * <p>A mutable POJO (public fields, no-arg constructor) so that Flink serializes it without Kryo
 * and can add fields to it across savepoints.
 */
public class SkuBook {

    /**
     * What the owner of a book remembers of the lines it decided, for the dedup TTL, so that a
     * release learns what its line holds. An order has no sku twice (contract section 3), so its
     * orderId names its line in a sku's book.
     */
    public interface DecidedLines {
        /** The order's line took {@code quantity} from {@code available}. */
        void reserved(String orderId, long quantity);

        /**
         * The order's line was rejected, at once or at its backorder deadline: it holds nothing.
         */
        void rejected(String orderId);

        /**
         * Forgets the decided line and returns what it holds, or null when it holds nothing (it was
         * rejected). {@code quantity} is the line's own quantity.
         */
        Long release(String orderId, long quantity);
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
    public boolean apply(LedgerEntry e, DecidedLines lines, Consumer<LineOutcome> out) {
        boolean queued = false;
        switch (e.kind()) {
            case STOCK_RECEIVED:
                available = saturatedAdd(available, e.quantity());
                break;
            case STOCK_COUNTED:
                available = e.quantity();
                break;
            case RELEASE:
                release(e, lines, out);
                break;
            case RESERVE:
                queued = reserve(e, lines, out);
                break;
            default:
                throw new IllegalStateException("unknown ledger entry kind " + e.kind());
        }
        drain(e.time(), lines, out);
        return queued;
    }

    /**
     * Rejects every queued line whose deadline has come by {@code now}, each at its own deadline,
     * then lets the lines behind them move up.
     */
    public void expire(long now, DecidedLines lines, Consumer<LineOutcome> out) {
        boolean removed = false;
        for (Iterator<QueuedLine> it = queue.iterator(); it.hasNext(); ) {
            QueuedLine q = it.next();
            if (q.deadline() <= now) {
                it.remove();
                removed = true;
                lines.rejected(q.orderId());
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
            drain(now, lines, out);
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

    private boolean reserve(LedgerEntry e, DecidedLines lines, Consumer<LineOutcome> out) {
        if (queue.isEmpty() && available >= e.quantity()) {
            available -= e.quantity();
            lines.reserved(e.id(), e.quantity());
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
        lines.rejected(e.id());
        out.accept(
                new LineOutcome(
                        e.id(), e.lineIndex(), e.time(), LineOutcome.Result.REJECTED, false));
        return false;
    }

    /** A queued line leaves its queue; a decided one gives back what it holds, if anything. */
    private void release(LedgerEntry e, DecidedLines lines, Consumer<LineOutcome> out) {
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
        Long held = lines.release(e.id(), e.quantity());
        if (held != null) {
            available = saturatedAdd(available, held);
            out.accept(
                    new LineOutcome(
                            e.id(), e.lineIndex(), e.time(), LineOutcome.Result.RELEASED, false));
            return;
        }
        // A rejected line holds nothing: releasing it changes nothing but the answer.
        out.accept(
                new LineOutcome(
                        e.id(), e.lineIndex(), e.time(), LineOutcome.Result.NOT_HELD, false));
    }

    /** Strict FIFO: a head that does not fit blocks every line behind it. */
    private void drain(long now, DecidedLines lines, Consumer<LineOutcome> out) {
        while (!queue.isEmpty() && queue.get(0).quantity() <= available) {
            QueuedLine head = queue.remove(0);
            available -= head.quantity();
            lines.reserved(head.orderId(), head.quantity());
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
