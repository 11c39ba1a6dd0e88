package io.orderflow.bench.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Whether an upstream task has read its input partition to the end, from the application's task
 * metadata (end offsets as its consumer last saw them). An upstream task may call itself idle only
 * then: with processing time alone, a task that is merely slow (a long commit, a busy thread, a slow
 * start) would be taken for idle and its entries would arrive late. Without an application (the
 * test driver) every partition counts as read to the end.
 */
public final class PartitionLag {

    private static volatile Supplier<? extends Iterable<ThreadMetadata>> threads;
    private static volatile Map<TopicPartition, Long> ends = Map.of();
    private static volatile long endsAt;

    private PartitionLag() {}

    /** Called once with {@code KafkaStreams::metadataForLocalThreads}. */
    public static void install(Supplier<? extends Iterable<ThreadMetadata>> source) {
        threads = source;
    }

    /** True when {@code lastProcessed} (-1 for none) is the partition's last record. */
    static boolean caughtUp(String topic, int partition, long lastProcessed, long now) {
        Supplier<? extends Iterable<ThreadMetadata>> source = threads;
        if (source == null) {
            return true;
        }
        if (now - endsAt >= 100) {
            Map<TopicPartition, Long> fresh = new HashMap<>();
            for (ThreadMetadata thread : source.get()) {
                thread.activeTasks().forEach(task -> fresh.putAll(task.endOffsets()));
            }
            ends = fresh;
            endsAt = now;
        }
        Long end = ends.get(new TopicPartition(topic, partition));
        // The task metadata's end offset is that of the partition's last record; -1 until the first
        // fetch. So a partition that stays empty never counts as read: the peer needs data in each.
        return end != null && end >= 0 && lastProcessed >= end;
    }
}
