package io.orderflow.local.it;

import io.orderflow.functions.Decision;
import io.orderflow.jobs.Sinks;
import io.orderflow.schemas.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Throws once, on the decisions' way to the sink, {@value #RECORDS_AFTER_CHECKPOINT} records after
 * a checkpoint completed that covered some of this subtask's records. So when it strikes, outputs
 * are committed (a restart must not repeat them) and others sit in an open transaction (it must not
 * lose them). It never throws before a checkpoint completed: a run that gets none mid-stream ends
 * without the failure, and {@link #checkpointBeforeFailure()} says so.
 *
 * <p>One job at a time: the state that tells the test what happened is static (the mini-cluster
 * runs in the test's JVM).
 */
final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T>
        implements CheckpointedFunction, CheckpointListener {

    /**
     * Records passed between the completed checkpoint and the failure: the open transaction's
     * share.
     */
    static final int RECORDS_AFTER_CHECKPOINT = 20;

    private static final AtomicBoolean ARMED = new AtomicBoolean();
    private static final AtomicLong CHECKPOINT_BEFORE_FAILURE = new AtomicLong();
    private static final AtomicLong COMMITTED_BEFORE_FAILURE = new AtomicLong();
    private static final AtomicLong RESTORED_CHECKPOINT = new AtomicLong();
    private static final AtomicLong CHECKPOINTS_COMPLETED = new AtomicLong();

    /**
     * Records this subtask passed in this attempt, and how many of them each checkpoint's barrier
     * followed.
     */
    private transient long passed;

    private transient Map<Long, Long> passedAtBarrier;

    /** Set once a completed checkpoint covered records of this subtask: the count since then. */
    private transient long sinceCompleted;

    private transient long completedId;
    private transient long coveredByCompleted;

    /** Arms the failure for the next job. */
    static void reset() {
        ARMED.set(true);
        CHECKPOINT_BEFORE_FAILURE.set(0);
        COMMITTED_BEFORE_FAILURE.set(0);
        RESTORED_CHECKPOINT.set(0);
        CHECKPOINTS_COMPLETED.set(0);
    }

    /** The id of the completed checkpoint the failure followed; 0 while it has not struck. */
    static long checkpointBeforeFailure() {
        return CHECKPOINT_BEFORE_FAILURE.get();
    }

    /** How many records of the failing subtask that checkpoint had covered (committed outputs). */
    static long committedBeforeFailure() {
        return COMMITTED_BEFORE_FAILURE.get();
    }

    /** The highest checkpoint id a restarted attempt restored; 0 if none did. */
    static long restoredCheckpoint() {
        return RESTORED_CHECKPOINT.get();
    }

    /**
     * Completion notices seen by all subtasks in all attempts (for the message when no failure
     * came).
     */
    static long checkpointsCompleted() {
        return CHECKPOINTS_COMPLETED.get();
    }

    /** The sinks, with the decisions passing this function on their way to them. */
    static Sinks around(Sinks delegate) {
        return new Sinks() {
            @Override
            public void write(DataStream<Decision> decisions, DataStream<DeadLetter> deadLetters) {
                delegate.write(
                        decisions
                                .map(new FailOnceAfterCheckpoint<>())
                                .returns(decisions.getType())
                                .name("fail once"),
                        deadLetters);
            }
        };
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        passed = 0;
        passedAtBarrier = new HashMap<>();
        sinceCompleted = -1;
        if (context.isRestored()) {
            RESTORED_CHECKPOINT.accumulateAndGet(
                    context.getRestoredCheckpointId().orElse(0), Math::max);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        passedAtBarrier.put(context.getCheckpointId(), passed);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTS_COMPLETED.incrementAndGet();
        Long covered = passedAtBarrier.remove(checkpointId);
        passedAtBarrier.keySet().removeIf(id -> id < checkpointId); // subsumed or aborted
        if (sinceCompleted < 0 && covered != null && covered > 0) {
            sinceCompleted = 0;
            completedId = checkpointId;
            coveredByCompleted = covered;
        }
    }

    @Override
    public T map(T value) {
        passed++;
        if (sinceCompleted >= 0
                && ++sinceCompleted > RECORDS_AFTER_CHECKPOINT
                && ARMED.compareAndSet(true, false)) {
            CHECKPOINT_BEFORE_FAILURE.set(completedId);
            COMMITTED_BEFORE_FAILURE.set(coveredByCompleted);
            throw new IllegalStateException(
                    "injected failure "
                            + RECORDS_AFTER_CHECKPOINT
                            + " records after checkpoint "
                            + completedId);
        }
        return value;
    }
}
