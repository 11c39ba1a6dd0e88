package io.orderflow.local;

import io.orderflow.jobs.options.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reading an output topic as its readers see it: read_committed, from the beginning to the end
 * offsets taken at the start.
 */
final class CommittedRecords {

    static final Duration API_TIMEOUT = Duration.ofSeconds(15);
    static final Duration POLL = Duration.ofMillis(200);

    private CommittedRecords() {}

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    static void forEach(
            KafkaConnection kafka,
            String clientId,
            String topic,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties(kafka, clientId))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, API_TIMEOUT)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, API_TIMEOUT);
            while (!readTo(consumer, ends)) {
                consumer.poll(POLL).forEach(each);
            }
        }
    }

    /** Whether the consumer has read every partition up to its end offset. */
    static boolean readTo(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), API_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    static Properties consumerProperties(KafkaConnection kafka, String clientId) {
        Properties p = kafka.clientProperties(clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        return p;
    }
}
