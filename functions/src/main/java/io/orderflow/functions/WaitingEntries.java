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
 * <p>Each sku's buckets sit in an array sorted by time, their instants beside them in a {@code
 * long[]}, where entries nearly always append. A watermark step finds the skus with work due in a
 * heap of the skus, ordered by each one's earliest instant: the instants sit in a {@code long[]} of
 * their own, and each sku's queue knows its place in it, so a queue whose first instant changes
 * moves in the heap and a step visits only the due part of the heap, without taking anything out.
 * Profiles of earlier layouts put a tenth of the job's CPU into a tree per sku plus a tree of every
 * waiting instant, and then 4 % into a heap of objects with one mark per sku and step (stale ones
 * dropped when they surfaced), mostly cache misses. A checkpoint writes every waiting bucket
 * ({@link #forEachBucket}) into the ledger's raw keyed state ({@link WaitingSnapshot}).
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

    /**
     * One sku's buckets, sorted by time, in {@code buckets[head..tail)} and their instants in
     * {@code times[head..tail)}.
     */
    private static final class SkuQueue {
        final String sku;
        Bucket[] buckets = new Bucket[4];
        long[] times = new long[4];
        int head;
        int tail;

        /** Where this queue sits in {@link #heap}; -1 once it is empty. */
        int heapIndex = -1;

        SkuQueue(String sku) {
            this.sku = sku;
        }

        boolean isEmpty() {
            return head == tail;
        }

        long firstTime() {
            return times[head];
        }

        long lastTime() {
            return times[tail - 1];
        }

        /** The index of the bucket at {@code time}, or -(insertion point) - 1. */
        int indexOf(long time) {
            return Arrays.binarySearch(times, head, tail, time);
        }

        void insert(int at, Bucket b) {
            if (tail == buckets.length) {
                int live = tail - head;
                boolean grow = live * 2 > buckets.length;
                Bucket[] movedBuckets = grow ? new Bucket[buckets.length * 2] : buckets;
                long[] movedTimes = grow ? new long[times.length * 2] : times;
                System.arraycopy(buckets, head, movedBuckets, 0, live);
                System.arraycopy(times, head, movedTimes, 0, live);
                if (!grow) {
                    Arrays.fill(buckets, live, tail, null);
                }
                at -= head;
                head = 0;
                tail = live;
                buckets = movedBuckets;
                times = movedTimes;
            }
            System.arraycopy(buckets, at, buckets, at + 1, tail - at);
            System.arraycopy(times, at, times, at + 1, tail - at);
            buckets[at] = b;
            times[at] = b.time;
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
            System.arraycopy(times, at + 1, times, at, tail - at - 1);
            buckets[--tail] = null;
        }
    }

    /**
     * A sku's last instant when it was noted in {@link #latest}; stale once that bucket was taken
     * or a later one came.
     */
    private record Mark(long time, SkuQueue queue) {

        boolean isLast() {
            return !queue.isEmpty() && queue.lastTime() == time;
        }
    }

    private final Map<String, SkuQueue> bySku = new HashMap<>();

    /** A binary min-heap of the skus with entries, by their first instant ({@link #heapTimes}). */
    private SkuQueue[] heap = new SkuQueue[64];

    private long[] heapTimes = new long[64];
    private int heapSize;

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
        if (q.firstTime() == time) {
            b = q.removeFirst();
            if (q.isEmpty()) {
                bySku.remove(sku);
                heapRemove(q);
            } else {
                heapKeyChanged(q);
            }
        } else if (q.lastTime() == time) {
            b = q.removeLast();
            if (latest != null) {
                latest.add(new Mark(q.lastTime(), q));
            }
        } else {
            int at = q.indexOf(time);
            if (at < 0) {
                return null;
            }
            b = q.buckets[at];
            q.remove(at);
        }
        size -= b.entries.size();
        return b.entries;
    }

    /** The earliest instant at which {@code sku} has entries waiting; Long.MAX_VALUE when none. */
    long nextTime(String sku) {
        SkuQueue q = bySku.get(sku);
        return q == null ? Long.MAX_VALUE : q.firstTime();
    }

    /** Every sku with entries at or before {@code time}. */
    Set<String> skusDueBy(long time) {
        Set<String> due = new HashSet<>();
        if (heapSize > 0 && heapTimes[0] <= time) {
            collectDue(0, time, due);
        }
        return due;
    }

    /** Heap node {@code i} is due; so may its children be (a parent is never later). */
    private void collectDue(int i, long time, Set<String> due) {
        due.add(heap[i].sku);
        int child = 2 * i + 1;
        if (child < heapSize && heapTimes[child] <= time) {
            collectDue(child, time, due);
        }
        if (child + 1 < heapSize && heapTimes[child + 1] <= time) {
            collectDue(child + 1, time, due);
        }
    }

    /** One sku waiting at the latest instant, or null when nothing waits. */
    String latestSku() {
        Mark m = latestMark();
        return m == null ? null : m.queue.sku;
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
            q = new SkuQueue(sku);
            bySku.put(sku, q);
        }
        if (!q.isEmpty() && q.lastTime() == time) {
            return q.buckets[q.tail - 1];
        }
        Bucket b = new Bucket(sku, time);
        if (q.isEmpty() || q.lastTime() < time) {
            boolean first = q.isEmpty();
            q.insert(q.tail, b);
            if (first) {
                heapAdd(q);
            }
            if (latest != null) {
                latest.add(new Mark(time, q));
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
            heapKeyChanged(q);
        }
        return b;
    }

    private Mark latestMark() {
        if (latest == null) {
            latest = new PriorityQueue<>((a, b) -> Long.compare(b.time, a.time));
            bySku.values().forEach(q -> latest.add(new Mark(q.lastTime(), q)));
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

    private void heapAdd(SkuQueue q) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
            heapTimes = Arrays.copyOf(heapTimes, heapSize * 2);
        }
        place(q, q.firstTime(), heapSize++);
        siftUp(q.heapIndex);
    }

    /** {@code q}'s first instant changed: it moves up or down to its place. */
    private void heapKeyChanged(SkuQueue q) {
        int i = q.heapIndex;
        long before = heapTimes[i];
        heapTimes[i] = q.firstTime();
        if (heapTimes[i] < before) {
            siftUp(i);
        } else {
            siftDown(i);
        }
    }

    private void heapRemove(SkuQueue q) {
        int i = q.heapIndex;
        q.heapIndex = -1;
        int last = --heapSize;
        SkuQueue moved = heap[last];
        heap[last] = null;
        if (i == last) {
            return;
        }
        long movedTime = heapTimes[last];
        place(moved, movedTime, i);
        if (i > 0 && movedTime < heapTimes[(i - 1) / 2]) {
            siftUp(i);
        } else {
            siftDown(i);
        }
    }

    private void siftUp(int i) {
        SkuQueue q = heap[i];
        long t = heapTimes[i];
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (heapTimes[parent] <= t) {
                break;
            }
            place(heap[parent], heapTimes[parent], i);
            i = parent;
        }
        place(q, t, i);
    }

    private void siftDown(int i) {
        SkuQueue q = heap[i];
        long t = heapTimes[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heapTimes[child + 1] < heapTimes[child]) {
                child++;
            }
            if (t <= heapTimes[child]) {
                break;
            }
            place(heap[child], heapTimes[child], i);
            i = child;
        }
        place(q, t, i);
    }

    private void place(SkuQueue q, long time, int i) {
        heap[i] = q;
        heapTimes[i] = time;
        q.heapIndex = i;
    }
}
