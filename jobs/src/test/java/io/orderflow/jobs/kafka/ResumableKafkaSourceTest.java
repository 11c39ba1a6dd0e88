package io.orderflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connector's own enumerator, restored from a checkpoint of a bounded run in which every
 * partition was assigned, driven through a context whose async calls the test completes by hand
 * (discovery answers with the partitions the checkpoint already has: no change).
 */
class ResumableKafkaSourceTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final KafkaSourceEnumState EVERY_PARTITION_ASSIGNED =
            new KafkaSourceEnumState(
                    List.of(
                            new KafkaPartitionSplit(P0, 0, 100),
                            new KafkaPartitionSplit(P1, 0, 90)),
                    List.of(),
                    true);

    private final FakeContext context = new FakeContext(2);
    private SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator;

    @AfterEach
    void close() throws Exception {
        if (enumerator != null) {
            enumerator.close();
        }
    }

    @Test
    void theConnectorAloneNeverTellsARestoredReaderThatNoMoreSplitsCome() throws Exception {
        enumerator = kafka().restoreEnumerator(context, EVERY_PARTITION_ASSIGNED);
        restoreWithReaders(0, 1);

        context.completeDiscovery(Set.of(P0, P1));
        enumerator.addReader(0); // a reader registering again, after the discovery

        assertThat(context.told).as("FLINK-31006: no NoMoreSplitsEvent ever").isEmpty();
    }

    @Test
    void restoredReadersAreToldOnceTheDiscoveryIsDoneAndNotBefore() throws Exception {
        enumerator = wrapped().restoreEnumerator(context, EVERY_PARTITION_ASSIGNED);
        restoreWithReaders(0, 1);

        assertThat(context.told).as("while the discovery is pending").isEmpty();
        context.completeDiscovery(Set.of(P0, P1));

        assertThat(context.told).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void aReaderRegisteringAfterTheDiscoveryIsToldOnceAndAgainOnlyWhenItRegistersAgain()
            throws Exception {
        enumerator = wrapped().restoreEnumerator(context, EVERY_PARTITION_ASSIGNED);
        restoreWithReaders(0);
        context.completeDiscovery(Set.of(P0, P1));

        context.registered.put(1, new ReaderInfo(1, "host"));
        enumerator.addReader(1);
        enumerator.handleSplitRequest(1, "host");

        assertThat(context.told).containsExactly(0, 1);
        enumerator.addReader(1); // a new attempt of subtask 1 after a failure
        assertThat(context.told).containsExactly(0, 1, 1);
    }

    @Test
    void aReaderTheConnectorAlreadyToldIsNotToldTwice() throws Exception {
        ResumableKafkaSource.SignallingContext seenByConnector =
                new ResumableKafkaSource.SignallingContext(context);
        enumerator =
                seenByConnector.enumerator(
                        kafka().restoreEnumerator(seenByConnector, EVERY_PARTITION_ASSIGNED));
        restoreWithReaders(0, 1);

        seenByConnector.signalNoMoreSplits(
                0); // as the connector does once it has found new partitions
        context.completeDiscovery(Set.of(P0, P1));

        assertThat(context.told).containsExactly(0, 1);
    }

    private void restoreWithReaders(int... subtasks) {
        enumerator.start();
        for (int s : subtasks) {
            context.registered.put(s, new ReaderInfo(s, "host"));
            enumerator.addReader(s);
        }
    }

    private static KafkaSource<String> kafka() {
        return KafkaSource.<String>builder()
                .setBootstrapServers("127.0.0.1:1")
                .setTopics("orders")
                .setGroupId("test")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(
                        new KafkaRecordDeserializationSchema<String>() {
                            @Override
                            public void deserialize(
                                    ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
                                out.collect(
                                        new String(
                                                record.value(),
                                                java.nio.charset.StandardCharsets.UTF_8));
                            }

                            @Override
                            public TypeInformation<String> getProducedType() {
                                return Types.STRING;
                            }
                        })
                .build();
    }

    private static org.apache.flink.api.connector.source.Source<
                    String, KafkaPartitionSplit, KafkaSourceEnumState>
            wrapped() {
        java.util.Properties admin = new java.util.Properties();
        admin.setProperty("bootstrap.servers", "127.0.0.1:1");
        return ResumableKafkaSource.of(kafka(), OffsetsInitializer.latest(), admin);
    }

    /**
     * A coordinator context whose one-off async calls wait until the test completes them, in order.
     */
    private static final class FakeContext implements SplitEnumeratorContext<KafkaPartitionSplit> {
        final Map<Integer, ReaderInfo> registered = new HashMap<>();
        final List<Integer> told = new ArrayList<>();
        final Deque<BiConsumer<Object, Throwable>> pending = new ArrayDeque<>();
        private final int parallelism;

        FakeContext(int parallelism) {
            this.parallelism = parallelism;
        }

        /**
         * Answers the first pending call (the enumerator's partition discovery) with {@code
         * partitions}.
         */
        void completeDiscovery(Set<TopicPartition> partitions) {
            pending.removeFirst().accept(partitions, null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            pending.addLast((BiConsumer<Object, Throwable>) handler);
        }

        @Override
        public <T> void callAsync(
                Callable<T> callable,
                BiConsumer<T, Throwable> handler,
                long initialDelay,
                long period) {
            throw new AssertionError("a bounded source discovers partitions once");
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            told.add(subtask);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return null;
        }

        @Override
        public void sendEventToSourceReader(int subtask, SourceEvent event) {}

        @Override
        public int currentParallelism() {
            return parallelism;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return registered;
        }

        @Override
        public void assignSplits(SplitsAssignment<KafkaPartitionSplit> assignment) {}

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }
}
