package io.orderflow.functions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Ledger entries waiting in memory for the watermark, in buckets of one sku and one instant (the
 * layout of the ledger's keyed state). Plain Java: {@link StockLedger} decides what stays here,
 * what goes to keyed state, and when buckets apply.
 *
 * <p>Each sku's buckets sit in an array sorted by time, where entries nearly always append; a
 * watermark step finds the skus with work due in a heap of each sku's earliest instant (one heap
 * element per sku and step, not one per entry, and stale elements are dropped when they surface). A
 * profile of the earlier layout (a tree per sku plus a tree of every waiting instant) put a tenth
 * of the job's CPU into those trees. A checkpoint writes every waiting bucket ({@link
 * #forEachBucket}) into the ledger's raw keyed state ({@link WaitingSnapshot}).
 */
final class WaitingEntries {

    /** One sku's entries of one instant. */
    static final class Bucket {
        final String sku;
        final long time;
        final List<LedgerEntry> entries = new ArrayList<>(2);

        /**
         * This bucket as the last checkpoint wrote it ({@link WaitingSnapshot}); null once its
         * entries changed. It costs memory about the size of the encoded entries.
         */
        byte[] written;

        Bucket(String sku, long time) {
            this.sku = sku;
            this.time = time;
        }
    }

    /** One sku's buckets, sorted by time, in {@code buckets[head..tail)}. */
    private static final class SkuQueue {
        Bucket[] buckets = new Bucket[4];
        int head;
        int tail;

        boolean isEmpty() {
            return head == tail;
        }

        Bucket first() {
            return buckets[head];
        }

        Bucket last() {
            return buckets[tail - 1];
        }

        /** The index of the bucket at {@code time}, or -(insertion point) - 1. */
        int indexOf(long time) {
            int lo = head;
            int hi = tail - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long t = buckets[mid].time;
                if (t < time) {
                    lo = mid + 1;
                } else if (t > time) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }

        void insert(int at, Bucket b) {
            if (tail == buckets.length) {
                int live = tail - head;
                Bucket[] grown =
                        live * 2 > buckets.length ? new Bucket[buckets.length * 2] : buckets;
                System.arraycopy(buckets, head, grown, 0, live);
                if (grown == buckets) {
                    Arrays.fill(buckets, live, tail, null);
                }
                at -= head;
                head = 0;
                tail = live;
                buckets = grown;
            }
            System.arraycopy(buckets, at, buckets, at + 1, tail - at);
            buckets[at] = b;
            tail++;
        }

        Bucket removeFirst() {
            Bucket b = buckets[head];
            buckets[head++] = null;
            return b;
        }

        Bucket removeLast() {
            Bucket b = buckets[--tail];
            buckets[tail] = null;
            return b;
        }

        void remove(int at) {
            System.arraycopy(buckets, at + 1, buckets, at, tail - at - 1);
            buckets[--tail] = null;
        }
    }

    /**
     * A sku and an instant: in {@link #earliest} its first bucket's, in {@link #latest} its last
     * one's. It holds the sku's queue, so that telling a stale mark needs no lookup by sku: a queue
     * once emptied leaves {@link #bySku} and is never filled again.
     */
    private record Mark(long time, String sku, SkuQueue queue) {

        boolean isFirst() {
            return !queue.isEmpty() && queue.first().time == time;
        }

        boolean isLast() {
            return !queue.isEmpty() && queue.last().time == time;
        }
    }

    private final Map<String, SkuQueue> bySku = new HashMap<>();
    private final PriorityQueue<Mark> earliest =
            new PriorityQueue<>((a, b) -> Long.compare(a.time, b.time));

    /** Built on first use (only when memory is full), then kept up to date. */
    private PriorityQueue<Mark> latest;

    private int size;

    /** Adds one entry to its bucket. */
    void add(LedgerEntry e) {
        Bucket b = bucketOf(e.sku(), e.time());
        b.entries.add(e);
        b.written = null;
        size++;
    }

    /** Adds entries to what waits at one instant. */
    void addAll(String sku, long time, List<LedgerEntry> entries) {
        Bucket b = bucketOf(sku, time);
        b.entries.addAll(entries);
        b.written = null;
        size += entries.size();
    }

    /** Removes and returns the entries of one bucket; null when none wait there. */
    List<LedgerEntry> take(String sku, long time) {
        SkuQueue q = bySku.get(sku);
        if (q == null) {
            return null;
        }
        Bucket b;
        if (q.first().time == time) {
            b = q.removeFirst();
            if (!q.isEmpty()) {
                earliest.add(new Mark(q.first().time, sku, q));
            }
        } else if (q.last().time == time) {
            b = q.removeLast();
            if (latest != null && !q.isEmpty()) {
                latest.add(new Mark(q.last().time, sku, q));
            }
        } else {
            int at = q.indexOf(time);
            if (at < 0) {
                return null;
            }
            b = q.buckets[at];
            q.remove(at);
        }
        if (q.isEmpty()) {
            bySku.remove(sku);
        }
        size -= b.entries.size();
        return b.entries;
    }

    /** The earliest instant at which {@code sku} has entries waiting; Long.MAX_VALUE when none. */
    long nextTime(String sku) {
        SkuQueue q = bySku.get(sku);
        return q == null ? Long.MAX_VALUE : q.first().time;
    }

    /** Every sku with entries at or before {@code time}. */
    Set<String> skusDueBy(long time) {
        Set<String> due = new HashSet<>();
        List<Mark> stillDue = new ArrayList<>();
        while (!earliest.isEmpty() && earliest.peek().time <= time) {
            Mark m = earliest.poll();
            if (m.isFirst() && due.add(m.sku)) {
                stillDue.add(m);
            }
        }
        earliest.addAll(stillDue); // still due until taken
        return due;
    }

    /** One sku waiting at the latest instant, or null when nothing waits. */
    String latestSku() {
        Mark m = latestMark();
        return m == null ? null : m.sku;
    }

    /** The latest instant anything waits at; Long.MIN_VALUE when nothing does. */
    long latestTime() {
        Mark m = latestMark();
        return m == null ? Long.MIN_VALUE : m.time;
    }

    /** Every waiting bucket, sku by sku in time order. */
    void forEachBucket(Consumer<Bucket> action) {
        for (SkuQueue q : bySku.values()) {
            for (int i = q.head; i < q.tail; i++) {
                action.accept(q.buckets[i]);
            }
        }
    }

    /** How many entries wait. */
    int size() {
        return size;
    }

    private Bucket bucketOf(String sku, long time) {
        SkuQueue q = bySku.get(sku);
        if (q == null) {
            q = new SkuQueue();
            bySku.put(sku, q);
        }
        if (!q.isEmpty() && q.last().time == time) {
            return q.last();
        }
        Bucket b = new Bucket(sku, time);
        if (q.isEmpty() || q.last().time < time) {
            boolean first = q.isEmpty();
            q.insert(q.tail, b);
            if (first) {
                earliest.add(new Mark(time, sku, q));
            }
            if (latest != null) {
                latest.add(new Mark(time, sku, q));
                if (latest.size() > 2 * bySku.size() + 1024) {
                    latest = null; // mostly marks of buckets applied since: rebuilt when next asked
                }
            }
            return b;
        }
        int at = q.indexOf(time);
        if (at >= 0) {
            return q.buckets[at];
        }
        at = -(at + 1);
        boolean first = at == q.head;
        q.insert(at, b);
        if (first) {
            earliest.add(new Mark(time, sku, q));
        }
        return b;
    }

    private Mark latestMark() {
        if (latest == null) {
            latest = new PriorityQueue<>((a, b) -> Long.compare(b.time, a.time));
            bySku.forEach((sku, q) -> latest.add(new Mark(q.last().time, sku, q)));
        }
        while (!latest.isEmpty()) {
            Mark m = latest.peek();
            if (m.isLast()) {
                return m;
            }
            latest.poll(); // stale: that bucket was taken
        }
        return null;
    }
}
