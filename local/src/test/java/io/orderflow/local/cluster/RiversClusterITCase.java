package io.orderflow.local.cluster;

import static io.orderflow.local.cluster.ClusterFaultITCase.RECOVERY_DEADLINE;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitRunning;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitState;
import static io.orderflow.local.cluster.ClusterFaultITCase.keepLogs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rivers job as a user runs it on the standalone cluster: {@code ./orderflow submit rivers
 * --rivers FILE ...} (Flink's CLI, {@code flink run -d}), then {@code ./orderflow stop} (a
 * savepoint) and {@code ./orderflow submit -s PATH rivers ...}. The expected outputs are written
 * from contract section 8: each river's records with the input's key, timestamp and {@code @river},
 * {@code @id}, {@code @source}; a broken {@code validate} rule is a RiverProblem; a record that is
 * not JSON, or not an object with a string type, is a dead letter. Across the stop and resume no
 * record is lost or written twice. Logs are kept in {@code target/rivers-cluster-logs}.
 */
class RiversClusterITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RESUME_HINT =
            Pattern.compile("Resume it with: ./orderflow submit -s (\\S+) rivers ");
    private static final Duration OUTPUT_DEADLINE = Duration.ofSeconds(90);

    /**
     * The fields contract sections 4 and 8 give a dead letter or problem of a short record; outputs
     * may carry more.
     */
    private static final List<String> CONTRACT_FIELDS =
            List.of(
                    "eventId",
                    "type",
                    "occurredAt",
                    "reason",
                    "river",
                    "source",
                    "key",
                    "value",
                    "valueBytes",
                    "valueSha256",
                    "valueTruncated");

    private static final String RAPIDS = "rapids";
    private static final int PARTITIONS = 3;
    private static final long T0 = 1_795_687_200_000L;

    private static final String SPEC =
            String.join(
                    "\n",
                    "rivers:",
                    "  - name: big-refunds",
                    "    precondition:",
                    "      type: [RefundIssued]",
                    "    validate:",
                    "      require: [orderId]",
                    "      where: [\"amount >= 10000\", \"currency in [EUR, USD]\"]",
                    "    interestedIn: [orderId, amount, currency]",
                    "  - name: refunds",
                    "    precondition:",
                    "      type: [RefundIssued]",
                    "  - name: confirmations",
                    "    precondition:",
                    "      type: [OrderConfirmed]",
                    "");

    @TempDir Path tmp;

    private FlinkCluster cluster;

    /** Every record written to the rapids so far, and the outputs the contract says they give. */
    private final List<Input> inputs = new ArrayList<>();

    private final Expected expected = new Expected();
    private int produced;

    @AfterEach
    void stopTheCluster() throws IOException {
        if (cluster != null) {
            cluster.stop();
            keepLogs(cluster, KAFKA.broker(), Path.of("target", "rivers-cluster-logs"));
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void submittedRiversRouteEachRecordOnceAndAStopWithSavepointAndResumeNeitherLosesNorRepeatsOne()
            throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        TopicAdmin.createTopics(bootstrap, Map.of(RAPIDS, PARTITIONS));
        String spec =
                Path.of("")
                        .toAbsolutePath()
                        .relativize(Files.writeString(tmp.resolve("rivers.yaml"), SPEC))
                        .toString();
        Path dir = tmp.resolve("cluster");
        cluster = FlinkCluster.ownedBy(dir);
        assertThat(
                        ClusterCommand.run(
                                List.of(
                                        "start",
                                        "--dir",
                                        dir.toString(),
                                        "--taskmanagers",
                                        "1",
                                        "--slots",
                                        "2",
                                        "--rest-port",
                                        String.valueOf(LoopbackPorts.free()),
                                        "--rpc-port",
                                        String.valueOf(LoopbackPorts.free()),
                                        "--checkpoint-dir",
                                        tmp.resolve("checkpoints").toUri().toString()),
                                d -> cluster,
                                System.out,
                                System.err))
                .as("cluster start")
                .isZero();
        RestClient rest = cluster.rest();
        List<String> rivers =
                List.of(
                        "rivers",
                        "--bootstrap-servers",
                        bootstrap,
                        "--rivers",
                        spec,
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "500ms");

        // Two rivers; one river; one river and a broken rule of the other; no river; not JSON.
        write(
                0,
                "o-1",
                "{\"type\":\"RefundIssued\",\"orderId\":\"o-1\",\"amount\":25000,\"currency\":\"EUR\",\"reason\":\"OUT_OF_STOCK\"}",
                "big-refunds {\"orderId\":\"o-1\",\"amount\":25000,\"currency\":\"EUR\"}",
                "refunds");
        write(
                1,
                "o-2",
                "{\"type\":\"OrderConfirmed\",\"orderId\":\"o-2\",\"amount\":1200}",
                "confirmations");
        write(
                2,
                "o-3",
                "{\"type\":\"RefundIssued\",\"orderId\":\"o-3\",\"amount\":500,\"currency\":\"EUR\",\"reason\":\"CANCELLED\"}",
                "refunds",
                "problem big-refunds amount");
        write(0, "s-1", "{\"type\":\"StockReceived\",\"sku\":\"s-1\",\"quantity\":5}");
        write(1, "o-5", "{\"type\":\"RefundIssued\",", "dead-letter MALFORMED_JSON");
        produce(bootstrap);

        String first = submit(rest, dir, List.of(), rivers);
        awaitOutputs(bootstrap, "before the stop");

        String savepoint = stop(dir);
        awaitState(rest, first, "FINISHED", RECOVERY_DEADLINE);

        // After the stop, on every partition: two rivers (10000 is a big refund), one river, a
        // broken rule, not an object.
        write(
                0,
                "o-7",
                "{\"type\":\"RefundIssued\",\"orderId\":\"o-7\",\"amount\":10000,\"currency\":\"USD\"}",
                "big-refunds {\"orderId\":\"o-7\",\"amount\":10000,\"currency\":\"USD\"}",
                "refunds");
        write(
                1,
                "o-8",
                "{\"type\":\"OrderConfirmed\",\"orderId\":\"o-8\",\"amount\":99}",
                "confirmations");
        write(
                2,
                "o-9",
                "{\"type\":\"RefundIssued\",\"orderId\":\"o-9\",\"amount\":30000,\"currency\":\"GBP\"}",
                "refunds",
                "problem big-refunds currency");
        write(0, "o-10", "[1,2]", "dead-letter SCHEMA_VIOLATION");
        produce(bootstrap);

        String resumed = submit(rest, dir, List.of("-s", savepoint), rivers);
        assertThat(rest.restoredCheckpoint(resumed))
                .as("the resumed job's restore")
                .hasValueSatisfying(r -> assertThat(r.isSavepoint()).isTrue());
        awaitOutputs(bootstrap, "after the resume");
    }

    // ---- the user's commands ----

    /**
     * {@code ./orderflow submit --cluster-dir DIR [flink options] rivers ...}; the job id it
     * printed, once the job runs.
     */
    private static String submit(
            RestClient rest, Path dir, List<String> flinkOptions, List<String> jobArgs)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of("--cluster-dir", dir.toString()));
        argv.addAll(flinkOptions);
        argv.addAll(jobArgs);
        Captured out = new Captured();
        assertThat(JobCommands.submit(argv, out.stream(), out.stream()))
                .as("./orderflow submit %s: %s", argv, out)
                .isZero();
        Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(out.toString());
        assertThat(id.find()).as("a job id in: %s", out).isTrue();
        awaitRunning(rest, id.group(1));
        return id.group(1);
    }

    /**
     * {@code ./orderflow stop --cluster-dir DIR --savepoint-dir URI}; the savepoint its resume hint
     * names.
     */
    private String stop(Path dir) throws Exception {
        Captured out = new Captured();
        assertThat(
                        JobCommands.stop(
                                List.of(
                                        "--cluster-dir",
                                        dir.toString(),
                                        "--savepoint-dir",
                                        tmp.resolve("savepoints").toUri().toString()),
                                out.stream(),
                                out.stream()))
                .as("./orderflow stop: %s", out)
                .isZero();
        Matcher hint = RESUME_HINT.matcher(out.toString());
        assertThat(hint.find()).as("a resume hint naming the rivers job in: %s", out).isTrue();
        return hint.group(1);
    }

    // ---- the rapids and what the contract says they give ----

    private record Input(int partition, long offset, long timestamp, String key, String value) {
        String id() {
            return RAPIDS + "/" + partition + "/" + offset;
        }

        ObjectNode source() {
            return JSON.createObjectNode()
                    .put("topic", RAPIDS)
                    .put("partition", partition)
                    .put("offset", offset)
                    .put("timestamp", timestamp);
        }
    }

    /**
     * One rapids record to {@code partition} and what it gives: {@code "<river>"} (the whole
     * record), {@code "<river> <projection>"}, {@code "problem <river> <path named by its one
     * broken rule>"}, {@code "dead-letter <reason>"}.
     */
    private void write(int partition, String key, String value, String... outputs)
            throws Exception {
        long offset = inputs.stream().filter(i -> i.partition() == partition).count();
        Input in = new Input(partition, offset, T0 + inputs.size(), key, value);
        inputs.add(in);
        for (String output : outputs) {
            String[] words = output.split(" ", 3);
            switch (words[0]) {
                case "problem" -> expected.problem(in, words[1], words[2]);
                case "dead-letter" -> expected.deadLetter(in, words[1]);
                default ->
                        expected.river(
                                in,
                                words[0],
                                words.length > 1 ? output.substring(words[0].length() + 1) : value);
            }
        }
    }

    private void produce(String bootstrap) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (Input in : inputs) {
            records.add(
                    new ProducerRecord<>(
                            RAPIDS, in.partition(), in.timestamp(), in.key(), in.value()));
        }
        KafkaTestSupport.produce(bootstrap, RAPIDS, records.subList(produced, records.size()));
        produced = records.size();
    }

    /**
     * Waits until each output topic holds as many committed records as expected, then reads them
     * all again and asserts they are exactly those. The second read sees any record written twice:
     * by then every partition's newest input has its outputs committed, and a repeat of an earlier
     * one would have come before them. A problem's or dead letter's sentence (free text) must name
     * its path; its other fields are compared as far as the contract gives them.
     */
    private void awaitOutputs(String bootstrap, String when) throws Exception {
        expected.byTopic()
                .forEach(
                        (topic, records) ->
                                KafkaTestSupport.readCommitted(
                                        bootstrap, topic, records.size(), OUTPUT_DEADLINE));
        for (Map.Entry<String, List<String>> topic : expected.byTopic().entrySet()) {
            List<String> actual = new ArrayList<>();
            for (ConsumerRecord<String, String> r :
                    KafkaTestSupport.readCommitted(bootstrap, topic.getKey())) {
                ObjectNode value = (ObjectNode) JSON.readTree(r.value());
                if (!topic.getKey().startsWith("river.")) {
                    JsonNode sentences =
                            value.remove(value.has("problems") ? "problems" : "detail");
                    assertThat(sentences).as("the sentence of %s %s", r.value(), when).isNotNull();
                    String path = expected.sentencePath(value.path("eventId").asText());
                    assertThat(sentences.isArray() ? sentences : List.of(sentences))
                            .as("the sentences of %s", r.value())
                            .singleElement()
                            .satisfies(s -> assertThat(s.asText()).contains(path));
                    value.retain(CONTRACT_FIELDS);
                }
                actual.add(canonical(r.key(), r.timestamp(), value));
            }
            assertThat(actual)
                    .as("committed records of %s %s", topic.getKey(), when)
                    .containsExactlyInAnyOrderElementsOf(topic.getValue());
        }
    }

    private static String canonical(String key, long timestamp, JsonNode value) throws Exception {
        return key
                + " @"
                + timestamp
                + " "
                + JSON.writeValueAsString(JSON.treeToValue(value, Object.class));
    }

    /** The outputs of the contract, per topic, as {@link #canonical} strings. */
    private static final class Expected {
        private final Map<String, List<String>> byTopic = new TreeMap<>();

        /** eventId of each problem or dead letter, with the path its sentence must name. */
        private final Map<String, String> sentencePaths = new HashMap<>();

        Map<String, List<String>> byTopic() {
            return byTopic;
        }

        void river(Input in, String river, String body) throws Exception {
            ObjectNode value = (ObjectNode) JSON.readTree(body);
            value.put("@river", river)
                    .put("@id", river + "/" + in.id())
                    .set("@source", in.source());
            add("river." + river, in, value);
        }

        void problem(Input in, String river, String path) throws Exception {
            ObjectNode value =
                    bounded(in)
                            .put("eventId", river + "/" + in.id())
                            .put("type", "RiverProblem")
                            .put("river", river);
            sentencePaths.put(river + "/" + in.id(), path);
            add("river-problems", in, value);
        }

        void deadLetter(Input in, String reason) throws Exception {
            ObjectNode value =
                    bounded(in)
                            .put("eventId", in.id())
                            .put("type", "DeadLetter")
                            .put("reason", reason);
            sentencePaths.put(in.id(), "");
            add("dead-letters", in, value);
        }

        /**
         * What a problem and a dead letter both carry: time, source, key and the whole value (it is
         * short).
         */
        private static ObjectNode bounded(Input in) throws Exception {
            byte[] bytes = in.value().getBytes(StandardCharsets.UTF_8);
            ObjectNode value =
                    JSON.createObjectNode()
                            .put("occurredAt", MILLIS.format(Instant.ofEpochMilli(in.timestamp())));
            value.set("source", in.source());
            return value.put("key", in.key())
                    .put("value", in.value())
                    .put("valueBytes", bytes.length)
                    .put(
                            "valueSha256",
                            HexFormat.of()
                                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                    .put("valueTruncated", false);
        }

        /** The path the sentence of a problem or dead letter names ("" when any sentence does). */
        String sentencePath(String eventId) {
            return sentencePaths.getOrDefault(eventId, "");
        }

        private void add(String topic, Input in, JsonNode value) throws Exception {
            byTopic.computeIfAbsent(topic, t -> new ArrayList<>())
                    .add(canonical(in.key(), in.timestamp(), value));
        }
    }

    /** What a command printed. */
    private static final class Captured {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        PrintStream stream() {
            return stream;
        }

        @Override
        public String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
