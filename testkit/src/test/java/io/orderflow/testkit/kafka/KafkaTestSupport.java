package io.orderflow.testkit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producing to and reading back from a real broker in tests, bounded by deadlines, never by sleeps.
 */
public final class KafkaTestSupport {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private KafkaTestSupport() {}

    /**
     * A topic-name prefix no other test (or earlier run on the same broker) uses, e.g. {@code
     * t3-9f2c1a-}.
     */
    public static String uniqueTopicPrefix() {
        return "t"
                + SEQUENCE.incrementAndGet()
                + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF))
                + "-";
    }

    /**
     * Sends the records to {@code topic} with an idempotent producer (acks=all) and waits for every
     * ack.
     */
    public static void produce(
            String bootstrap, String topic, List<ProducerRecord<String, String>> records) {
        requireTopic(topic, records);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig(bootstrap, null))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<String, String> r : records) {
                acks.add(producer.send(r));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "producing to " + topic + " on " + bootstrap + " failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "producing to " + topic + " on " + bootstrap + " failed", e);
        }
    }

    /**
     * Sends the records in one Kafka transaction, then commits it or, when {@code commit} is false,
     * aborts it.
     */
    public static void produceInTransaction(
            String bootstrap,
            String topic,
            List<ProducerRecord<String, String>> records,
            boolean commit) {
        requireTopic(topic, records);
        String transactionalId = "orderflow-test-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig(bootstrap, transactionalId))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (ProducerRecord<String, String> r : records) {
                producer.send(r);
            }
            producer.flush();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    /** All records committed to {@code topic} up to its current end (last stable offset). */
    public static List<ConsumerRecord<String, String>> readCommitted(
            String bootstrap, String topic) {
        return readCommitted(bootstrap, topic, 0, DEFAULT_TIMEOUT);
    }

    /**
     * Reads {@code topic} from the beginning with {@code isolation.level=read_committed} until at
     * least {@code expectedCount} records were read and every partition is read to its end offset,
     * and returns all of them (so a test can assert there are no more than expected). Fails at the
     * deadline.
     */
    public static List<ConsumerRecord<String, String>> readCommitted(
            String bootstrap, String topic, int expectedCount, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig(bootstrap))) {
            List<TopicPartition> partitions = partitionsOf(consumer, bootstrap, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                if (read.size() >= expectedCount && atEnd(consumer, partitions, deadline)) {
                    return read;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(
                            "read "
                                    + read.size()
                                    + " of "
                                    + expectedCount
                                    + " records from "
                                    + topic
                                    + " within "
                                    + timeout.toSeconds()
                                    + " s: "
                                    + read);
                }
                // Blocks until records arrive or the poll time passes: waits on data, not on a
                // clock.
                consumer.poll(POLL).forEach(read::add);
            }
        }
    }

    /** The values of {@code records}, in order. */
    public static List<String> values(List<ConsumerRecord<String, String>> records) {
        List<String> values = new ArrayList<>();
        records.forEach(r -> values.add(r.value()));
        return values;
    }

    private static boolean atEnd(
            KafkaConsumer<String, String> consumer,
            List<TopicPartition> partitions,
            long deadline) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, remaining(deadline)) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitionsOf(
            KafkaConsumer<String, String> consumer,
            String bootstrap,
            String topic,
            Duration timeout) {
        TopicAdmin.waitForTopics(bootstrap, List.of(topic), timeout);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return partitions;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(POLL.toNanos(), deadline - System.nanoTime()));
    }

    private static void requireTopic(String topic, List<ProducerRecord<String, String>> records) {
        for (ProducerRecord<String, String> r : records) {
            if (!topic.equals(r.topic())) {
                throw new IllegalArgumentException(
                        "record for topic " + r.topic() + " given to produce to " + topic);
            }
        }
    }

    private static Properties producerConfig(String bootstrap, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Right after a topic is created its leader may move once; with several batches in flight
        // the idempotent producer then retries OUT_OF_ORDER_SEQUENCE_NUMBER until it times out.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) DEFAULT_TIMEOUT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEFAULT_TIMEOUT.toMillis());
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return p;
    }

    private static Properties consumerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return p;
    }
}
