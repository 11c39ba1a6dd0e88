package io.orderflow.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ledger entries waiting in memory for the watermark, in buckets of one sku and one instant (the
 * layout of the ledger's keyed state), with an index by time so that one watermark step finds every
 * sku that has work due without looking at the others. Plain Java: {@link StockLedger} decides what
 * stays here, what goes to keyed state, and when buckets apply.
 */
final class WaitingEntries {

    /** One sku's entries of one instant. */
    record Bucket(String sku, long time) {}

    private final Map<String, TreeMap<Long, List<LedgerEntry>>> bySku = new HashMap<>();
    private final TreeMap<Long, Set<String>> skusByTime = new TreeMap<>();
    private int size;

    /** Adds one entry to its bucket. */
    void add(LedgerEntry e) {
        bucketOf(e.sku(), e.time()).add(e);
        size++;
    }

    /** Adds entries of one bucket (read back from keyed state) to what waits at that instant. */
    void addAll(String sku, long time, List<LedgerEntry> entries) {
        bucketOf(sku, time).addAll(entries);
        size += entries.size();
    }

    /** The entries of one bucket, in arrival order; null when none wait there. */
    List<LedgerEntry> get(String sku, long time) {
        TreeMap<Long, List<LedgerEntry>> times = bySku.get(sku);
        return times == null ? null : times.get(time);
    }

    /** Removes and returns one bucket; null when none waits there. */
    List<LedgerEntry> take(String sku, long time) {
        TreeMap<Long, List<LedgerEntry>> times = bySku.get(sku);
        if (times == null) {
            return null;
        }
        List<LedgerEntry> bucket = times.remove(time);
        if (bucket == null) {
            return null;
        }
        if (times.isEmpty()) {
            bySku.remove(sku);
        }
        Set<String> skus = skusByTime.get(time);
        skus.remove(sku);
        if (skus.isEmpty()) {
            skusByTime.remove(time);
        }
        size -= bucket.size();
        return bucket;
    }

    /** The earliest instant at which {@code sku} has entries waiting; Long.MAX_VALUE when none. */
    long nextTime(String sku) {
        TreeMap<Long, List<LedgerEntry>> times = bySku.get(sku);
        return times == null ? Long.MAX_VALUE : times.firstKey();
    }

    /** Every sku with entries at or before {@code time}. */
    Set<String> skusDueBy(long time) {
        Set<String> due = new HashSet<>();
        for (Set<String> skus : skusByTime.headMap(time, true).values()) {
            due.addAll(skus);
        }
        return due;
    }

    /** The bucket of the latest instant (one of them when several skus share it); null when empty. */
    Bucket latest() {
        if (skusByTime.isEmpty()) {
            return null;
        }
        Map.Entry<Long, Set<String>> last = skusByTime.lastEntry();
        return new Bucket(last.getValue().iterator().next(), last.getKey());
    }

    /** Every bucket that waits, for writing them all to keyed state. */
    List<Bucket> buckets() {
        List<Bucket> all = new ArrayList<>();
        skusByTime.forEach((time, skus) -> skus.forEach(sku -> all.add(new Bucket(sku, time))));
        return all;
    }

    /** How many entries wait. */
    int size() {
        return size;
    }

    private List<LedgerEntry> bucketOf(String sku, long time) {
        skusByTime.computeIfAbsent(time, t -> new HashSet<>()).add(sku);
        return bySku.computeIfAbsent(sku, s -> new TreeMap<>()).computeIfAbsent(time, t -> new ArrayList<>(2));
    }
}
