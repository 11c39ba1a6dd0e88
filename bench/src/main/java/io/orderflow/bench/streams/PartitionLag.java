package io.orderflow.bench.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether an upstream task has read its input partition to the end, by the brokers' end offsets
 * (read_committed, asked at most every 200 ms). An upstream task may call itself idle only then:
 * with processing time alone, a task that is merely slow (a long commit, a busy thread, a slow
 * start) would be taken for idle and its entries would arrive late.
 *
 * <p>Not Kafka Streams' task metadata: its "end offsets" are the offsets of the last records its
 * consumer polled, so a task that had drained its buffer while its thread was busy elsewhere looked
 * read to the end. Under load the peer then oversold (a full bench run saw 4 lines applied late).
 * Without an application (the test driver) every partition counts as read to the end.
 */
public final class PartitionLag {

    private static final long REFRESH_MILLIS = 200;

    private static volatile Admin admin;
    private static final Set<TopicPartition> asked = ConcurrentHashMap.newKeySet();
    private static volatile Map<TopicPartition, Long> ends = Map.of();
    private static long endsAt;

    private PartitionLag() {}

    /** Called once with an admin client of the application's brokers. */
    public static void install(Admin brokers) {
        admin = brokers;
    }

    /** True when {@code lastProcessed} (-1 for none) is the partition's last record. */
    static boolean caughtUp(String topic, int partition, long lastProcessed, long now) {
        Admin brokers = admin;
        if (brokers == null) {
            return true;
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        asked.add(tp);
        refresh(brokers, now);
        Long end = ends.get(tp);
        // The end offset is the next offset to be written: the last record's plus one (the inputs
        // are written without transactions). A partition that stays empty never counts as read.
        return end != null && end > 0 && lastProcessed + 1 >= end;
    }

    private static synchronized void refresh(Admin brokers, long now) {
        if (now - endsAt < REFRESH_MILLIS) {
            return;
        }
        endsAt = now;
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        asked.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer =
                    brokers.listOffsets(
                                    request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .all()
                            .get(2, TimeUnit.SECONDS);
            Map<TopicPartition, Long> fresh = new HashMap<>();
            answer.forEach((tp, info) -> fresh.put(tp, info.offset()));
            ends = fresh;
        } catch (Exception e) {
            // Unknown ends: nothing counts as read to the end until the brokers answer again.
            ends = Map.of();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
