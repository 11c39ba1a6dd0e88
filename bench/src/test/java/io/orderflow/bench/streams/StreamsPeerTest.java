package io.orderflow.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kafka Streams peer on the contract's worked examples that use PARTIAL fulfilment and default
 * options.
 */
class StreamsPeerTest {

    private static final Path EXAMPLES = Path.of("..", "..", "shared", "contract-examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path stateDir;

    static Stream<Path> partialExamples() throws IOException {
        List<Path> chosen = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = JSON.readTree(file.toFile());
                boolean backorder = root.toString().contains("BACKORDER");
                if (root.get("options").isEmpty() && !backorder) {
                    chosen.add(file);
                }
            }
        }
        return chosen.stream();
    }

    @ParameterizedTest
    @MethodSource("partialExamples")
    void decidesAsTheContractExampleSays(Path file) throws IOException {
        JsonNode example = JSON.readTree(file.toFile());
        StreamsPeer.Settings settings =
                StreamsPeer.Settings.of(
                        "peer",
                        "orders",
                        "inventory",
                        "order-confirmations",
                        "refunds",
                        "dead-letters",
                        "order-status",
                        1);
        Properties config =
                StreamsPeer.config("peer", "unused:9092", stateDir, 1, Duration.ofSeconds(2));
        try (TopologyTestDriver driver =
                new TopologyTestDriver(StreamsPeer.topology(settings), config, Instant.EPOCH)) {
            TestInputTopic<String, byte[]> orders =
                    driver.createInputTopic(
                            "orders", new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, byte[]> inventory =
                    driver.createInputTopic(
                            "inventory", new StringSerializer(), new ByteArraySerializer());
            long sentAt = 0;
            for (JsonNode input : example.get("inputs")) {
                String key = input.get("key").isNull() ? null : input.get("key").asText();
                byte[] value = input.get("value").asText().getBytes(StandardCharsets.UTF_8);
                (input.get("topic").asText().equals("orders") ? orders : inventory)
                        .pipeInput(key, value, sentAt++);
            }
            // Watermarks flow, then every input goes idle and whatever still waits is applied.
            for (int i = 0; i < 16; i++) {
                driver.advanceWallClockTime(Duration.ofMillis(500));
            }

            JsonNode expected = example.get("expected");
            assertThat(read(driver, "order-confirmations"))
                    .as("confirmations")
                    .isEqualTo(set(expected.get("order-confirmations")));
            assertThat(read(driver, "refunds"))
                    .as("refunds")
                    .isEqualTo(set(expected.get("refunds")));
            assertThat(read(driver, "order-status"))
                    .as("order-status records")
                    .isEqualTo(set(expected.get("order-status")));
            List<JsonNode> letters = new ArrayList<>(read(driver, "dead-letters"));
            assertThat(letters).hasSize(expected.get("dead-letters").size());
            for (JsonNode want : expected.get("dead-letters")) {
                Set<String> reasons = new HashSet<>();
                want.get("reason").forEach(r -> reasons.add(r.asText()));
                if (want.get("reason").isTextual()) {
                    reasons.add(want.get("reason").asText());
                }
                assertThat(letters)
                        .as("dead letter " + want)
                        .anySatisfy(
                                got -> {
                                    assertThat(reasons).contains(got.get("reason").asText());
                                    assertThat(got.get("value")).isEqualTo(want.get("value"));
                                });
            }
        }
    }

    private static Set<JsonNode> read(TopologyTestDriver driver, String topic) throws IOException {
        TestOutputTopic<String, byte[]> out =
                driver.createOutputTopic(
                        topic, new StringDeserializer(), new ByteArrayDeserializer());
        Set<JsonNode> nodes = new HashSet<>();
        for (byte[] value : out.readValuesToList()) {
            nodes.add(JSON.readTree(value));
        }
        return nodes;
    }

    private static Set<JsonNode> set(JsonNode array) {
        Set<JsonNode> nodes = new HashSet<>();
        array.forEach(nodes::add);
        return nodes;
    }
}
