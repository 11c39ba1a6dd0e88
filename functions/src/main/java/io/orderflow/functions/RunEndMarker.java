package io.orderflow.functions;

import io.orderflow.schemas.InputRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Passes decoded input records on and remembers the latest {@code occurredAt} among them. When its
 * input ends (the final watermark), it first sends that time on {@link #RUN_END}, so every ledger
 * learns where the run's event time ends (the contract's T_end) before the final watermark reaches
 * it: a backorder line then expires at the end of a bounded run only if the run's events reached
 * its deadline, on any sku. The time is checkpointed, so records read before a restore still count.
 */
public class RunEndMarker extends AbstractStreamOperator<InputRecord>
        implements OneInputStreamOperator<InputRecord, InputRecord> {

    /** The latest event time one subtask read, sent once, when all its input is read. */
    public static final OutputTag<Long> RUN_END = new OutputTag<>("run-end", Types.LONG);

    private static final long serialVersionUID = 1L;

    /**
     * Whether this run ends (--stop-at); a checkpoint remembers it, so a resume cannot lose the
     * end.
     */
    private final boolean bounded;

    /** State names of snapshots before session 6, which kept both numbers in union state. */
    static final String LEGACY_LATEST = "latest-event-time";

    static final String LEGACY_BOUNDED = "bounded-run";

    private transient CheckpointedLong checkpointed;
    private transient CheckpointedLong checkpointedBounded;
    private transient long latest;
    private transient boolean sent;

    /** {@code bounded}: whether this run ends by itself (--stop-at). */
    public RunEndMarker(boolean bounded) {
        this.bounded = bounded;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Split state: this task is a source's, whose subtasks of a bounded run finish one by one,
        // and Flink completes no checkpoint of a partly finished task with union state. After a
        // rescale each written time goes to one subtask; the ledgers take the latest of all the
        // times sent, so the run's end is still the latest of all (a finished reader had sent its
        // time before it finished, and the ledgers checkpoint what they were sent).
        checkpointed = CheckpointedLong.split(context, "reader-latest-event-time");
        checkpointedBounded = CheckpointedLong.split(context, "reader-bounded-run");
        latest =
                Math.max(
                        checkpointed.max(Long.MIN_VALUE),
                        CheckpointedLong.takeUnionMax(context, LEGACY_LATEST, Long.MIN_VALUE));
        long boundedRestored =
                Math.max(
                        checkpointedBounded.max(0),
                        CheckpointedLong.takeUnionMax(context, LEGACY_BOUNDED, 0));
        // Once a bounded run has read all its input its splits are gone from the readers' state,
        // and nothing else in the checkpoint would say where it ended.
        if (!bounded && boundedRestored == 1) {
            throw new BoundedRunResumedWithoutEnd("it had read its input up to its end");
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointed.set(latest);
        checkpointedBounded.set(bounded ? 1 : 0);
    }

    @Override
    public void processElement(StreamRecord<InputRecord> element) {
        long t = element.getValue().occurredAt();
        if (t > latest) {
            latest = t;
        }
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && !sent) {
            sent = true;
            output.collect(RUN_END, new StreamRecord<>(latest));
        }
        super.processWatermark(mark);
    }
}
