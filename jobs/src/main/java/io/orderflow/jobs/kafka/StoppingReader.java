package io.orderflow.jobs.kafka;

import io.orderflow.functions.BoundedRunResumedWithoutEnd;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumerator;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka reader that makes restored splits follow the run's {@code --stop-at}. A split keeps the
 * stopping offset it was made with in the reader's state, so a restore brings the bounds of the run
 * that wrote the checkpoint:
 *
 * <ul>
 *   <li>In a bounded run, a split without a stopping offset can only come from a run without an end
 *       (the bounded enumerator gives each split it makes one): it gets the run's own, taken when
 *       it arrives. A live job's savepoint resumed with {@code --stop-at} reads up to there and
 *       ends.
 *   <li>In a run without an end, a split with a stopping offset comes from a bounded run: it would
 *       stop there and the job would wait for ever, and the partitions that had already ended are
 *       not in the checkpoint at all. The job stops at once (not restarted) with the way out.
 * </ul>
 */
final class StoppingReader<T> implements SourceReader<T, KafkaPartitionSplit> {

    private final SourceReader<T, KafkaPartitionSplit> reader;

    /** The run's --stop-at; null for a run without an end. */
    private final OffsetsInitializer stopAt;

    private final Properties adminProperties;

    StoppingReader(
            SourceReader<T, KafkaPartitionSplit> reader,
            OffsetsInitializer stopAt,
            Properties adminProperties) {
        this.reader = reader;
        this.stopAt = stopAt;
        this.adminProperties = adminProperties;
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> splits) {
        if (stopAt == null) {
            splits.stream()
                    .filter(s -> s.getStoppingOffset().isPresent())
                    .findFirst()
                    .ifPresent(
                            s -> {
                                throw new BoundedRunResumedWithoutEnd(
                                        "partition "
                                                + s.getTopicPartition()
                                                + " stops at offset "
                                                + s.getStoppingOffset().orElseThrow());
                            });
            reader.addSplits(splits);
            return;
        }
        List<TopicPartition> unbounded =
                splits.stream()
                        .filter(s -> s.getStoppingOffset().isEmpty())
                        .map(KafkaPartitionSplit::getTopicPartition)
                        .toList();
        if (unbounded.isEmpty()) {
            reader.addSplits(splits);
            return;
        }
        Map<TopicPartition, Long> stops;
        try (AdminClient admin = AdminClient.create(adminProperties)) {
            stops =
                    stopAt.getPartitionOffsets(
                            unbounded,
                            new KafkaSourceEnumerator.PartitionOffsetsRetrieverImpl(
                                    admin, adminProperties.getProperty("group.id")));
        }
        List<KafkaPartitionSplit> bounded = new ArrayList<>(splits.size());
        for (KafkaPartitionSplit split : splits) {
            Long stop = stops.get(split.getTopicPartition());
            bounded.add(
                    split.getStoppingOffset().isPresent() || stop == null
                            ? split
                            : new KafkaPartitionSplit(
                                    split.getTopicPartition(), split.getStartingOffset(), stop));
        }
        reader.addSplits(bounded);
    }

    @Override
    public void start() {
        reader.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        return reader.pollNext(output);
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
        return reader.snapshotState(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return reader.isAvailable();
    }

    @Override
    public void notifyNoMoreSplits() {
        reader.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        reader.handleSourceEvents(event);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        reader.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
        reader.pauseOrResumeSplits(toPause, toResume);
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
