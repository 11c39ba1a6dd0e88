package io.orderflow.jobs.kafka;

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
 * The reader of a bounded run, which gives every split that comes without a stopping offset the
 * run's own ({@code --stop-at}), taken when the split arrives. Only splits restored from a
 * checkpoint or savepoint of an unbounded run come so: the enumerator of a bounded run gives every
 * split it makes a stopping offset, and a split keeps it in the reader's state. So a live job
 * stopped with a savepoint and resumed with {@code --stop-at} reads up to there and ends, instead of
 * reading on for ever with the unbounded splits it restored.
 */
final class StoppingReader<T> implements SourceReader<T, KafkaPartitionSplit> {

    private final SourceReader<T, KafkaPartitionSplit> reader;
    private final OffsetsInitializer stopAt;
    private final Properties adminProperties;

    StoppingReader(SourceReader<T, KafkaPartitionSplit> reader, OffsetsInitializer stopAt, Properties adminProperties) {
        this.reader = reader;
        this.stopAt = stopAt;
        this.adminProperties = adminProperties;
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> splits) {
        List<TopicPartition> unbounded = splits.stream().filter(s -> s.getStoppingOffset().isEmpty()).map(KafkaPartitionSplit::getTopicPartition).toList();
        if (unbounded.isEmpty()) {
            reader.addSplits(splits);
            return;
        }
        Map<TopicPartition, Long> stops;
        try (AdminClient admin = AdminClient.create(adminProperties)) {
            stops = stopAt.getPartitionOffsets(unbounded, new KafkaSourceEnumerator.PartitionOffsetsRetrieverImpl(admin, adminProperties.getProperty("group.id")));
        }
        List<KafkaPartitionSplit> bounded = new ArrayList<>(splits.size());
        for (KafkaPartitionSplit split : splits) {
            Long stop = stops.get(split.getTopicPartition());
            bounded.add(split.getStoppingOffset().isPresent() || stop == null ? split : new KafkaPartitionSplit(split.getTopicPartition(), split.getStartingOffset(), stop));
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
