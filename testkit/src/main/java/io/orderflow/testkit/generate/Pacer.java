package io.orderflow.testkit.generate;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A token bucket for a steady send rate. Each permit is due one interval after the previous one, so
 * waits never add up to drift; a bucket of {@link #BURST_SECONDS} worth of permits lets a sender
 * that fell behind catch up a little, not flood.
 */
final class Pacer {

    static final double BURST_SECONDS = 0.05;

    private final double intervalNanos;
    private final double burstNanos;
    private final LongSupplier nanoClock;
    private final LongConsumer sleeper;
    private double nextDue = Double.NaN;

    Pacer(double permitsPerSecond, LongSupplier nanoClock, LongConsumer sleeper) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + permitsPerSecond);
        }
        this.intervalNanos = 1e9 / permitsPerSecond;
        this.burstNanos = Math.max(intervalNanos, BURST_SECONDS * 1e9);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    static Pacer perSecond(double permitsPerSecond) {
        return new Pacer(permitsPerSecond, System::nanoTime, LockSupport::parkNanos);
    }

    /** Waits until the next permit is due. */
    void acquire() {
        long now = nanoClock.getAsLong();
        if (Double.isNaN(nextDue) || nextDue < now - burstNanos) {
            nextDue = now - burstNanos;
        }
        nextDue += intervalNanos;
        long wait = (long) (nextDue - now);
        if (wait > 0) {
            sleeper.accept(wait);
        }
    }
}
