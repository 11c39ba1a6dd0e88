package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.ContractExample;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order-status topic on a real broker (contract section 7): compacted, so a reader of an
 * order's key finds its latest status even after the log cleaner has run; and a status topic that
 * is not compacted is refused before the job starts.
 */
class OrderStatusITCase {

    /** The log cleaner looks for work every 200 ms, so a test sees compaction within seconds. */
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            new KafkaBrokerExtension(b -> b.config("log.cleaner.backoff.ms", "200"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMPACTION_DEADLINE = Duration.ofSeconds(90);

    @Test
    void afterCompactionEachOrdersOneRemainingStatusIsItsLatest() throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        Map<String, Integer> topics = new HashMap<>();
        Topics.ORDER_PROCESSING.forEach(t -> topics.put(prefix + t.name(), 2));
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics);
        String status = prefix + Topics.ORDER_STATUS.name();
        // Small segments and any dirt is worth cleaning: the cleaner compacts all but the active
        // segment.
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, status);
            admin.incrementalAlterConfigs(
                            Map.of(
                                    resource,
                                    List.of(
                                            set(TopicConfig.SEGMENT_MS_CONFIG, "100"),
                                            set(
                                                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
                                                    "0.01"),
                                            set(TopicConfig.DELETE_RETENTION_MS_CONFIG, "100"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        ExampleScenario scenario =
                ExampleScenario.of(
                        ContractExample.all().stream().filter(e -> e.options().isEmpty()).toList());
        for (String topic : List.of(Topics.ORDERS.name(), Topics.INVENTORY.name())) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            scenario.inputs.stream()
                    .filter(in -> in.topic().equals(topic))
                    .forEach(
                            in ->
                                    records.add(
                                            new ProducerRecord<>(
                                                    prefix + topic, in.key(), in.value())));
            KafkaTestSupport.produce(KAFKA.bootstrapServers(), prefix + topic, records);
        }
        OrderProcessingOptions o =
                BoundedRun.options(
                        KAFKA.bootstrapServers(),
                        List.of(
                                "--orders-topic", prefix + Topics.ORDERS.name(),
                                "--inventory-topic", prefix + Topics.INVENTORY.name(),
                                "--confirmations-topic", prefix + Topics.CONFIRMATIONS.name(),
                                "--refunds-topic", prefix + Topics.REFUNDS.name(),
                                "--dead-letters-topic", prefix + Topics.DEAD_LETTERS.name(),
                                "--status-topic", status));
        BoundedRun.run(o, UnaryOperator.identity());

        Map<String, JsonNode> latestExpected = new HashMap<>();
        for (JsonNode s : scenario.statuses) {
            latestExpected.merge(
                    s.get("orderId").asText(),
                    s,
                    (a, b) -> a.get("seq").asInt() >= b.get("seq").asInt() ? a : b);
        }
        assertThat(scenario.statuses)
                .as("the examples change some orders' status more than once")
                .hasSizeGreaterThan(latestExpected.size());

        long deadline = System.nanoTime() + COMPACTION_DEADLINE.toNanos();
        List<JsonNode> remaining;
        do {
            // A newer record in every partition rolls the segments that hold the job's records.
            rollSegments(status);
            remaining = new ArrayList<>();
            for (ConsumerRecord<String, String> r :
                    KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), status)) {
                if (!r.key().startsWith("roll-")) {
                    remaining.add(JSON.readTree(r.value()));
                }
            }
            if (remaining.size() == latestExpected.size()) {
                break;
            }
            assertThat(System.nanoTime())
                    .as(
                            "compacted within %s; still %d records for %d orders",
                            COMPACTION_DEADLINE, remaining.size(), latestExpected.size())
                    .isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(500); // the log cleaner runs on its own schedule: poll it
        } while (true);

        assertThat(remaining).containsExactlyInAnyOrderElementsOf(latestExpected.values());
    }

    @Test
    void aStatusTopicThatIsNotCompactedIsRefusedInOneLine() throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        String status = prefix + "plain-status";
        TopicAdmin.createTopics(
                KAFKA.bootstrapServers(),
                Map.of(prefix + Topics.ORDERS.name(), 1, prefix + Topics.INVENTORY.name(), 1));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(status, 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        OrderProcessingOptions o = options(prefix, status);

        assertThatThrownBy(() -> OutputGuard.ensureStatusTopic(o))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--status-topic '" + status + "' must be compacted")
                .hasMessageContaining("cleanup.policy is delete")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aMissingStatusTopicIsCreatedCompactedWithTheOrdersTopicsPartitions() throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        String status = prefix + "new-status";
        TopicAdmin.createTopics(
                KAFKA.bootstrapServers(),
                Map.of(prefix + Topics.ORDERS.name(), 3, prefix + Topics.INVENTORY.name(), 3));

        OutputGuard.ensureStatusTopic(options(prefix, status));

        TopicAdmin.waitForTopics(KAFKA.bootstrapServers(), List.of(status), Duration.ofSeconds(30));
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, status);
            var config =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(
                            admin.describeTopics(List.of(status))
                                    .allTopicNames()
                                    .get(30, TimeUnit.SECONDS)
                                    .get(status)
                                    .partitions())
                    .hasSize(3);
        }
    }

    private static OrderProcessingOptions options(String prefix, String status) throws Exception {
        return BoundedRun.options(
                KAFKA.bootstrapServers(),
                List.of(
                        "--orders-topic", prefix + Topics.ORDERS.name(),
                        "--inventory-topic", prefix + Topics.INVENTORY.name(),
                        "--status-topic", status));
    }

    private static void rollSegments(String topic) throws Exception {
        int partitions =
                TopicAdmin.waitForTopics(
                                KAFKA.bootstrapServers(), List.of(topic), Duration.ofSeconds(30))
                        .get(topic);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            records.add(new ProducerRecord<>(topic, p, "roll-" + p, "{}"));
        }
        KafkaTestSupport.produce(KAFKA.bootstrapServers(), topic, records);
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    private static Admin admin() {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }
}
