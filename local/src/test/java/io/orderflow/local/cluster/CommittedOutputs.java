package io.orderflow.local.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The committed end (last stable offset) of the output topics, summed: it grows exactly when a
 * transaction commits. Unknown (the last value) while the broker is away.
 */
final class CommittedOutputs implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private long last;

    CommittedOutputs(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
    }

    synchronized long total() {
        try {
            last =
                    consumer.endOffsets(partitions).values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
        } catch (RuntimeException e) {
            // the broker is away: keep the last value
        }
        return last;
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
