package io.orderflow.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local broker keeps old records: history generated for a past time must survive to be
 * replayed.
 */
class KafkaBrokerRetentionIT {

    /**
     * Retention checks every half second instead of every five minutes, so the test sees one run.
     */
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            new KafkaBrokerExtension(b -> b.config("log.retention.check.interval.ms", "500"));

    @Test
    void recordsWithTimestampsWeeksOldAreKeptWhileATopicWithATimeLimitLosesThem() throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        String kept = prefix + "history";
        String limited = prefix + "limited";
        long monthAgo = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(30);
        try (Admin admin = TopicAdmin.admin(KAFKA.bootstrapServers())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(kept, 1, (short) 1),
                                    new NewTopic(limited, 1, (short) 1)
                                            .configs(Map.of("retention.ms", "1000"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            KafkaTestSupport.produce(
                    KAFKA.bootstrapServers(),
                    kept,
                    List.of(new ProducerRecord<>(kept, 0, monthAgo, "o-1", "placed a month ago")));
            KafkaTestSupport.produce(
                    KAFKA.bootstrapServers(),
                    limited,
                    List.of(
                            new ProducerRecord<>(
                                    limited, 0, monthAgo, "o-1", "placed a month ago")));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (earliest(admin, limited) == 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(
                        100); // polling the log start offset, bounded by the deadline
            }

            assertThat(earliest(admin, limited))
                    .as("a retention check ran and deleted the limited topic's record")
                    .isEqualTo(1);
            assertThat(earliest(admin, kept))
                    .as("the broker's own retention kept the old record")
                    .isZero();
        }
        assertThat(
                        KafkaTestSupport.values(
                                KafkaTestSupport.readCommitted(
                                        KAFKA.bootstrapServers(), kept, 1, Duration.ofSeconds(30))))
                .containsExactly("placed a month ago");
    }

    /**
     * Kafka rolls a segment once a batch is dated log.roll.ms (7 days by default) after the
     * segment's first record, and a commit marker is dated by the broker's clock: outputs of
     * history a week old then got a segment per transaction, and a compacted topic (order status)
     * was compacted under a running job.
     */
    @Test
    void aRecordDatedNowAfterOneDatedAMonthAgoStaysInItsSegment() throws Exception {
        String topic = KafkaTestSupport.uniqueTopicPrefix() + "status";
        long now = System.currentTimeMillis();
        long monthAgo = now - TimeUnit.DAYS.toMillis(30);
        try (Admin admin = TopicAdmin.admin(KAFKA.bootstrapServers())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topic, 1, (short) 1)
                                            .configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        KafkaTestSupport.produce(
                KAFKA.bootstrapServers(),
                topic,
                List.of(new ProducerRecord<>(topic, 0, monthAgo, "o-1", "placed a month ago")));
        KafkaTestSupport.produce(
                KAFKA.bootstrapServers(),
                topic,
                List.of(new ProducerRecord<>(topic, 0, now, "o-1", "dated like a commit marker")));

        Path partition =
                KAFKA.broker().dataDir().resolve(BrokerConfigFiles.LOG_DIRS).resolve(topic + "-0");
        try (Stream<Path> files = Files.list(partition)) {
            assertThat(files.filter(f -> f.toString().endsWith(".log")).count())
                    .as("segments of the partition")
                    .isEqualTo(1);
        }
    }

    private static long earliest(Admin admin, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest()))
                .partitionResult(tp)
                .get(30, TimeUnit.SECONDS)
                .offset();
    }
}
