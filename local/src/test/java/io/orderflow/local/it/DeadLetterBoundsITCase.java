package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.kafka.KafkaPreflight;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.flink.LocalFlink;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad records up to the input topic's own limit (about 1 MB and more) each cost one bounded dead
 * letter and nothing else: the bounded replay ends, no restart, every good order decided
 * (CONTRACT.md section 4, DeadLetter, and section 2, occurredAt). One replay, shared by the tests.
 */
class DeadLetterBoundsITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INPUT_TOPIC_LIMIT = 2 * 1024 * 1024;
    private static final int NEAR_ONE_MB = 1_000_000;
    private static final int VALUE_BOUND =
            65_536; // the contract's default --dead-letter-value-bytes
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> GOOD_ORDERS = List.of("o1", "o2", "o3", "o4", "o5");
    private static final String HUGE_KEY = "k".repeat(3_000);

    /** The bad records sent, by the key they were sent with. */
    private static final Map<String, Bad> BAD = new LinkedHashMap<>();

    private static OrderProcessingOptions options;
    private static List<ConsumerRecord<String, String>> deadLetters;
    private static JsonNode exceptions;

    record Bad(String reason, byte[] value) {}

    @BeforeAll
    static void replayGoodOrdersBetweenHugeBadRecords() throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        createTopics(prefix);
        byte[] invalidUtf8 = new byte[NEAR_ONE_MB];
        Arrays.fill(invalidUtf8, (byte) 0xFF);
        byte[] controls = new byte[NEAR_ONE_MB];
        Arrays.fill(controls, (byte) 0x01);
        BAD.put(HUGE_KEY, new Bad("MALFORMED_JSON", invalidUtf8));
        BAD.put("controls", new Bad("MALFORMED_JSON", controls));
        BAD.put(
                "padded",
                new Bad(
                        "TOO_LARGE",
                        utf8(order("padded", "2026-11-26T10:00:03Z", "x".repeat(1_100_000)))));
        BAD.put(
                "o-1969",
                new Bad("SCHEMA_VIOLATION", utf8(order("o-1969", "1969-12-31T23:59:59Z", ""))));

        List<ProducerRecord<String, byte[]>> orders = new ArrayList<>();
        List<String> badKeys = new ArrayList<>(BAD.keySet());
        for (int i = 0; i < GOOD_ORDERS.size(); i++) {
            String id = GOOD_ORDERS.get(i);
            orders.add(
                    new ProducerRecord<>(
                            prefix + Topics.ORDERS.name(),
                            id,
                            utf8(order(id, "2026-11-26T10:00:0" + i + "Z", ""))));
            if (i < badKeys.size()) {
                orders.add(
                        new ProducerRecord<>(
                                prefix + Topics.ORDERS.name(),
                                badKeys.get(i),
                                BAD.get(badKeys.get(i)).value()));
            }
        }
        produce(orders);
        produce(
                List.of(
                        new ProducerRecord<>(
                                prefix + Topics.INVENTORY.name(),
                                "A",
                                utf8(
                                        "{\"eventId\":\"s1\",\"type\":\"StockCounted\",\"occurredAt\":\"2026-11-26T09:00:00Z\",\"sku\":\"A\",\"available\":3}"))));

        options = BoundedRun.options(KAFKA.bootstrapServers(), topicArgs(prefix));
        try (LocalFlink flink = TestFlink.start(options)) {
            var env = flink.environment();
            OutputGuard.ensureStatusTopic(options);
            OrderProcessingJob.build(
                    env, new KafkaSources(options), new KafkaSinks(options), options);
            JobID job = flink.submit(env);
            flink.await(job, RUN_TIMEOUT);
            exceptions = restGet(flink.restAddress(), "/jobs/" + job + "/exceptions");
        }
        deadLetters =
                KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), options.deadLettersTopic);
    }

    @Test
    void theReplayEndsWithoutAnyRestart() {
        // Every restart follows a failure, and every failure is an entry of the job's exception
        // history.
        assertThat(exceptions.path("exceptionHistory").has("entries"))
                .as(exceptions.toString())
                .isTrue();
        assertThat(exceptions.path("exceptionHistory").path("entries"))
                .as(exceptions.toString())
                .isEmpty();
        assertThat(
                        exceptions.path("root-exception").isMissingNode()
                                || exceptions.path("root-exception").isNull())
                .as(exceptions.toString())
                .isTrue();
    }

    @Test
    void eachBadRecordIsExactlyOneDeadLetterWithItsReason() throws Exception {
        Map<String, String> reasonByKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : deadLetters) {
            assertThat(reasonByKey.put(r.key(), JSON.readTree(r.value()).get("reason").asText()))
                    .as("one dead letter for %s", r.key())
                    .isNull();
        }
        Map<String, String> expected = new HashMap<>();
        BAD.forEach(
                (key, bad) ->
                        expected.put(key.substring(0, Math.min(key.length(), 1024)), bad.reason()));
        assertThat(reasonByKey).isEqualTo(expected);
    }

    @Test
    void eachDeadLetterCarriesTheOriginalsLengthAndHashAndSaysWhetherItWasCut() throws Exception {
        for (ConsumerRecord<String, String> r : deadLetters) {
            JsonNode dl = JSON.readTree(r.value());
            Bad sent = BAD.get(r.key().equals(HUGE_KEY.substring(0, 1024)) ? HUGE_KEY : r.key());
            assertThat(dl.get("valueBytes").asInt()).as(r.key()).isEqualTo(sent.value().length);
            assertThat(dl.get("valueSha256").asText()).as(r.key()).isEqualTo(sha256(sent.value()));
            assertThat(dl.get("valueTruncated").asBoolean())
                    .as(r.key())
                    .isEqualTo(sent.value().length > VALUE_BOUND);
        }
    }

    @Test
    void theCutValueIsTheOriginalsFirstBytes() throws Exception {
        for (ConsumerRecord<String, String> r : deadLetters) {
            JsonNode dl = JSON.readTree(r.value());
            byte[] held =
                    dl.has("valueBase64")
                            ? java.util.Base64.getDecoder().decode(dl.get("valueBase64").asText())
                            : utf8(dl.get("value").asText());
            byte[] original =
                    BAD.get(r.key().equals(HUGE_KEY.substring(0, 1024)) ? HUGE_KEY : r.key())
                            .value();
            assertThat(held.length).as(r.key()).isLessThanOrEqualTo(VALUE_BOUND);
            assertThat(held).as(r.key()).isEqualTo(Arrays.copyOf(original, held.length));
        }
    }

    @Test
    void everyDeadLetterStaysWithinSixTimesTheValueBoundPlus8KiB() {
        assertThat(deadLetters).hasSize(BAD.size());
        for (ConsumerRecord<String, String> r : deadLetters) {
            long size = utf8(r.value()).length + (r.key() == null ? 0 : utf8(r.key()).length);
            assertThat(size).as(r.key()).isLessThanOrEqualTo(6L * VALUE_BOUND + 8_192);
        }
    }

    @Test
    void aHugeKeyIsCutTo1KiBInTheDeadLetterAndItsKafkaKey() throws Exception {
        ConsumerRecord<String, String> r =
                deadLetters.stream()
                        .filter(d -> d.key().startsWith("kkk"))
                        .findFirst()
                        .orElseThrow();
        JsonNode dl = JSON.readTree(r.value());
        assertThat(r.key()).isEqualTo("k".repeat(1024));
        assertThat(dl.get("key").asText()).isEqualTo("k".repeat(1024));
        assertThat(dl.get("keyTruncated").asBoolean()).isTrue();
    }

    @Test
    void anOrderDatedBefore1970IsASchemaViolationNamingOccurredAt() throws Exception {
        ConsumerRecord<String, String> r =
                deadLetters.stream()
                        .filter(d -> d.key().equals("o-1969"))
                        .findFirst()
                        .orElseThrow();
        JsonNode dl = JSON.readTree(r.value());
        assertThat(dl.get("reason").asText()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(dl.get("detail").asText())
                .startsWith(
                        "occurredAt must lie between 1970-01-01T00:00:00Z and"
                                + " 9999-12-31T23:59:59.999Z");
        assertThat(dl.get("keyTruncated").asBoolean()).isFalse();
    }

    @Test
    void everyGoodOrderIsDecided() throws Exception {
        List<String> decided = new ArrayList<>();
        for (String topic : List.of(options.confirmationsTopic, options.refundsTopic)) {
            for (ConsumerRecord<String, String> r :
                    KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), topic)) {
                decided.add(JSON.readTree(r.value()).get("orderId").asText());
            }
        }
        assertThat(decided).containsAll(GOOD_ORDERS);
        assertThat(decided).doesNotContainAnyElementsOf(BAD.keySet());
    }

    @Test
    void theJobRefusesToStartWhenTheDeadLetterTopicAcceptsLessThanADeadLetterCanTake()
            throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        createTopics(prefix);
        String small = prefix + "small-dead-letters";
        try (var admin = TopicAdmin.admin(KAFKA.bootstrapServers())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(small, 1, (short) 1)
                                            .configs(Map.of("max.message.bytes", "100000"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        // Until the broker's metadata has the new topic, it describes it as unknown (the default
        // limit).
        TopicAdmin.waitForTopics(
                KAFKA.bootstrapServers(), List.of(small), KafkaTestSupport.DEFAULT_TIMEOUT);
        List<String> args = new ArrayList<>(topicArgs(prefix, small));
        args.addAll(List.of("--delivery", "at-least-once"));
        OrderProcessingOptions refused = BoundedRun.options(KAFKA.bootstrapServers(), args);

        assertThatThrownBy(() -> preflight(refused))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'" + small + "'")
                .hasMessageContaining("100000")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theDefaultsPassTheStartUpCheckOnAFreshTopic() throws Exception {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        createTopics(prefix);
        List<String> args = new ArrayList<>(topicArgs(prefix));
        args.addAll(List.of("--delivery", "at-least-once"));

        preflight(BoundedRun.options(KAFKA.bootstrapServers(), args));
    }

    private static void preflight(OrderProcessingOptions o) {
        KafkaPreflight.check(
                o,
                KafkaPreflight.flinkConfiguration(o),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    private static String order(String orderId, String occurredAt, String padding) {
        return "{\"eventId\":\"e-"
                + orderId
                + "\",\"type\":\"OrderPlaced\",\"occurredAt\":\""
                + occurredAt
                + "\",\"orderId\":\""
                + orderId
                + "\",\"customerId\":\"c1\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":100}]"
                + (padding.isEmpty() ? "" : ",\"padding\":\"" + padding + "\"")
                + "}";
    }

    private static List<String> topicArgs(String prefix) {
        return topicArgs(prefix, prefix + Topics.DEAD_LETTERS.name());
    }

    private static List<String> topicArgs(String prefix, String deadLetters) {
        return List.of(
                "--orders-topic", prefix + Topics.ORDERS.name(),
                "--inventory-topic", prefix + Topics.INVENTORY.name(),
                "--confirmations-topic", prefix + Topics.CONFIRMATIONS.name(),
                "--refunds-topic", prefix + Topics.REFUNDS.name(),
                "--dead-letters-topic", deadLetters,
                "--group-id", prefix + "group");
    }

    /** Input topics that take records up to 2 MiB; the outputs keep the broker's default limit. */
    private static void createTopics(String prefix) throws Exception {
        try (var admin = TopicAdmin.admin(KAFKA.bootstrapServers())) {
            Map<String, String> large =
                    Map.of("max.message.bytes", Integer.toString(INPUT_TOPIC_LIMIT));
            admin.createTopics(
                            List.of(
                                    new NewTopic(prefix + Topics.ORDERS.name(), 2, (short) 1)
                                            .configs(large),
                                    new NewTopic(prefix + Topics.INVENTORY.name(), 1, (short) 1)
                                            .configs(large),
                                    new NewTopic(
                                            prefix + Topics.CONFIRMATIONS.name(), 2, (short) 1),
                                    new NewTopic(prefix + Topics.REFUNDS.name(), 2, (short) 1),
                                    new NewTopic(
                                            prefix + Topics.DEAD_LETTERS.name(), 2, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        TopicAdmin.waitForTopics(
                KAFKA.bootstrapServers(),
                List.of(
                        prefix + Topics.ORDERS.name(),
                        prefix + Topics.INVENTORY.name(),
                        prefix + Topics.DEAD_LETTERS.name()),
                KafkaTestSupport.DEFAULT_TIMEOUT);
    }

    /** Sends records of up to 2 MiB, uncompressed, and waits for every ack. */
    private static void produce(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, INPUT_TOPIC_LIMIT);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) KafkaTestSupport.DEFAULT_TIMEOUT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                (int) KafkaTestSupport.DEFAULT_TIMEOUT.toMillis());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(
                        p,
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                acks.add(producer.send(r));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(KafkaTestSupport.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static JsonNode restGet(URI base, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
