package io.orderflow.functions;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * How long an operator's last write to keyed state before a checkpoint barrier took (the {@value
 * Metrics#FLUSH_BEFORE_BARRIER_MS} gauge, ms). That work delays the barrier on its way downstream,
 * and Flink's checkpoint statistics do not show it.
 */
final class FlushTime implements Gauge<Long> {

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
