package io.orderflow.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches how far a variant got from outside: the read_committed end (last stable offset) of its
 * output topics, and the offsets its consumer group committed on the input topics. The time of the
 * last change of the outputs' stable end is when its last output became visible to read_committed
 * readers.
 */
final class OutputWatcher {

    private final Admin admin;
    private final Map<TopicPartition, OffsetSpec> outputs = new HashMap<>();
    private final Map<TopicPartition, Long> inputEnds;
    private final String group;
    private long lastStable = -1;
    private long lastChangeAt;
    private long groupCommittedSum = -1;
    private long groupLastMovedAt;

    OutputWatcher(
            Admin admin,
            Collection<String> outputTopics,
            int partitions,
            Map<TopicPartition, Long> inputEnds,
            String group) {
        this.admin = admin;
        for (String t : outputTopics) {
            for (int p = 0; p < partitions; p++) {
                outputs.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
        }
        this.inputEnds = inputEnds;
        this.group = group;
    }

    /** Reads the outputs' stable ends once; returns their sum. */
    long poll() throws Exception {
        long sum = 0;
        var listed =
                admin.listOffsets(outputs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all()
                        .get(10, TimeUnit.SECONDS);
        for (var info : listed.values()) {
            sum += info.offset();
        }
        long now = System.currentTimeMillis();
        if (sum != lastStable) {
            lastStable = sum;
            lastChangeAt = now;
        }
        return sum;
    }

    long lastChangeAt() {
        return lastChangeAt;
    }

    /**
     * When the offsets the group committed on any topic last moved. A Kafka Streams application
     * commits its internal topics (its repartition and intermediate topics) as well: while they
     * move, records are still on their way to the outputs even when the inputs are all committed.
     */
    long groupLastMovedAt() {
        return groupLastMovedAt;
    }

    /**
     * Whether the group has committed every input partition up to its end; also notes when its
     * offsets last moved.
     */
    boolean inputsCommitted() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
        long sum = 0;
        for (OffsetAndMetadata c : committed.values()) {
            sum += c == null ? 0 : c.offset();
        }
        if (sum != groupCommittedSum) {
            groupCommittedSum = sum;
            groupLastMovedAt = System.currentTimeMillis();
        }
        for (var e : inputEnds.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (c == null || c.offset() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics, int partitions)
            throws Exception {
        Map<TopicPartition, OffsetSpec> want = new HashMap<>();
        for (String t : topics) {
            for (int p = 0; p < partitions; p++) {
                want.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(want)
                .all()
                .get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
