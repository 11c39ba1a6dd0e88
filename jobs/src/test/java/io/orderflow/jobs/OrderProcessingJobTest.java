package io.orderflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.functions.Decision;
import io.orderflow.functions.Metrics;
import io.orderflow.functions.wire.WireTypes;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.Topics;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every worked example of the contract through the whole job on a mini-cluster, with in-memory
 * sources (one partition per topic, in send order) and the real output encoding. The same examples
 * run against a real broker in the local module's integration tests.
 */
class OrderProcessingJobTest {

    /**
     * Keeps every job's counters after it ended, to read the counts of applied, duplicate and
     * dead-lettered records.
     */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /**
     * Far above what one example takes: a job that hangs fails its example instead of the build.
     */
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<ContractExample> examples() {
        return ContractExample.all();
    }

    @Test
    void allTwentyOneContractExamplesAreFound() {
        assertThat(examples())
                .extracting(ContractExample::name)
                .hasSize(ContractExample.COUNT)
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void producesExactlyTheExpectedOutputsAndCounts(ContractExample example) throws Exception {
        List<String> argv =
                new ArrayList<>(
                        List.of("--bootstrap-servers", "unused:9092", "--parallelism", "2"));
        argv.addAll(example.options());
        OrderProcessingOptions options = OrderProcessingOptions.parse(argv);

        Run run = run(example, options);
        Map<String, List<JsonNode>> actual = run.outputs();

        assertThat(actual.get(Topics.CONFIRMATIONS.name()))
                .as("confirmations")
                .containsExactlyInAnyOrderElementsOf(
                        list(example.expected().get(Topics.CONFIRMATIONS.name())));
        assertThat(actual.get(Topics.REFUNDS.name()))
                .as("refunds")
                .containsExactlyInAnyOrderElementsOf(
                        list(example.expected().get(Topics.REFUNDS.name())));
        List<JsonNode> statuses = actual.get(Topics.ORDER_STATUS.name());
        assertThat(statuses)
                .as("order-status records")
                .containsExactlyInAnyOrderElementsOf(
                        list(example.expected().get(Topics.ORDER_STATUS.name())));
        assertThat(seqsByOrder(statuses))
                .as("each order's status records were written in seq order, from 1")
                .allSatisfy(
                        (orderId, seqs) ->
                                assertThat(seqs)
                                        .isEqualTo(
                                                java.util.stream.IntStream.rangeClosed(
                                                                1, seqs.size())
                                                        .boxed()
                                                        .toList()));
        List<JsonNode> deadLetters = actual.get(Topics.DEAD_LETTERS.name());
        JsonNode expectedDead = example.expected().get(Topics.DEAD_LETTERS.name());
        assertThat(deadLetters).as("dead letters").hasSize(expectedDead.size());
        for (JsonNode expected : expectedDead) {
            assertThat(deadLetters)
                    .as("a dead letter for %s", expected)
                    .anySatisfy(
                            dl -> {
                                assertThat(dl.get("value").asText())
                                        .isEqualTo(expected.get("value").asText());
                                assertThat(reasons(expected.get("reason")))
                                        .contains(dl.get("reason").asText());
                                assertThat(dl.get("detail").asText()).isNotBlank();
                                byte[] original =
                                        expected.get("value")
                                                .asText()
                                                .getBytes(StandardCharsets.UTF_8);
                                assertThat(dl.get("valueBytes").asInt()).isEqualTo(original.length);
                                assertThat(dl.get("valueTruncated").asBoolean()).isFalse();
                                assertThat(dl.get("valueSha256").asText()).hasSize(64);
                            });
        }
        JsonNode counts = example.counts();
        assertThat(counts.get("records").asLong())
                .as("the example's own counts add up")
                .isEqualTo(example.inputs().size())
                .isEqualTo(
                        counts.get("applied").asLong()
                                + counts.get("duplicates").asLong()
                                + counts.get("dead").asLong());
        assertThat(run.counter(Metrics.RECORDS_APPLIED))
                .as("records applied")
                .isEqualTo(counts.get("applied").asLong());
        assertThat(run.counter(Metrics.DUPLICATES_DROPPED))
                .as("records dropped as duplicates")
                .isEqualTo(counts.get("duplicates").asLong());
        assertThat(run.counter(Metrics.DEAD_LETTERS))
                .as("records dead-lettered")
                .isEqualTo(counts.get("dead").asLong());
        assertThat(deadLetters).as("dead letters written").hasSize(counts.get("dead").asInt());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void withARapidsTopicEveryOutputIsPublishedThereToo() throws Exception {
        ContractExample example =
                examples().stream()
                        .filter(e -> e.name().startsWith("12-"))
                        .findFirst()
                        .orElseThrow();
        OrderProcessingOptions options =
                OrderProcessingOptions.parse(
                        List.of(
                                "--bootstrap-servers",
                                "unused:9092",
                                "--parallelism",
                                "2",
                                "--rapids-topic",
                                Topics.RAPIDS.name()));

        Map<String, List<JsonNode>> outputs = run(example, options).outputs();

        List<JsonNode> all = new ArrayList<>();
        for (var topic : Topics.ORDER_PROCESSING) {
            all.addAll(outputs.get(topic.name()));
        }
        assertThat(all)
                .as("example 12 has confirmations, status records and dead letters")
                .hasSizeGreaterThan(2);
        assertThat(outputs.get(Topics.RAPIDS.name())).containsExactlyInAnyOrderElementsOf(all);
    }

    /** Each order's status seqs in the order they were written. */
    private static Map<String, List<Integer>> seqsByOrder(List<JsonNode> statuses) {
        Map<String, List<Integer>> seqs = new HashMap<>();
        for (JsonNode status : statuses) {
            seqs.computeIfAbsent(status.get("orderId").asText(), k -> new ArrayList<>())
                    .add(status.get("seq").asInt());
        }
        return seqs;
    }

    private static List<String> reasons(JsonNode reason) {
        List<String> r = new ArrayList<>();
        if (reason.isArray()) {
            reason.forEach(n -> r.add(n.asText()));
        } else {
            r.add(reason.asText());
        }
        return r;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /**
     * One example's job: its outputs by topic, and its counters summed over operators and subtasks.
     */
    record Run(Map<String, List<JsonNode>> outputs, Map<String, Long> counters) {
        long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }

    static Run run(ContractExample example, OrderProcessingOptions options) throws Exception {
        EventCodec codec = new EventCodec();
        List<InputRecord> orders = new ArrayList<>();
        List<InputRecord> inventory = new ArrayList<>();
        for (ContractExample.Input in : example.inputs()) {
            boolean isOrders = in.topic().equals(Topics.ORDERS.name());
            List<InputRecord> target = isOrders ? orders : inventory;
            RecordOrigin origin =
                    new RecordOrigin(
                            in.topic(),
                            0,
                            target.size(),
                            1_000L + target.size(),
                            in.key(),
                            in.value().getBytes(StandardCharsets.UTF_8));
            target.add(codec.decode(isOrders ? InputKind.ORDERS : InputKind.INVENTORY, origin));
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        CollectingSinks sinks = new CollectingSinks(options);
        OrderProcessingJob.build(env, new ListSources(orders, inventory), sinks, options);

        Map<String, List<JsonNode>> byTopic = new HashMap<>();
        for (var topic : Topics.ORDER_PROCESSING) {
            byTopic.put(topic.name(), new ArrayList<>());
        }
        byTopic.put(Topics.RAPIDS.name(), new ArrayList<>());
        JobClient job;
        try (CloseableIterator<OutputRecord> it = sinks.outputs.collectAsync()) {
            job = env.executeAsync("contract example " + example.name());
            while (it.hasNext()) {
                OutputRecord r = it.next();
                JsonNode value = JSON.readTree(r.value());
                assertThat(r.timestamp())
                        .as("Kafka timestamp is occurredAt")
                        .isEqualTo(EventCodec.parseInstant(value.get("occurredAt").asText()));
                byTopic.get(r.topic()).add(value);
            }
        }
        job.getJobExecutionResult().get(JOB_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        return new Run(byTopic, JobCounters.of(METRICS, job.getJobID()));
    }

    /**
     * In-memory input topics of one partition each, read in send order, typed as the Kafka
     * source's.
     */
    static final class ListSources implements Sources {
        private final List<InputRecord> orders;
        private final List<InputRecord> inventory;

        ListSources(List<InputRecord> orders, List<InputRecord> inventory) {
            this.orders = orders;
            this.inventory = inventory;
        }

        @Override
        public DataStream<InputRecord> orders(
                StreamExecutionEnvironment env, WatermarkStrategy<InputRecord> watermarks) {
            return from(env, orders, watermarks);
        }

        @Override
        public DataStream<InputRecord> inventory(
                StreamExecutionEnvironment env, WatermarkStrategy<InputRecord> watermarks) {
            return from(env, inventory, watermarks);
        }

        private static DataStream<InputRecord> from(
                StreamExecutionEnvironment env,
                List<InputRecord> records,
                WatermarkStrategy<InputRecord> watermarks) {
            // One partition: the watermark operator must not spread records over subtasks.
            if (records.isEmpty()) {
                return env.fromSequence(0, 0)
                        .filter(i -> false)
                        .map(i -> (InputRecord) null)
                        .returns(WireTypes.INPUT_RECORD)
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(watermarks)
                        .setParallelism(1);
            }
            return env.fromData(records, WireTypes.INPUT_RECORD)
                    .assignTimestampsAndWatermarks(watermarks)
                    .setParallelism(1);
        }
    }

    /** Encodes outputs exactly as the Kafka sink does and keeps them as one stream to collect. */
    static final class CollectingSinks implements Sinks {
        private final OrderProcessingOptions options;
        DataStream<OutputRecord> outputs;

        CollectingSinks(OrderProcessingOptions options) {
            this.options = options;
        }

        @Override
        public void write(DataStream<Decision> decisions, DataStream<DeadLetter> deadLetters) {
            outputs =
                    KafkaSinks.encodeDecisions(decisions, options)
                            .union(KafkaSinks.encodeDeadLetters(deadLetters, options));
        }
    }
}
