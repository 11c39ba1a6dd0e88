package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.ContractExample;
import io.orderflow.jobs.Sinks;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.local.generate.GenerateCommand;
import io.orderflow.local.generate.GeneratorSettings;
import io.orderflow.local.generate.TopicNames;
import io.orderflow.local.kafka.KafkaBrokerExtension;
import io.orderflow.local.kafka.KafkaTestSupport;
import io.orderflow.local.kafka.TopicAdmin;
import io.orderflow.local.verify.Report;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.local.verify.VerifyOptions;
import io.orderflow.schemas.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
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

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 3;
    private static final long GENERATED_ORDERS = 6_000;

    /** Generated input shared by the determinism and exactly-once tests, and its clean run's outputs. */
    private static String generatedPrefix;
    private static List<String> cleanRunOutputs;

    @BeforeAll
    static void generateInputAndRunOnceCleanly() throws Exception {
        generatedPrefix = KafkaTestSupport.uniqueTopicPrefix();
        createTopics(generatedPrefix);
        GenerateCommand.produce(KAFKA.bootstrapServers(), GeneratorSettings.defaults(GENERATED_ORDERS).withSeed(42),
                new TopicNames(generatedPrefix + Topics.ORDERS.name(), generatedPrefix + Topics.INVENTORY.name()), 0, null);
        OrderProcessingOptions clean = options(generatedPrefix, "clean-");
        BoundedRun.run(clean, UnaryOperator.identity());
        cleanRunOutputs = BoundedRun.committedOutputs(KAFKA.bootstrapServers(), clean);
    }

    @Test
    void contractExamplesOnSeveralPartitionsGiveExactlyTheExpectedOutputs() throws Exception {
        List<ContractExample> all = ContractExample.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(21);
        // The examples with default options share one job. Those that set options are BACKORDER
        // examples whose outcome depends on where the run's event time ends (T_end), which another
        // example's events would move: each runs alone.
        runScenario(ExampleScenario.of(all.stream().filter(e -> e.options().isEmpty()).toList()), List.of());
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
                    .forEach(in -> records.add(new ProducerRecord<>(prefix + topic, in.key(), in.value())));
            KafkaTestSupport.produce(KAFKA.bootstrapServers(), prefix + topic, records);
        }
        List<String> args = new ArrayList<>(topicArgs(prefix, ""));
        args.addAll(extraOptions);
        OrderProcessingOptions o = BoundedRun.options(KAFKA.bootstrapServers(), args);

        BoundedRun.run(o, UnaryOperator.identity());

        assertThat(read(o.confirmationsTopic)).containsExactlyInAnyOrderElementsOf(scenario.confirmations);
        assertThat(read(o.refundsTopic)).containsExactlyInAnyOrderElementsOf(scenario.refunds);
        List<JsonNode> deadLetters = read(o.deadLettersTopic);
        assertThat(deadLetters).hasSameSizeAs(scenario.deadLetters);
        for (ExampleScenario.ExpectedDeadLetter expected : scenario.deadLetters) {
            assertThat(deadLetters).anySatisfy(dl -> {
                assertThat(dl.get("value").asText()).isEqualTo(expected.value());
                assertThat(dl.get("valueBytes").asInt()).isEqualTo(expected.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
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
        assertThat(BoundedRun.committedOutputs(KAFKA.bootstrapServers(), again)).isEqualTo(cleanRunOutputs);
    }

    @Test
    void aFailureAfterACheckpointLosesAndDoublesNothing() throws Exception {
        OrderProcessingOptions failing = options(generatedPrefix, "failing-");
        FailOnceAfterCheckpoint.reset();

        BoundedRun.run(failing, sinks -> new FailingSinks(sinks));

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        System.out.println("failure injected " + (FailOnceAfterCheckpoint.AFTER_CHECKPOINT ? "after a checkpoint" : "before any checkpoint barrier"));
        assertThat(FailOnceAfterCheckpoint.passedBeforeFailure.get()).as("it struck mid-stream").isGreaterThan(0);
        List<String> outputs = BoundedRun.committedOutputs(KAFKA.bootstrapServers(), failing);
        assertThat(outputs).as("committed outputs after recovery equal a clean run's, exactly").isEqualTo(cleanRunOutputs);
        Set<String> eventIds = new HashSet<>();
        for (String o : outputs) {
            JsonNode value = JSON.readTree(o.substring(o.indexOf('{')));
            assertThat(eventIds.add(value.get("eventId").asText())).as("no output twice: %s", o).isTrue();
        }
    }

    @Test
    void theCleanRunKeepsTheContractsInvariants() {
        Report report = VerifyCommand.verify(KAFKA.bootstrapServers(),
                VerifyOptions.defaults()
                        .withInputTopics(generatedPrefix + Topics.ORDERS.name(), generatedPrefix + Topics.INVENTORY.name())
                        .withOutputPrefix(generatedPrefix + "clean-"),
                null);

        assertThat(report.ok()).as(report.format()).isTrue();
        assertThat(report.confirmations()).isGreaterThan(GENERATED_ORDERS / 2);
        assertThat(report.duplicates()).isPositive();
    }

    private static OrderProcessingOptions options(String inputPrefix, String outputPrefix) throws Exception {
        List<String> args = new ArrayList<>(topicArgs(inputPrefix, outputPrefix));
        args.addAll(List.of("--group-id", inputPrefix + outputPrefix + "group"));
        return BoundedRun.options(KAFKA.bootstrapServers(), args);
    }

    private static List<String> topicArgs(String inputPrefix, String outputPrefix) {
        return List.of(
                "--orders-topic", inputPrefix + Topics.ORDERS.name(),
                "--inventory-topic", inputPrefix + Topics.INVENTORY.name(),
                "--confirmations-topic", inputPrefix + outputPrefix + Topics.CONFIRMATIONS.name(),
                "--refunds-topic", inputPrefix + outputPrefix + Topics.REFUNDS.name(),
                "--dead-letters-topic", inputPrefix + outputPrefix + Topics.DEAD_LETTERS.name());
    }

    private static void createTopics(String prefix) {
        Map<String, Integer> topics = new java.util.HashMap<>();
        for (var t : Topics.ORDER_PROCESSING) {
            topics.put(prefix + t.name(), PARTITIONS);
        }
        for (String outputPrefix : List.of("clean-", "again-", "failing-")) {
            for (var t : List.of(Topics.CONFIRMATIONS, Topics.REFUNDS, Topics.DEAD_LETTERS)) {
                topics.put(prefix + outputPrefix + t.name(), PARTITIONS);
            }
        }
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics);
    }

    private static List<JsonNode> read(String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), topic)) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    /** The real Kafka sinks, with a failure injected on the decisions' way to them. */
    private static final class FailingSinks implements Sinks {
        private final Sinks delegate;

        FailingSinks(Sinks delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(DataStream<io.orderflow.functions.Decision> decisions, DataStream<io.orderflow.schemas.DeadLetter> deadLetters) {
            delegate.write(decisions.map(new FailOnceAfterCheckpoint<>()).returns(decisions.getType()).name("fail once"), deadLetters);
        }
    }

    /**
     * Throws once, in one subtask: a few records after a checkpoint's barrier went through it, or,
     * when no barrier has come by its {@value #MID_STREAM}th record, there. Either way the job
     * restarts mid-stream and must neither lose nor repeat an output.
     */
    static final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointedFunction {
        static volatile boolean FAILED;
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static final AtomicLong passedBeforeFailure = new AtomicLong();
        /** When no checkpoint barrier has passed by then, the failure still strikes mid-stream. */
        static final long MID_STREAM = 1_000;
        static volatile boolean AFTER_CHECKPOINT;
        private transient boolean checkpointed;
        private transient long sinceCheckpoint;
        private transient long sinceStart;

        static void reset() {
            FAILED = false;
            ARMED.set(true);
            passedBeforeFailure.set(0);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            checkpointed = false;
            sinceCheckpoint = 0;
            sinceStart = 0;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            checkpointed = true;
        }

        @Override
        public T map(T value) {
            if (!FAILED) {
                passedBeforeFailure.incrementAndGet();
            }
            long seen = ++sinceStart;
            boolean due = checkpointed ? ++sinceCheckpoint > 20 : seen > MID_STREAM;
            if (due && ARMED.compareAndSet(true, false)) {
                AFTER_CHECKPOINT = checkpointed;
                FAILED = true;
                throw new IllegalStateException("injected failure mid-stream");
            }
            return value;
        }
    }
}
