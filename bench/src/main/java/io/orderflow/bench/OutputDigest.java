package io.orderflow.bench;

import io.orderflow.jobs.options.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The committed outputs of a run as a sorted array of 64-bit fingerprints of (kind, key, timestamp,
 * value): two runs that made the same decisions, byte for byte, have equal digests.
 */
public final class OutputDigest {

    private OutputDigest() {}

    /** {@code topics} in kind order (confirmations, refunds, dead letters). */
    public static long[] read(KafkaConnection kafka, List<String> topics, int partitions) {
        Properties p = kafka.clientProperties("orderflow-bench-digest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        long[] out = new long[1024];
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (int kind = 0; kind < topics.size(); kind++) {
                List<TopicPartition> parts = new ArrayList<>();
                for (int i = 0; i < partitions; i++) {
                    parts.add(new TopicPartition(topics.get(kind), i));
                }
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (n == out.length) {
                            out = Arrays.copyOf(out, n * 2);
                        }
                        out[n++] = fingerprint(kind, r.key(), r.timestamp(), r.value());
                    }
                }
            }
        }
        long[] digest = Arrays.copyOf(out, n);
        Arrays.sort(digest);
        return digest;
    }

    /** How many records one digest has that the other has not, both ways added up. */
    static long difference(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        long diff = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                i++;
                j++;
            } else if (a[i] < b[j]) {
                diff++;
                i++;
            } else {
                diff++;
                j++;
            }
        }
        return diff + (a.length - i) + (b.length - j);
    }

    static long fingerprint(int kind, byte[] key, long timestamp, byte[] value) {
        long h = 0x9E3779B97F4A7C15L * (kind + 1);
        h = mix(h, key);
        h = h * 31 + timestamp;
        h = mix(h, value);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static long mix(long h, byte[] bytes) {
        if (bytes == null) {
            return h * 1_000_003L + 7;
        }
        for (byte b : bytes) {
            h = h * 1_099_511_628_211L + b;
        }
        return h * 31 + bytes.length;
    }
}
