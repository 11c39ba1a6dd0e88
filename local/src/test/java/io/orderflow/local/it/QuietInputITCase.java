package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.flink.LocalFlink;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An unbounded run whose input goes quiet: once every partition has been silent for the idle
 * timeout while the broker answers, event time follows the wall clock (contract section 5), so the
 * last orders read are decided without waiting for another record, and a backorder window runs out.
 */
class QuietInputITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 3;
    private static final int ORDERS = 300;
    private static final Duration WINDOW = Duration.ofSeconds(3);

    /**
     * Far above idle timeout + window + a checkpoint (2 s + 3 s + 1 s): the job is loaded, not slow
     * by design.
     */
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Test
    void theLastOrdersReadAreDecidedAndABackorderExpiresWhenNoFurtherRecordComes()
            throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        Map<String, Integer> topics = new HashMap<>();
        for (var t : Topics.ORDER_PROCESSING) {
            topics.put(prefix + t.name(), PARTITIONS);
        }
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics);
        OrderProcessingOptions options =
                OrderProcessingOptions.parse(
                        List.of(
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--orders-topic",
                                prefix + Topics.ORDERS.name(),
                                "--inventory-topic",
                                prefix + Topics.INVENTORY.name(),
                                "--confirmations-topic",
                                prefix + Topics.CONFIRMATIONS.name(),
                                "--refunds-topic",
                                prefix + Topics.REFUNDS.name(),
                                "--dead-letters-topic",
                                prefix + Topics.DEAD_LETTERS.name(),
                                "--starting-offsets",
                                "earliest",
                                "--parallelism",
                                "2",
                                "--checkpoint-interval",
                                "1s",
                                "--idle-timeout",
                                "2s",
                                "--backorder-window",
                                WINDOW.toSeconds() + "s",
                                "--checkpoint-dir",
                                Files.createTempDirectory("orderflow-quiet-").toUri().toString()));

        // A live shop: every event dated now. All orders share the last instant read, so none of
        // them is due until event time moves past it, and nothing after them will move it.
        long now = System.currentTimeMillis();
        String at = Instant.ofEpochMilli(now).toString();
        KafkaTestSupport.produce(
                KAFKA.bootstrapServers(),
                options.inventoryTopic,
                List.of(
                        new ProducerRecord<>(
                                options.inventoryTopic,
                                "A",
                                "{\"eventId\":\"count-A\",\"type\":\"StockCounted\",\"occurredAt\":\""
                                        + at
                                        + "\",\"sku\":\"A\",\"available\":"
                                        + ORDERS
                                        + "}")));
        List<ProducerRecord<String, String>> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(order(options.ordersTopic, "o" + i, at, "PARTIAL", "A"));
        }
        orders.add(order(options.ordersTopic, "waits", at, "BACKORDER", "never-in-stock"));

        try (LocalFlink flink = TestFlink.start(options)) {
            var env = flink.environment();
            OutputGuard.ensureStatusTopic(options);
            OrderProcessingJob.build(
                    env, new KafkaSources(options), new KafkaSinks(options), options);
            JobID job = flink.submit(env);
            KafkaTestSupport.produce(KAFKA.bootstrapServers(), options.ordersTopic, orders);

            List<ConsumerRecord<String, String>> confirmations =
                    KafkaTestSupport.readCommitted(
                            KAFKA.bootstrapServers(), options.confirmationsTopic, ORDERS, DEADLINE);
            List<ConsumerRecord<String, String>> refunds =
                    KafkaTestSupport.readCommitted(
                            KAFKA.bootstrapServers(), options.refundsTopic, 1, DEADLINE);
            flink.cancel(job);

            assertThat(confirmations)
                    .as("each order confirmed once, at its own time")
                    .hasSize(ORDERS)
                    .allSatisfy(c -> assertThat(c.timestamp()).isEqualTo(now));
            assertThat(refunds)
                    .singleElement()
                    .satisfies(
                            r -> {
                                JsonNode refund = JSON.readTree(r.value());
                                assertThat(refund.get("orderId").asText()).isEqualTo("waits");
                                assertThat(refund.get("reason").asText()).isEqualTo("OUT_OF_STOCK");
                                assertThat(r.timestamp())
                                        .as("expired at occurredAt + window + 1 ms")
                                        .isEqualTo(now + WINDOW.toMillis() + 1);
                            });
        }
    }

    private static ProducerRecord<String, String> order(
            String topic, String orderId, String at, String fulfilment, String sku) {
        return new ProducerRecord<>(
                topic,
                orderId,
                "{\"eventId\":\"placed-"
                        + orderId
                        + "\",\"type\":\"OrderPlaced\",\"occurredAt\":\""
                        + at
                        + "\",\"orderId\":\""
                        + orderId
                        + "\",\"customerId\":\"c\",\"currency\":\"EUR\",\"fulfilment\":\""
                        + fulfilment
                        + "\",\"lines\":[{\"sku\":\""
                        + sku
                        + "\",\"quantity\":1,\"unitPrice\":100}]}");
    }
}
