package io.orderflow.functions;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * How long an operator's last write to keyed state before a checkpoint barrier took (the {@value
 * Metrics#FLUSH_BEFORE_BARRIER_MS} gauge, ms). That work delays the barrier on its way downstream,
 * and Flink's checkpoint statistics do not show it.
 */
final class FlushTime implements Gauge<Long> {

    /**
     * Once this many writes to keyed state wait, the ledger and the decider make them between
     * barriers, so that what is left for the barrier stays small whatever the load. A write made
     * early is what a checkpoint at that moment would have made; the cost is that a sku's book
     * changed again before the barrier is written again.
     */
    static final int WRITE_AHEAD_AT = 256;

    private volatile long lastMillis;

    static FlushTime register(MetricGroup group) {
        return group.gauge(Metrics.FLUSH_BEFORE_BARRIER_MS, new FlushTime());
    }

    /** The flush that started at {@code startedNanos} ({@link System#nanoTime}) ended now. */
    void ended(long startedNanos) {
        lastMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public Long getValue() {
        return lastMillis;
    }
}
