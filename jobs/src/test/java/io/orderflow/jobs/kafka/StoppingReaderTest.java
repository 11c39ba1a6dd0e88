package io.orderflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.throwable.ThrowableClassifier;
import org.apache.flink.runtime.throwable.ThrowableType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StoppingReaderTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private final Recording inner = new Recording();

    @Test
    void aBoundedRunGivesASplitRestoredWithoutEndItsOwnStopAndKeepsTheStopOfTheOthers() {
        StoppingReader<String> reader =
                new StoppingReader<>(
                        inner, OffsetsInitializer.offsets(Map.of(P0, 500L, P1, 400L)), admin());

        reader.addSplits(
                List.of(
                        new KafkaPartitionSplit(P0, 120, KafkaPartitionSplit.NO_STOPPING_OFFSET),
                        new KafkaPartitionSplit(P1, 30, 90)));

        assertThat(inner.added)
                .extracting(
                        KafkaPartitionSplit::getTopicPartition,
                        KafkaPartitionSplit::getStartingOffset,
                        s -> s.getStoppingOffset().orElseThrow())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(P0, 120L, 500L),
                        org.assertj.core.groups.Tuple.tuple(P1, 30L, 90L));
    }

    @Test
    void aRunWithoutAnEndStopsForGoodOnASplitOfABoundedRunAndSaysWhatToDo() {
        StoppingReader<String> reader = new StoppingReader<>(inner, null, admin());

        assertThatThrownBy(() -> reader.addSplits(List.of(new KafkaPartitionSplit(P0, 120, 500))))
                .hasMessageContaining("of a bounded run")
                .hasMessageContaining("orders-0 stops at offset 500")
                .hasMessageContaining("resume it with the --stop-at it ran with")
                .satisfies(
                        e ->
                                assertThat(ThrowableClassifier.getThrowableType(e))
                                        .isEqualTo(ThrowableType.NonRecoverableError));
        assertThat(inner.added).isEmpty();
    }

    @Test
    void aRunWithoutAnEndTakesSplitsWithoutEndAsTheyAre() {
        StoppingReader<String> reader = new StoppingReader<>(inner, null, admin());
        KafkaPartitionSplit split =
                new KafkaPartitionSplit(P0, 120, KafkaPartitionSplit.NO_STOPPING_OFFSET);

        reader.addSplits(List.of(split));

        assertThat(inner.added).containsExactly(split);
    }

    private static Properties admin() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "127.0.0.1:1");
        p.setProperty("group.id", "test");
        return p;
    }

    private static final class Recording implements SourceReader<String, KafkaPartitionSplit> {
        final List<KafkaPartitionSplit> added = new ArrayList<>();

        @Override
        public void addSplits(List<KafkaPartitionSplit> splits) {
            added.addAll(splits);
        }

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<String> output) {
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
            return added;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return new CompletableFuture<>();
        }

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {}

        @Override
        public void close() {}
    }
}
