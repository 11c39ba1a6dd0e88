package io.orderflow.jobs.kafka;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

/**
 * A {@link KafkaSource} that resumes as the run's options say. A bounded one also ends after a
 * restore (FLINK-31006, open in flink-connector-kafka 5.0.0). A restored {@code
 * KafkaSourceEnumerator} runs its one discovery, finds every partition already in its {@code
 * assignedSplits}, and {@code checkPartitionChanges} returns on the empty change before {@code
 * handlePartitionSplitChanges}, the only place that sets {@code noMoreNewPartitionSplits}; so no
 * reader is ever told "no more splits", and a reader that has read its splits to their stopping
 * offsets waits for ever instead of ending its input.
 *
 * <p>Here the restored enumerator runs as it is, and once its discovery callbacks are done (none
 * pending on the coordinator) every registered reader, and every reader that registers later, is
 * told once per registration. The connector's own signal counts: a reader is never told twice, as a
 * second event to a finished task fails the job (FLINK-39712). The restored splits keep the
 * stopping offsets taken when the run first started, so the resumed run reads exactly what the
 * uninterrupted one would have. Fresh starts use the connector's enumerator unchanged.
 *
 * <p>Restored splits get the run's bounds in the reader ({@link StoppingReader}): those of a run
 * without an end get this run's stopping offsets, so a savepoint of a live job resumed with {@code
 * --stop-at} ends too; those of a bounded run, resumed without {@code --stop-at}, stop the job with
 * the way out instead of stalling at their old stop.
 */
public final class ResumableKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final KafkaSource<T> kafka;

    /** The run's --stop-at; null for a run without an end. */
    private final OffsetsInitializer stopAt;

    private final Properties adminProperties;

    private ResumableKafkaSource(
            KafkaSource<T> kafka, OffsetsInitializer stopAt, Properties adminProperties) {
        this.kafka = kafka;
        this.stopAt = stopAt;
        this.adminProperties = adminProperties;
    }

    /**
     * {@code kafka} resuming as its run says: {@code stopAt} is the stopping initializer it was
     * built with (null when unbounded), {@code adminProperties} how to reach its brokers (with its
     * group.id).
     */
    public static <T> ResumableKafkaSource<T> of(
            KafkaSource<T> kafka, OffsetsInitializer stopAt, Properties adminProperties) {
        if ((stopAt != null) != (kafka.getBoundedness() == Boundedness.BOUNDED)) {
            throw new IllegalArgumentException(
                    "stopAt must be given exactly when the source is bounded");
        }
        return new ResumableKafkaSource<>(kafka, stopAt, adminProperties);
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
            throws Exception {
        return new StoppingReader<>(kafka.createReader(context), stopAt, adminProperties);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState checkpoint)
            throws Exception {
        if (stopAt == null) {
            return kafka.restoreEnumerator(context, checkpoint);
        }
        SignallingContext signalling = new SignallingContext(context);
        return signalling.enumerator(kafka.restoreEnumerator(signalling, checkpoint));
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }

    /**
     * The coordinator's context as the restored enumerator sees it: counts its pending one-off
     * calls (discovery, then split initialisation) and remembers which readers it told. Everything
     * runs in the coordinator thread: callbacks, reader registration and the enumerator's calls.
     */
    static final class SignallingContext implements SplitEnumeratorContext<KafkaPartitionSplit> {
        private final SplitEnumeratorContext<KafkaPartitionSplit> context;
        private final Set<Integer> told = new HashSet<>();
        private int pendingCalls;
        private boolean started;
        private boolean discovered;

        SignallingContext(SplitEnumeratorContext<KafkaPartitionSplit> context) {
            this.context = context;
        }

        SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator(
                SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restored) {
            return new SplitEnumerator<>() {
                @Override
                public void start() {
                    restored.start();
                    started = true;
                    maybeDiscovered();
                }

                @Override
                public void addReader(int subtask) {
                    told.remove(subtask); // a new attempt of the reader: it needs its own signal
                    restored.addReader(subtask);
                    if (discovered) {
                        tellOnce(subtask);
                    }
                }

                @Override
                public void handleSplitRequest(int subtask, String host) {
                    restored.handleSplitRequest(subtask, host);
                }

                @Override
                public void addSplitsBack(List<KafkaPartitionSplit> splits, int subtask) {
                    restored.addSplitsBack(splits, subtask);
                }

                @Override
                public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
                    return restored.snapshotState(checkpointId);
                }

                @Override
                public void notifyCheckpointComplete(long checkpointId) throws Exception {
                    restored.notifyCheckpointComplete(checkpointId);
                }

                @Override
                public void handleSourceEvent(int subtask, SourceEvent event) {
                    restored.handleSourceEvent(subtask, event);
                }

                @Override
                public void close() throws java.io.IOException {
                    restored.close();
                }
            };
        }

        private void maybeDiscovered() {
            if (started && pendingCalls == 0 && !discovered) {
                discovered = true;
                context.registeredReaders().keySet().forEach(this::tellOnce);
            }
        }

        private void tellOnce(int subtask) {
            if (told.add(subtask)) {
                context.signalNoMoreSplits(subtask);
            }
        }

        @Override
        public <R> void callAsync(Callable<R> callable, BiConsumer<R, Throwable> handler) {
            pendingCalls++;
            context.callAsync(
                    callable,
                    (result, failure) -> {
                        handler.accept(
                                result,
                                failure); // schedules the next call, if any, before this one counts
                        // as done
                        pendingCalls--;
                        maybeDiscovered();
                    });
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            tellOnce(subtask);
        }

        @Override
        public <R> void callAsync(
                Callable<R> callable,
                BiConsumer<R, Throwable> handler,
                long initialDelay,
                long period) {
            context.callAsync(
                    callable,
                    handler,
                    initialDelay,
                    period); // periodic discovery: a bounded source has none
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return context.metricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtask, SourceEvent event) {
            context.sendEventToSourceReader(subtask, event);
        }

        @Override
        public void sendEventToSourceReader(int subtask, int attempt, SourceEvent event) {
            context.sendEventToSourceReader(subtask, attempt, event);
        }

        @Override
        public int currentParallelism() {
            return context.currentParallelism();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return context.registeredReaders();
        }

        @Override
        public Map<Integer, Map<Integer, ReaderInfo>> registeredReadersOfAttempts() {
            return context.registeredReadersOfAttempts();
        }

        @Override
        public void assignSplits(SplitsAssignment<KafkaPartitionSplit> assignment) {
            context.assignSplits(assignment);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            context.runInCoordinatorThread(runnable);
        }

        @Override
        public void setIsProcessingBacklog(boolean backlog) {
            context.setIsProcessingBacklog(backlog);
        }
    }
}
