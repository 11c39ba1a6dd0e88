package io.orderflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input-topic rule of the start-up check, for both jobs, without a broker. */
class KafkaPreflightTest {

    private static final String BROKER = "kafka:9092";

    @TempDir Path dir;

    @Test
    void aRiversRunWithoutItsRapidsTopicIsRefusedNamingRapidsTopicAndTheCommandThatCreatesIt()
            throws IOException {
        RiversOptions o =
                RiversOptions.parse(
                        List.of(
                                "--bootstrap-servers",
                                BROKER,
                                "--rivers",
                                spec().toString(),
                                "--rapids-topic",
                                "events"));

        assertThat(KafkaPreflight.missingInputTopic(o, Set.of("orders", "inventory")))
                .contains(
                        "input topic 'events' (--rapids-topic) does not exist on kafka:9092 (create"
                            + " it, e.g. ./orderflow topics create --bootstrap-servers kafka:9092"
                            + " --topic events)");
    }

    @Test
    void anOrderRunWithoutItsInventoryTopicIsRefusedNamingInventoryTopic() {
        OrderProcessingOptions o =
                OrderProcessingOptions.parse(List.of("--bootstrap-servers", BROKER));

        assertThat(KafkaPreflight.missingInputTopic(o, Set.of("orders")))
                .contains(
                        "input topic 'inventory' (--inventory-topic) does not exist on kafka:9092"
                                + " (create it, e.g. ./orderflow topics create --bootstrap-servers"
                                + " kafka:9092)");
    }

    @Test
    void anInputTopicTopicsCreateDoesNotMakeByDefaultIsNamedInTheCommand() {
        OrderProcessingOptions o =
                OrderProcessingOptions.parse(
                        List.of("--bootstrap-servers", BROKER, "--orders-topic", "eu-orders"));

        assertThat(KafkaPreflight.missingInputTopic(o, Set.of("orders", "inventory")))
                .contains(
                        "input topic 'eu-orders' (--orders-topic) does not exist on kafka:9092"
                                + " (create it, e.g. ./orderflow topics create --bootstrap-servers"
                                + " kafka:9092 --topic eu-orders)");
    }

    @Test
    void runsWhoseInputTopicsAllExistPassTheRule() throws IOException {
        RiversOptions rivers =
                RiversOptions.parse(
                        List.of("--bootstrap-servers", BROKER, "--rivers", spec().toString()));
        OrderProcessingOptions orders =
                OrderProcessingOptions.parse(List.of("--bootstrap-servers", BROKER));

        assertThat(KafkaPreflight.missingInputTopic(rivers, Set.of("rapids"))).isEmpty();
        assertThat(
                        KafkaPreflight.missingInputTopic(
                                orders, Set.of("orders", "inventory", "rapids")))
                .isEmpty();
    }

    private Path spec() throws IOException {
        return Files.writeString(
                dir.resolve("rivers.yaml"),
                String.join(
                        "\n",
                        "rivers:",
                        "  - name: refunds",
                        "    precondition:",
                        "      type: [RefundIssued]",
                        ""));
    }
}
