package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.RiversJob;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.testkit.flink.LocalFlink;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rivers job (contract section 8) on a real broker: each river's records in its own topic with
 * the input's key and timestamp, problems and dead letters beside them; a replay gives the same
 * river topics; a failure after a completed checkpoint loses and doubles nothing.
 */
class RiversJobITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir static Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 3;

    /**
     * Enough records for checkpoints every 100 ms to complete while the job routes them (the
     * failure test).
     */
    private static final int GENERATED = 60_000;

    private static final long T0 = 1_795_687_200_000L;

    private static final String SPEC =
            String.join(
                    "\n",
                    "rivers:",
                    "  - name: big-refunds",
                    "    precondition:",
                    "      type: [RefundIssued]",
                    "    validate:",
                    "      where: [\"amount >= 10000\"]",
                    "    interestedIn: [orderId, amount]",
                    "  - name: refunds",
                    "    precondition:",
                    "      type: [RefundIssued]",
                    "  - name: confirmed",
                    "    precondition:",
                    "      type: [OrderConfirmed]",
                    "    validate:",
                    "      require: [orderId]",
                    "");

    private static Path spec;
    private static String generatedPrefix;
    private static List<String> cleanRun;

    @BeforeAll
    static void generateRapidsAndRouteThemOnce() throws Exception {
        spec = Files.writeString(dir.resolve("rivers.yaml"), SPEC);
        generatedPrefix = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.createTopics(
                KAFKA.bootstrapServers(), Map.of(generatedPrefix + "rapids", PARTITIONS));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) {
            String key = "o" + (i % 997);
            String value =
                    switch (i % 5) {
                        case 0 ->
                                "{\"type\":\"RefundIssued\",\"orderId\":\""
                                        + key
                                        + "\",\"amount\":"
                                        + (i * 7 % 20_000)
                                        + "}";
                        case 1 ->
                                "{\"type\":\"OrderConfirmed\",\"orderId\":\""
                                        + key
                                        + "\",\"amount\":"
                                        + i
                                        + "}";
                        case 2 -> "{\"type\":\"OrderConfirmed\",\"amount\":" + i + "}";
                        case 3 ->
                                i % 1000 == 3 ? "{not json" : "{\"type\":\"Ping\",\"n\":" + i + "}";
                        default ->
                                "{\"type\":\"RefundIssued\",\"orderId\":\""
                                        + key
                                        + "\",\"amount\":1e4}";
                    };
            records.add(new ProducerRecord<>(generatedPrefix + "rapids", null, T0 + i, key, value));
        }
        KafkaTestSupport.produce(KAFKA.bootstrapServers(), generatedPrefix + "rapids", records);
        RiversOptions clean = options(generatedPrefix, "clean-");
        run(clean, false);
        cleanRun = committed(clean);
    }

    @Test
    void
            eachRiverHoldsItsRecordsWithTheInputsKeyTimestampAndSourceAndTheRestAreProblemsOrDeadLetters()
                    throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), Map.of(prefix + "rapids", 1));
        KafkaTestSupport.produce(
                KAFKA.bootstrapServers(),
                prefix + "rapids",
                List.of(
                        new ProducerRecord<>(
                                prefix + "rapids",
                                null,
                                T0,
                                "o1",
                                "{\"type\":\"RefundIssued\",\"orderId\":\"o1\",\"amount\":25000,\"reason\":\"CANCELLED\"}"),
                        new ProducerRecord<>(
                                prefix + "rapids",
                                null,
                                T0 + 1,
                                "o2",
                                "{\"type\":\"RefundIssued\",\"orderId\":\"o2\",\"amount\":10}"),
                        new ProducerRecord<>(
                                prefix + "rapids",
                                null,
                                T0 + 2,
                                "o3",
                                "{\"type\":\"OrderConfirmed\"}"),
                        new ProducerRecord<>(prefix + "rapids", null, T0 + 3, "o4", "[1,2]")));
        RiversOptions o = options(prefix, "");
        run(o, false);

        List<ConsumerRecord<String, String>> big =
                KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), "river.big-refunds");
        assertThat(big)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.key()).isEqualTo("o1");
                            assertThat(r.timestamp()).isEqualTo(T0);
                            JsonNode value = JSON.readTree(r.value());
                            assertThat(value.get("amount").asInt()).isEqualTo(25000);
                            assertThat(value.has("reason")).isFalse();
                            assertThat(value.get("@id").asText())
                                    .isEqualTo("big-refunds/" + prefix + "rapids/0/0");
                        });
        assertThat(KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), "river.refunds"))
                .extracting(ConsumerRecord::key)
                .containsExactly("o1", "o2");
        List<JsonNode> problems = values(o.problemsTopic);
        assertThat(problems)
                .extracting(p -> p.get("river").asText())
                .containsExactlyInAnyOrder("big-refunds", "confirmed");
        assertThat(values(o.deadLettersTopic))
                .singleElement()
                .satisfies(d -> assertThat(d.get("reason").asText()).isEqualTo("SCHEMA_VIOLATION"));
    }

    @Test
    void theSameRapidsReplayedGiveIdenticalOutputs() throws Exception {
        RiversOptions again = options(generatedPrefix, "again-");
        run(again, false);

        assertThat(cleanRun).hasSizeGreaterThan(GENERATED / 2);
        assertThat(committed(again)).isEqualTo(cleanRun);
    }

    @Test
    void aFailureAfterACompletedCheckpointLosesAndDoublesNothing() throws Exception {
        RiversOptions failing =
                options(generatedPrefix, "failing-", "--checkpoint-interval", "100ms");
        FailOnceAfterCheckpoint.reset();

        run(failing, true);

        assertThat(FailOnceAfterCheckpoint.checkpointBeforeFailure())
                .as(
                        "the failure struck after a checkpoint had completed mid-stream (%d"
                                + " notices)",
                        FailOnceAfterCheckpoint.checkpointsCompleted())
                .isPositive();
        assertThat(FailOnceAfterCheckpoint.committedBeforeFailure())
                .as("that checkpoint committed outputs of the failing subtask")
                .isPositive();
        assertThat(committed(failing))
                .as("committed outputs after recovery equal a clean run's, exactly")
                .isEqualTo(cleanRun);
    }

    private static RiversOptions options(String prefix, String outputPrefix, String... extra)
            throws Exception {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--rivers",
                                spec.toString(),
                                "--rapids-topic",
                                prefix + "rapids",
                                "--starting-offsets",
                                "earliest",
                                "--stop-at",
                                "latest",
                                "--parallelism",
                                "2",
                                "--checkpoint-dir",
                                Files.createTempDirectory("orderflow-it-rivers-")
                                        .toUri()
                                        .toString()));
        if (!List.of(extra).contains("--checkpoint-interval")) {
            argv.addAll(List.of("--checkpoint-interval", "500ms"));
        }
        if (!outputPrefix.isEmpty()) {
            argv.addAll(List.of("--output-prefix", prefix + outputPrefix));
        } else {
            argv.addAll(
                    List.of(
                            "--problems-topic",
                            prefix + "river-problems",
                            "--dead-letters-topic",
                            prefix + "dead-letters"));
        }
        argv.addAll(List.of(extra));
        return RiversOptions.parse(argv);
    }

    private static void run(RiversOptions o, boolean failOnce) throws Exception {
        OutputGuard.check(o);
        Configuration config = RiversJob.flinkConfig(o);
        config.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                Files.createTempDirectory("orderflow-it-savepoints-").toUri().toString());
        try (LocalFlink flink = LocalFlink.start(config, 2, 0)) {
            var env = flink.environment();
            env.setParallelism(2);
            DataStream<OutputRecord> outputs = RiversJob.route(RiversJob.rapids(env, o), o);
            if (failOnce) {
                outputs =
                        outputs.map(new FailOnceAfterCheckpoint<>())
                                .returns(outputs.getType())
                                .name("fail once");
            }
            outputs.sinkTo(KafkaSinks.sink(o, o.transactionalIdPrefix)).name("rivers");
            JobID job = flink.submit(env);
            flink.await(job, BoundedRun.RUN_DEADLINE);
        }
    }

    /**
     * Every committed output of a run, as {@code topic-without-prefix key timestamp value}, sorted.
     */
    private static List<String> committed(RiversOptions o) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String topic : o.outputTopics()) {
            String name = topic.substring(o.outputPrefix.length());
            for (ConsumerRecord<String, String> r :
                    KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), topic)) {
                counts.merge(
                        name + " " + r.key() + " " + r.timestamp() + " " + r.value(),
                        1,
                        Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach(
                (record, n) -> {
                    for (int i = 0; i < n; i++) {
                        out.add(record);
                    }
                });
        return out;
    }

    private static List<JsonNode> values(String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r :
                KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), topic)) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }
}
