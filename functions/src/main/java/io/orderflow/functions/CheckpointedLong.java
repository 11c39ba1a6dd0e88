package io.orderflow.functions;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * One number per subtask in operator state. In union state ({@link #union}) every subtask sees,
 * after a restore at any parallelism, what all of them wrote; in split state ({@link #split}) each
 * written number goes to one subtask. Flink refuses to complete a checkpoint while only some
 * subtasks of a task with union state have finished, so what runs in a source's task uses split
 * state.
 */
final class CheckpointedLong {

    private final ListState<Long> state;
    private final List<Long> restored;

    private CheckpointedLong(ListState<Long> state, List<Long> restored) {
        this.state = state;
        this.restored = restored;
    }

    static CheckpointedLong union(StateInitializationContext context, String name)
            throws Exception {
        return of(
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>(name, Types.LONG)));
    }

    static CheckpointedLong split(StateInitializationContext context, String name)
            throws Exception {
        return of(
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>(name, Types.LONG)));
    }

    /**
     * The largest value a restore brought in union state of this name, which is then emptied (an
     * earlier layout's state, read once); {@code none} when the restore brought no such state.
     */
    static long takeUnionMax(StateInitializationContext context, String name, long none)
            throws Exception {
        // The store knows every restored state by name before it is asked for.
        if (!context.isRestored()
                || !context.getOperatorStateStore().getRegisteredStateNames().contains(name)) {
            return none;
        }
        CheckpointedLong legacy = union(context, name);
        legacy.clear();
        return legacy.max(none);
    }

    private static CheckpointedLong of(ListState<Long> state) throws Exception {
        List<Long> restored = new java.util.ArrayList<>();
        state.get().forEach(restored::add);
        return new CheckpointedLong(state, restored);
    }

    /** Whether a restore brought any value. */
    boolean restoredAny() {
        return !restored.isEmpty();
    }

    /** The largest value restored, or {@code none}. */
    long max(long none) {
        return restored.stream().mapToLong(Long::longValue).max().orElse(none);
    }

    /** The smallest value restored, or {@code none}. */
    long min(long none) {
        return restored.stream().mapToLong(Long::longValue).min().orElse(none);
    }

    /** What this subtask's next snapshot holds. */
    void set(long value) throws Exception {
        state.update(List.of(value));
    }

    /** Nothing in this subtask's next snapshot. */
    void clear() throws Exception {
        state.update(List.of());
    }
}
