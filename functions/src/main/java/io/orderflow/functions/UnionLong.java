package io.orderflow.functions;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * One number per subtask in union operator state: after a restore, at any parallelism, every
 * subtask sees what all of them wrote, and takes the latest or the earliest.
 */
final class UnionLong {

    private final ListState<Long> state;
    private final List<Long> restored;

    private UnionLong(ListState<Long> state, List<Long> restored) {
        this.state = state;
        this.restored = restored;
    }

    static UnionLong register(StateInitializationContext context, String name) throws Exception {
        ListState<Long> state = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(name, Types.LONG));
        List<Long> restored = new java.util.ArrayList<>();
        state.get().forEach(restored::add);
        return new UnionLong(state, restored);
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
}
