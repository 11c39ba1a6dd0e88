package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.functions.Metrics;
import io.orderflow.jobs.ContractExample;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.VerifyOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order-processing job end to end on a real Kafka broker: topics with several partitions,
 * bounded runs on a local mini-cluster, outputs read back with read_committed.
 */
class OrderProcessingITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 3;

    /**
     * Enough for decisions to flow for seconds, so checkpoints complete mid-stream (the failure
     * test).
     */
    private static final long GENERATED_ORDERS = 30_000;

    /**
     * Generated input shared by the determinism and exactly-once tests, and its clean run's
     * outputs.
     */
    private static String generatedPrefix;

    private static List<String> cleanRunOutputs;

    @BeforeAll
    static void generateInputAndRunOnceCleanly() throws Exception {
        generatedPrefix = KafkaTestSupport.uniqueTopicPrefix();
        createTopics(generatedPrefix);
        OrderWriter.produce(
                KAFKA.bootstrapServers(),
                GeneratorSettings.defaults(GENERATED_ORDERS).withSeed(42),
                new TopicNames(
                        generatedPrefix + Topics.ORDERS.name(),
                        generatedPrefix + Topics.INVENTORY.name()),
                0,
                null);
        OrderProcessingOptions clean = options(generatedPrefix, "clean-");
        BoundedRun.run(clean, UnaryOperator.identity());
        cleanRunOutputs = BoundedRun.committedOutputs(KAFKA.bootstrapServers(), clean);
    }

    @Test
    void contractExamplesOnSeveralPartitionsGiveExactlyTheExpectedOutputsAndCounts()
            throws Exception {
        List<ContractExample> all = ContractExample.all();
        assertThat(all).hasSize(ContractExample.COUNT);
        // The examples with default options share one job. Those that set options are BACKORDER
        // examples whose outcome depends on where the run's event time ends (T_end), which another
        // example's events would move: each runs alone.
        runScenario(
                ExampleScenario.of(all.stream().filter(e -> e.options().isEmpty()).toList()),
                List.of());
        for (ContractExample example : all.stream().filter(e -> !e.options().isEmpty()).toList()) {
            runScenario(ExampleScenario.of(List.of(example)), example.options());
        }
    }

    private void runScenario(ExampleScenario scenario, List<String> extraOptions) throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        createTopics(prefix);
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
        List<String> args = new ArrayList<>(topicArgs(prefix, ""));
        args.addAll(extraOptions);
        OrderProcessingOptions o = BoundedRun.options(KAFKA.bootstrapServers(), args);

        Map<String, Long> counters = BoundedRun.runCounted(o);

        assertThat(counters.getOrDefault(Metrics.RECORDS_APPLIED, 0L))
                .as("records applied")
                .isEqualTo(scenario.counts.get("applied"));
        assertThat(counters.getOrDefault(Metrics.DUPLICATES_DROPPED, 0L))
                .as("duplicates dropped")
                .isEqualTo(scenario.counts.get("duplicates"));
        assertThat(counters.getOrDefault(Metrics.DEAD_LETTERS, 0L))
                .as("records dead-lettered")
                .isEqualTo(scenario.counts.get("dead"));
        assertThat(read(o.confirmationsTopic))
                .containsExactlyInAnyOrderElementsOf(scenario.confirmations);
        assertThat(read(o.refundsTopic)).containsExactlyInAnyOrderElementsOf(scenario.refunds);
        List<JsonNode> statuses = read(o.statusTopic);
        assertThat(statuses).containsExactlyInAnyOrderElementsOf(scenario.statuses);
        Map<String, List<Integer>> seqs = new java.util.HashMap<>();
        statuses.forEach(
                st ->
                        seqs.computeIfAbsent(st.get("orderId").asText(), k -> new ArrayList<>())
                                .add(st.get("seq").asInt()));
        assertThat(seqs)
                .as(
                        "each order's status records, read from its key's partition, come in seq"
                                + " order from 1")
                .allSatisfy(
                        (orderId, list) ->
                                assertThat(list)
                                        .isEqualTo(
                                                java.util.stream.IntStream.rangeClosed(
                                                                1, list.size())
                                                        .boxed()
                                                        .toList()));
        List<JsonNode> deadLetters = read(o.deadLettersTopic);
        assertThat(deadLetters).hasSameSizeAs(scenario.deadLetters);
        for (ExampleScenario.ExpectedDeadLetter expected : scenario.deadLetters) {
            assertThat(deadLetters)
                    .anySatisfy(
                            dl -> {
                                assertThat(dl.get("value").asText()).isEqualTo(expected.value());
                                assertThat(dl.get("valueBytes").asInt())
                                        .isEqualTo(
                                                expected.value()
                                                        .getBytes(
                                                                java.nio.charset.StandardCharsets
                                                                        .UTF_8)
                                                        .length);
                                assertThat(dl.get("valueTruncated").asBoolean()).isFalse();
                                assertThat(expected.reasons()).contains(dl.get("reason").asText());
                            });
        }
    }

    @Test
    void theSameInputRunTwiceGivesIdenticalOutputs() throws Exception {
        OrderProcessingOptions again = options(generatedPrefix, "again-");
        BoundedRun.run(again, UnaryOperator.identity());

        assertThat(cleanRunOutputs).hasSizeGreaterThan((int) GENERATED_ORDERS);
        assertThat(BoundedRun.committedOutputs(KAFKA.bootstrapServers(), again))
                .isEqualTo(cleanRunOutputs);
    }

    @Test
    void aFailureAfterACompletedCheckpointLosesAndDoublesNothing() throws Exception {
        // The first checkpoint starts only once every task runs; its barrier reached the decisions
        // about half a second after the first of them (1.7 s at a 500 ms interval). With 6,000
        // orders all decisions had passed by then, so no checkpoint ever completed before the
        // failure. 30,000 orders give seconds of decisions, and checkpoints every 100 ms complete
        // among them.
        OrderProcessingOptions failing =
                options(generatedPrefix, "failing-", "--checkpoint-interval", "100ms");
        FailOnceAfterCheckpoint.reset();

        BoundedRun.run(failing, FailOnceAfterCheckpoint::around);

        long checkpoint = FailOnceAfterCheckpoint.checkpointBeforeFailure();
        assertThat(checkpoint)
                .as(
                        "the failure struck after a checkpoint had completed mid-stream (%d"
                                + " completion notices seen)",
                        FailOnceAfterCheckpoint.checkpointsCompleted())
                .isPositive();
        assertThat(FailOnceAfterCheckpoint.committedBeforeFailure())
                .as("that checkpoint committed outputs of the failing subtask")
                .isPositive();
        assertThat(FailOnceAfterCheckpoint.restoredCheckpoint())
                .as("the restarted job restored it")
                .isGreaterThanOrEqualTo(checkpoint);
        List<String> outputs = BoundedRun.committedOutputs(KAFKA.bootstrapServers(), failing);
        assertThat(outputs)
                .as("committed outputs after recovery equal a clean run's, exactly")
                .isEqualTo(cleanRunOutputs);
        Set<String> eventIds = new HashSet<>();
        for (String o : outputs) {
            JsonNode value = JSON.readTree(o.substring(o.indexOf('{')));
            assertThat(eventIds.add(value.get("eventId").asText()))
                    .as("no output twice: %s", o)
                    .isTrue();
        }
    }

    /**
     * --changelog: the state changes logged as they happen (Flink's changelog state backend) decide
     * exactly the same.
     */
    @Test
    void withTheChangelogStateBackendTheSameInputGivesIdenticalOutputs() throws Exception {
        OrderProcessingOptions logged = options(generatedPrefix, "changelog-", "--changelog");

        BoundedRun.run(logged, UnaryOperator.identity());

        assertThat(BoundedRun.committedOutputs(KAFKA.bootstrapServers(), logged))
                .isEqualTo(cleanRunOutputs);
    }

    /**
     * --changelog: a restore reads the state from the materialized RocksDB state plus the logged
     * changes after it.
     */
    @Test
    void withTheChangelogStateBackendAFailureAfterACompletedCheckpointLosesAndDoublesNothing()
            throws Exception {
        OrderProcessingOptions failing =
                options(
                        generatedPrefix,
                        "changelog-failing-",
                        "--checkpoint-interval",
                        "100ms",
                        "--changelog");
        FailOnceAfterCheckpoint.reset();

        BoundedRun.run(failing, FailOnceAfterCheckpoint::around);

        assertThat(FailOnceAfterCheckpoint.restoredCheckpoint())
                .as("the restarted job restored a checkpoint")
                .isGreaterThanOrEqualTo(FailOnceAfterCheckpoint.checkpointBeforeFailure())
                .isPositive();
        assertThat(BoundedRun.committedOutputs(KAFKA.bootstrapServers(), failing))
                .isEqualTo(cleanRunOutputs);
    }

    @Test
    void theCleanRunKeepsTheContractsInvariants() {
        Report report =
                VerifyCommand.verify(
                        KAFKA.bootstrapServers(),
                        VerifyOptions.defaults()
                                .withInputTopics(
                                        generatedPrefix + Topics.ORDERS.name(),
                                        generatedPrefix + Topics.INVENTORY.name())
                                .withOutputPrefix(generatedPrefix + "clean-"),
                        null);

        assertThat(report.ok()).as(report.format()).isTrue();
        assertThat(report.confirmations()).isGreaterThan(GENERATED_ORDERS / 2);
        assertThat(report.duplicates()).isPositive();
    }

    private static OrderProcessingOptions options(
            String inputPrefix, String outputPrefix, String... extra) throws Exception {
        List<String> args = new ArrayList<>(topicArgs(inputPrefix, outputPrefix));
        args.addAll(List.of("--group-id", inputPrefix + outputPrefix + "group"));
        args.addAll(List.of(extra));
        return BoundedRun.options(KAFKA.bootstrapServers(), args);
    }

    private static List<String> topicArgs(String inputPrefix, String outputPrefix) {
        return List.of(
                "--orders-topic", inputPrefix + Topics.ORDERS.name(),
                "--inventory-topic", inputPrefix + Topics.INVENTORY.name(),
                "--confirmations-topic", inputPrefix + outputPrefix + Topics.CONFIRMATIONS.name(),
                "--refunds-topic", inputPrefix + outputPrefix + Topics.REFUNDS.name(),
                "--dead-letters-topic", inputPrefix + outputPrefix + Topics.DEAD_LETTERS.name(),
                "--status-topic", inputPrefix + outputPrefix + Topics.ORDER_STATUS.name());
    }

    private static void createTopics(String prefix) {
        Map<String, Integer> topics = new java.util.HashMap<>();
        for (var t : Topics.ORDER_PROCESSING) {
            topics.put(prefix + t.name(), PARTITIONS);
        }
        for (String outputPrefix :
                List.of("clean-", "again-", "failing-", "changelog-", "changelog-failing-")) {
            for (var t :
                    List.of(
                            Topics.CONFIRMATIONS,
                            Topics.REFUNDS,
                            Topics.DEAD_LETTERS,
                            Topics.ORDER_STATUS)) {
                topics.put(prefix + outputPrefix + t.name(), PARTITIONS);
            }
        }
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics);
    }

    private static List<JsonNode> read(String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r :
                KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), topic)) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }
}
