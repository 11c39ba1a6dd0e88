package io.orderflow.bench;

import java.time.Duration;

/**
 * When a latency run's warm-up ends: once the variant has caught up with the offered load, so that
 * the measured window does not begin while it still works off the backlog of its start (the JIT's
 * warm-up, the first checkpoints). Caught up means that the freshest decision visible was of an
 * order sent at most {@code lag} before, and that this held without a break for {@code hold}. The
 * test reads only what any variant shows a reader (its committed decisions), so it is the same for
 * every variant, and it does not look at latencies inside the window: a variant that falls behind
 * again later pays for it there. The warm-up lasts at least {@code min} and at most {@code max}; at
 * {@code max} the window begins anyway, and the run says it did not catch up.
 *
 * <p>Times are epoch milliseconds. Not thread-safe: the caller synchronises.
 */
final class CatchUp {

    private final long minEnd;
    private final long maxEnd;
    private final long lagMs;
    private final long holdMs;

    /** The latest send time of an order whose decision has been seen; MIN_VALUE before any. */
    private long freshestSent = Long.MIN_VALUE;

    /** Since when the variant has been current without a break; MIN_VALUE while it is not. */
    private long currentSince = Long.MIN_VALUE;

    /** The warm-up's end, once decided; MAX_VALUE before. */
    private long end = Long.MAX_VALUE;

    private boolean caughtUp;

    CatchUp(long start, Duration min, Duration max, Duration lag, Duration hold) {
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max warm-up " + max + " is below min " + min);
        }
        this.minEnd = start + min.toMillis();
        this.maxEnd = start + max.toMillis();
        this.lagMs = lag.toMillis();
        this.holdMs = hold.toMillis();
    }

    /** The decision of an order sent at {@code sentAt} became visible. */
    void decided(long sentAt) {
        freshestSent = Math.max(freshestSent, sentAt);
    }

    /**
     * Whether the warm-up is over at {@code now}; once it is, it stays over and {@link #end()} is
     * fixed. Call it often (at least a few times a second), with a clock that does not go back.
     */
    boolean over(long now) {
        if (end != Long.MAX_VALUE) {
            return true;
        }
        if (freshestSent != Long.MIN_VALUE && now - freshestSent <= lagMs) {
            if (currentSince == Long.MIN_VALUE) {
                currentSince = now;
            }
        } else {
            currentSince = Long.MIN_VALUE;
        }
        boolean held = currentSince != Long.MIN_VALUE && now - currentSince >= holdMs;
        if (now >= minEnd && held) {
            end = now;
            caughtUp = true;
        } else if (now >= maxEnd) {
            end = now;
        }
        return end != Long.MAX_VALUE;
    }

    /** The warm-up's end (epoch ms); MAX_VALUE while it lasts. */
    long end() {
        return end;
    }

    /** Whether the warm-up ended because the variant caught up (not because it reached max). */
    boolean caughtUp() {
        return caughtUp;
    }
}
