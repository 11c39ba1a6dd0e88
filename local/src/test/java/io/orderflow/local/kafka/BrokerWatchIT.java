package io.orderflow.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.kafka.BrokerWatch;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The watch behind watermark idleness sees a broker outage begin and end, and whether the job's
 * group has committed the end of every input partition.
 */
class BrokerWatchIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void reachabilityFollowsTheBrokerDownAndUpAgain() throws Exception {
        String topic = KafkaTestSupport.uniqueTopicPrefix() + "orders";
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), Map.of(topic, 3));
        BrokerWatch watch =
                BrokerWatch.of(
                        new BrokerWatch.Key(
                                KAFKA.bootstrapServers(), Map.of(), List.of(topic), null));

        long upFor = await(watch, n -> n > 0, "the brokers to be seen answering");
        assertThat(await(watch, n -> n > upFor, "the time they answered to grow"))
                .isGreaterThan(upFor);

        KAFKA.broker().stop();
        await(watch, n -> n == 0, "the outage to be seen");

        KAFKA.broker().start();
        await(watch, n -> n > 0, "the brokers to be seen answering again");
    }

    @Test
    void theInputCountsAsReadToTheEndOnlyOnceTheGroupCommittedEveryPartitionsEnd()
            throws Exception {
        String topic = KafkaTestSupport.uniqueTopicPrefix() + "orders";
        String group = topic + "-group";
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), Map.of(topic, 2));
        BrokerWatch watch =
                BrokerWatch.of(
                        new BrokerWatch.Key(
                                KAFKA.bootstrapServers(), Map.of(), List.of(topic), group));
        awaitReadToEnd(watch, true, "two empty partitions to count as read to their end");

        Properties producer = new Properties();
        producer.put("bootstrap.servers", KAFKA.bootstrapServers());
        try (KafkaProducer<String, String> p =
                new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, 0, "k", "v")).get();
        }
        awaitReadToEnd(watch, false, "a record the group has not committed past");

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(
                            group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)))
                    .all()
                    .get();
        }
        awaitReadToEnd(watch, true, "the group's commit at the partition's end");
    }

    private static void awaitReadToEnd(BrokerWatch watch, boolean expected, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (watch.inputReadToEnd() == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what);
    }

    private static long await(BrokerWatch watch, LongPredicate condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            long reachableFor = watch.reachableForNanos();
            if (condition.test(reachableFor)) {
                return reachableFor;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what);
    }
}
