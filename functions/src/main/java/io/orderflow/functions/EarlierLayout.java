package io.orderflow.functions;

import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * Since when (processing time) a subtask may hold keyed state that an earlier layout of its
 * operator wrote, kept in union operator state of the given name: a restore that finds no such
 * state took a snapshot of the layout before, whose per-key state expires after the dedup TTL. A
 * fresh start holds none.
 */
final class EarlierLayout {

    private static final long NONE = Long.MAX_VALUE;

    private final CheckpointedLong state;
    private long since;

    private EarlierLayout(CheckpointedLong state, long since) {
        this.state = state;
        this.since = since;
    }

    /** {@code now}: processing time, the clock of the state's TTL. */
    static EarlierLayout track(StateInitializationContext context, String name, long now)
            throws Exception {
        CheckpointedLong state = CheckpointedLong.union(context, name);
        long since = state.min(NONE);
        if (context.isRestored() && !state.restoredAny()) {
            since = now;
        }
        return new EarlierLayout(state, since);
    }

    /** Whether state of the earlier layout may still be held at {@code now}. */
    boolean mayHold(long now, long ttlMillis) {
        if (since != NONE && now - since > ttlMillis) {
            since = NONE; // whatever the earlier layout held has expired
        }
        return since != NONE;
    }

    /** Writes the moment into this subtask's next snapshot. */
    void snapshot() throws Exception {
        state.set(since);
    }
}
