package io.orderflow.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Ledger entries waiting in memory for the watermark, in buckets of one sku and one instant (the
 * layout of the ledger's keyed state), with an index by time so that one watermark step finds every
 * sku that has work due without looking at the others. Each bucket knows whether keyed state holds
 * it as it is, so a flush writes only what changed. Plain Java: {@link StockLedger} decides what
 * stays here, what goes to keyed state, and when buckets apply.
 */
final class WaitingEntries {

    /** One sku's entries of one instant. */
    static final class Bucket {
        final String sku;
        final long time;
        final List<LedgerEntry> entries = new ArrayList<>(2);
        /** Keyed state holds this bucket (it was written by a flush or read back at a restore). */
        boolean stored;
        /** Entries came since keyed state last got it. */
        boolean changed;

        Bucket(String sku, long time) {
            this.sku = sku;
            this.time = time;
        }
    }

    private final Map<String, TreeMap<Long, Bucket>> bySku = new HashMap<>();
    /** The skus waiting at each instant: one sku's name, or a set of them when several wait then. */
    private final TreeMap<Long, Object> skusByTime = new TreeMap<>();
    private final List<Bucket> takenStored = new ArrayList<>();
    private int size;

    /** Adds one entry to its bucket. */
    void add(LedgerEntry e) {
        Bucket b = bucketOf(e.sku(), e.time());
        b.entries.add(e);
        b.changed = true;
        size++;
    }

    /** Adds entries to what waits at one instant; {@code stored} when they were just read from keyed state as a bucket. */
    void addAll(String sku, long time, List<LedgerEntry> entries, boolean stored) {
        Bucket b = bucketOf(sku, time);
        b.entries.addAll(entries);
        if (stored && b.entries.size() == entries.size()) {
            b.stored = true;
        } else {
            b.changed = true;
        }
        size += entries.size();
    }

    /** Removes and returns the entries of one bucket; null when none wait there. */
    List<LedgerEntry> take(String sku, long time) {
        TreeMap<Long, Bucket> times = bySku.get(sku);
        Bucket b = times == null ? null : times.remove(time);
        if (b == null) {
            return null;
        }
        if (times.isEmpty()) {
            bySku.remove(sku);
        }
        Object skus = skusByTime.get(time);
        if (skus instanceof Set<?> several) {
            several.remove(sku);
            if (several.isEmpty()) {
                skusByTime.remove(time);
            }
        } else {
            skusByTime.remove(time);
        }
        if (b.stored) {
            takenStored.add(b);
        }
        size -= b.entries.size();
        return b.entries;
    }

    /** The earliest instant at which {@code sku} has entries waiting; Long.MAX_VALUE when none. */
    long nextTime(String sku) {
        TreeMap<Long, Bucket> times = bySku.get(sku);
        return times == null ? Long.MAX_VALUE : times.firstKey();
    }

    /** Every sku with entries at or before {@code time}. */
    Set<String> skusDueBy(long time) {
        Set<String> due = new HashSet<>();
        for (Object skus : skusByTime.headMap(time, true).values()) {
            addTo(due, skus);
        }
        return due;
    }

    /** One sku waiting at the latest instant, or null when nothing waits. */
    String latestSku() {
        return skusByTime.isEmpty() ? null : firstOf(skusByTime.lastEntry().getValue());
    }

    /** The latest instant anything waits at; Long.MIN_VALUE when nothing does. */
    long latestTime() {
        return skusByTime.isEmpty() ? Long.MIN_VALUE : skusByTime.lastKey();
    }

    /** Buckets that keyed state holds but that have since been taken (applied or spilled), each once. */
    List<Bucket> drainTakenStored() {
        List<Bucket> taken = new ArrayList<>(takenStored);
        takenStored.clear();
        return taken;
    }

    /** Every bucket that waits. */
    void forEachBucket(Consumer<Bucket> action) {
        for (TreeMap<Long, Bucket> times : bySku.values()) {
            times.values().forEach(action);
        }
    }

    /** How many entries wait. */
    int size() {
        return size;
    }

    private Bucket bucketOf(String sku, long time) {
        TreeMap<Long, Bucket> times = bySku.computeIfAbsent(sku, s -> new TreeMap<>());
        Bucket b = times.get(time);
        if (b == null) {
            b = new Bucket(sku, time);
            times.put(time, b);
            index(sku, time);
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    private void index(String sku, long time) {
        Object skus = skusByTime.get(time);
        if (skus == null) {
            skusByTime.put(time, sku);
        } else if (skus instanceof Set<?> several) {
            ((Set<String>) several).add(sku);
        } else if (!skus.equals(sku)) {
            Set<String> several = new HashSet<>(4);
            several.add((String) skus);
            several.add(sku);
            skusByTime.put(time, several);
        }
    }

    @SuppressWarnings("unchecked")
    private static void addTo(Set<String> due, Object skus) {
        if (skus instanceof Set<?> several) {
            due.addAll((Set<String>) several);
        } else {
            due.add((String) skus);
        }
    }

    @SuppressWarnings("unchecked")
    private static String firstOf(Object skus) {
        return skus instanceof Set<?> several ? ((Set<String>) several).iterator().next() : (String) skus;
    }
}
