package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.flink.LocalFlink;
import io.orderflow.testkit.generate.GeneratedRecord;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderStream;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.verifier.Fulfilment;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.VerifyOptions;
import io.orderflow.verifier.ViolationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event sourcing with the order-processing job on a real broker. The "live" run reads its input as
 * it arrives in three parts and is stopped with a savepoint twice on the way, resuming at
 * parallelism 1 and then 2; the last resume adds {@code --stop-at latest}, so it ends by itself
 * once it has read the third part. Replays of the same topics into side topics must reproduce it.
 */
class ReplayITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 3;
    private static final long BASE = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();

    /** Kafka timestamps of part k start at BASE + k * PART_GAP. */
    private static final long PART_GAP = 1_000_000;

    private static String in;
    private static OrderProcessingOptions live;
    private static List<String> liveOutputs;

    /** The position of the first record of the second part, per input partition. */
    private static final Map<TopicPartition, Long> secondPartStarts = new HashMap<>();

    private static int recordsAfterFirstPart;
    private static List<List<GeneratedRecord>> parts;

    /** A bounded replay of the whole input from earliest into side topics. */
    private static List<String> uninterrupted;

    @BeforeAll
    static void liveRunWithTwoSavepointStopsOnTheWay() throws Exception {
        in = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.createTopics(
                KAFKA.bootstrapServers(),
                Map.of(
                        in + Topics.ORDERS.name(),
                        PARTITIONS,
                        in + Topics.INVENTORY.name(),
                        PARTITIONS));
        parts = thirds(GeneratorSettings.defaults(3_000).withSeed(7));
        recordsAfterFirstPart = parts.get(1).size() + parts.get(2).size();
        live = options("live-", List.of("--starting-offsets", "earliest"));
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), outputTopics(live));
        Path savepoints = Files.createTempDirectory("orderflow-savepoints-");

        produce(parts.get(0), 0);
        String first = runUntilConsumedThenSavepoint(live, 2, savepoints, false);
        List<RecordMetadata> second = produce(parts.get(1), 1);
        second.forEach(
                m ->
                        secondPartStarts.merge(
                                new TopicPartition(m.topic(), m.partition()),
                                m.offset(),
                                Math::min));
        String middle =
                runUntilConsumedThenSavepoint(
                        withArgs(live, "--from-savepoint", first), 1, savepoints, false);
        produce(parts.get(2), 2);
        // The last leg resumes the live job's savepoint with --stop-at: it reads the third part,
        // commits and ends by itself.
        OrderProcessingOptions resumed =
                withArgs(
                        live,
                        "--from-savepoint",
                        middle,
                        "--parallelism",
                        "2",
                        "--stop-at",
                        "latest");
        try (LocalFlink flink = TestFlink.start(resumed)) {
            var env = flink.environment();
            OutputGuard.ensureStatusTopic(resumed);
            OrderProcessingJob.build(
                    env, new KafkaSources(resumed), new KafkaSinks(resumed), resumed);
            flink.await(flink.submit(env), Duration.ofSeconds(120));
        }
        liveOutputs = BoundedRun.committedOutputs(KAFKA.bootstrapServers(), live);
        uninterrupted = replayFromEarliest();
        assertThat(liveOutputs).hasSizeGreaterThan(3_000);
    }

    private static List<String> replayFromEarliest() throws Exception {
        OrderProcessingOptions replay =
                options(
                        "replay-",
                        List.of(
                                "--starting-offsets",
                                "earliest",
                                "--stop-at",
                                "latest",
                                "--output-prefix",
                                "replay-"));
        OutputGuard.check(replay); // creates the side topics
        BoundedRun.run(replay, UnaryOperator.identity());
        return BoundedRun.committedOutputs(KAFKA.bootstrapServers(), replay);
    }

    @Test
    void aBoundedReplayFromEarliestIntoAPrefixReproducesTheLiveRunThroughItsSavepointsExactly() {
        assertThat(uninterrupted).hasSizeGreaterThan(3_000);
        assertThat(liveOutputs).isEqualTo(uninterrupted);
    }

    @Test
    void replaysFromATimestampAndFromExplicitOffsetsReadExactlyTheRecordsAfterThatPoint()
            throws Exception {
        String timestamp = Instant.ofEpochMilli(BASE + PART_GAP).toString();
        OrderProcessingOptions fromTimestamp =
                options(
                        "ts-",
                        List.of(
                                "--starting-offsets",
                                "timestamp:" + timestamp,
                                "--stop-at",
                                "latest",
                                "--output-prefix",
                                "ts-"));
        List<String> positions = new ArrayList<>();
        for (String topic : List.of(Topics.ORDERS.name(), Topics.INVENTORY.name())) {
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(in + topic, p);
                positions.add(
                        tp.topic()
                                + ":"
                                + p
                                + ":"
                                + secondPartStarts.getOrDefault(tp, endOffset(tp)));
            }
        }
        OrderProcessingOptions fromOffsets =
                options(
                        "offsets-",
                        List.of(
                                "--starting-offsets",
                                String.join(",", positions),
                                "--stop-at",
                                "latest",
                                "--output-prefix",
                                "offsets-"));
        OutputGuard.check(fromTimestamp);
        OutputGuard.check(fromOffsets);

        BoundedRun.run(fromTimestamp, UnaryOperator.identity());
        BoundedRun.run(fromOffsets, UnaryOperator.identity());

        List<String> tsOutputs =
                BoundedRun.committedOutputs(KAFKA.bootstrapServers(), fromTimestamp);
        assertThat(BoundedRun.committedOutputs(KAFKA.bootstrapServers(), fromOffsets))
                .isEqualTo(tsOutputs);
        java.util.Set<String> laterOrderIds = new java.util.HashSet<>();
        parts.subList(1, 3)
                .forEach(
                        part ->
                                part.stream()
                                        .filter(
                                                r ->
                                                        r.topicKind() == InputKind.ORDERS
                                                                && r.key() != null)
                                        .forEach(r -> laterOrderIds.add(r.key())));
        long liveConfirmations =
                liveOutputs.stream().filter(o -> o.startsWith("confirmation")).count();
        long tailConfirmations =
                tsOutputs.stream().filter(o -> o.startsWith("confirmation")).count();
        assertThat(tailConfirmations)
                .as("the later parts' orders only")
                .isPositive()
                .isLessThan(liveConfirmations);
        for (String output : tsOutputs) {
            JsonNode value = JSON.readTree(output.substring(output.indexOf('{')));
            if (value.has("source")) {
                TopicPartition tp =
                        new TopicPartition(
                                value.get("source").get("topic").asText(),
                                value.get("source").get("partition").asInt());
                assertThat(value.get("source").get("offset").asLong())
                        .as("dead letter of a record after the starting point")
                        .isGreaterThanOrEqualTo(secondPartStarts.getOrDefault(tp, 0L));
            } else {
                assertThat(laterOrderIds)
                        .as("decision for an order of the later parts")
                        .contains(value.get("orderId").asText());
            }
        }
    }

    @Test
    void aReplayIntoLiveOutputsThatHoldRecordsIsRefusedWithTheWayOut() throws Exception {
        OrderProcessingOptions intoLive = withArgs(live, "--stop-at", "latest");

        assertThatThrownBy(() -> OutputGuard.check(intoLive))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--output-prefix")
                .hasMessageContaining("--allow-live-outputs");
        OutputGuard.check(withArgs(live, "--allow-live-outputs"));
        OutputGuard.check(withArgs(live, "--starting-offsets", "committed"));
    }

    @Test
    void verifyPassesOnTheLiveOutputsAndNamesEachViolationOfBrokenOnes() throws Exception {
        Report good = VerifyCommand.verify(KAFKA.bootstrapServers(), verifyOptions(live), null);
        assertThat(good.ok()).as(good.format()).isTrue();

        List<ConsumerRecord<String, String>> confirmations =
                KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), live.confirmationsTopic);
        List<ConsumerRecord<String, String>> refunds =
                KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), live.refundsTopic);
        List<ConsumerRecord<String, String>> deadLetters =
                KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), live.deadLettersTopic);
        statuses = KafkaTestSupport.readCommitted(KAFKA.bootstrapServers(), live.statusTopic);

        List<ConsumerRecord<String, String>> doubled = new ArrayList<>(confirmations);
        doubled.add(confirmations.get(0));
        assertViolation("dup-", doubled, refunds, deadLetters, ViolationKind.DUPLICATE_OUTPUT);

        // The out-of-stock refund of a partly confirmed order: its money is owed, its decision
        // made.
        java.util.Set<String> confirmed = new java.util.HashSet<>();
        confirmations.forEach(c -> confirmed.add(c.key()));
        List<ConsumerRecord<String, String>> lessRefunds = new ArrayList<>(refunds);
        lessRefunds.remove(
                lessRefunds.stream()
                        .filter(
                                r ->
                                        r.value().contains("OUT_OF_STOCK")
                                                && confirmed.contains(r.key()))
                        .findFirst()
                        .orElseThrow());
        assertViolation(
                "norefund-", confirmations, lessRefunds, deadLetters, ViolationKind.MISSING_REFUND);

        List<ConsumerRecord<String, String>> lessDead = new ArrayList<>(deadLetters);
        lessDead.remove(
                lessDead.stream()
                        .filter(r -> !r.value().contains("CONFLICTING_ORDER"))
                        .findFirst()
                        .orElseThrow());
        assertViolation(
                "nodead-", confirmations, refunds, lessDead, ViolationKind.UNACCOUNTED_INPUT);

        // Confirm what was refunded as out of stock as well: its sku had not enough left for it.
        ConsumerRecord<String, String> outOfStock =
                refunds.stream()
                        .filter(r -> r.value().contains("OUT_OF_STOCK"))
                        .findFirst()
                        .orElseThrow();
        JsonNode refund = JSON.readTree(outOfStock.value());
        String orderId = refund.get("orderId").asText();
        com.fasterxml.jackson.databind.node.ArrayNode lines = JSON.createArrayNode();
        long amount = refund.get("amount").asLong();
        List<ConsumerRecord<String, String>> oversold = new ArrayList<>();
        for (ConsumerRecord<String, String> c : confirmations) {
            JsonNode value = JSON.readTree(c.value());
            if (value.get("orderId").asText().equals(orderId)) {
                value.get("lines").forEach(lines::add);
                amount += value.get("amount").asLong();
            } else {
                oversold.add(c);
            }
        }
        refund.get("lines").forEach(lines::add);
        var confirmation =
                JSON.createObjectNode()
                        .put("eventId", orderId + "/confirmed")
                        .put("type", "OrderConfirmed")
                        .put("occurredAt", refund.get("occurredAt").asText())
                        .put("orderId", orderId)
                        .put("customerId", refund.get("customerId").asText())
                        .put("currency", refund.get("currency").asText());
        confirmation.set("lines", lines);
        confirmation
                .put("amount", amount)
                .put("backordered", false)
                .put("causationId", refund.get("causationId").asText());
        oversold.add(
                new ConsumerRecord<>(
                        live.confirmationsTopic,
                        0,
                        0,
                        outOfStock.key(),
                        JSON.writeValueAsString(confirmation)) {
                    @Override
                    public long timestamp() {
                        return outOfStock.timestamp();
                    }
                });
        List<ConsumerRecord<String, String>> withoutThatRefund = new ArrayList<>(refunds);
        withoutThatRefund.remove(outOfStock);
        // Without status records, whose reservedAt would place the true reservations, the replay
        // takes them at the confirmations.
        statuses = List.of();
        assertViolation(
                "oversold-", oversold, withoutThatRefund, deadLetters, ViolationKind.OVERSOLD);
    }

    /**
     * The live run's status records, copied beside the broken outputs (none for the oversold case).
     */
    private List<ConsumerRecord<String, String>> statuses;

    private void assertViolation(
            String prefix,
            List<ConsumerRecord<String, String>> confirmations,
            List<ConsumerRecord<String, String>> refunds,
            List<ConsumerRecord<String, String>> deadLetters,
            ViolationKind expected) {
        OrderProcessingOptions bad = options(prefix, List.of("--output-prefix", prefix));
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), outputTopics(bad));
        copy(confirmations, bad.confirmationsTopic);
        copy(refunds, bad.refundsTopic);
        copy(deadLetters, bad.deadLettersTopic);
        copy(statuses, bad.statusTopic);

        Report report = VerifyCommand.verify(KAFKA.bootstrapServers(), verifyOptions(bad), null);

        assertThat(report.ok()).as("verify must fail for %s", expected).isFalse();
        assertThat(report.total(expected)).as(report.format()).isPositive();
        assertThat(report.format()).contains(expected.name());
    }

    private static void copy(List<ConsumerRecord<String, String>> records, String topic) {
        List<ProducerRecord<String, String>> out = new ArrayList<>();
        records.forEach(
                r -> out.add(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value())));
        KafkaTestSupport.produce(KAFKA.bootstrapServers(), topic, out);
    }

    private static VerifyOptions verifyOptions(OrderProcessingOptions o) {
        return new VerifyOptions(
                o.ordersTopic,
                o.inventoryTopic,
                o.confirmationsTopic,
                o.refundsTopic,
                o.deadLettersTopic,
                o.statusTopic,
                Fulfilment.valueOf(o.defaultFulfilment.name()),
                o.maxRecordBytes);
    }

    private static List<List<GeneratedRecord>> thirds(GeneratorSettings settings) {
        List<GeneratedRecord> all = new ArrayList<>();
        new OrderStream(settings).forEachRemaining(all::add);
        int n = all.size();
        return List.of(
                all.subList(0, n / 3), all.subList(n / 3, 2 * n / 3), all.subList(2 * n / 3, n));
    }

    /**
     * Sends one part with Kafka timestamps after {@code BASE + part * PART_GAP}; returns where each
     * record went.
     */
    private static List<RecordMetadata> produce(List<GeneratedRecord> records, int part)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
            long ts = BASE + part * PART_GAP;
            for (GeneratedRecord r : records) {
                String topic =
                        in
                                + (r.topicKind() == InputKind.ORDERS
                                        ? Topics.ORDERS.name()
                                        : Topics.INVENTORY.name());
                byte[] key =
                        r.key() == null
                                ? null
                                : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                acks.add(producer.send(new ProducerRecord<>(topic, null, ts++, key, r.value())));
            }
            producer.flush();
            for (var ack : acks) {
                sent.add(ack.get(30, TimeUnit.SECONDS));
            }
        }
        return sent;
    }

    /**
     * Runs the job unbounded until its group has committed every input record, then stops it with a
     * savepoint.
     */
    private static String runUntilConsumedThenSavepoint(
            OrderProcessingOptions o, int parallelism, Path savepoints, boolean drain)
            throws Exception {
        OrderProcessingOptions opts = withArgs(o, "--parallelism", Integer.toString(parallelism));
        try (LocalFlink flink = TestFlink.start(opts)) {
            var env = flink.environment();
            OutputGuard.ensureStatusTopic(opts);
            OrderProcessingJob.build(env, new KafkaSources(opts), new KafkaSinks(opts), opts);
            JobID job = flink.submit(env);
            awaitConsumed(opts);
            return flink.stopWithSavepoint(
                    job, savepoints.toUri().toString(), drain, Duration.ofSeconds(60));
        }
    }

    private static void awaitConsumed(OrderProcessingOptions o) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = TopicAdmin.admin(KAFKA.bootstrapServers())) {
            while (true) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (String t : List.of(o.ordersTopic, o.inventoryTopic)) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        latest.put(new TopicPartition(t, p), OffsetSpec.latest());
                    }
                }
                long end =
                        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                                .mapToLong(i -> i.offset())
                                .sum();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(o.groupId)
                                .partitionsToOffsetAndMetadata()
                                .get(30, TimeUnit.SECONDS);
                long done =
                        committed.values().stream()
                                .filter(x -> x != null)
                                .mapToLong(OffsetAndMetadata::offset)
                                .sum();
                if (done >= end) {
                    return;
                }
                assertThat(System.nanoTime() - deadline)
                        .as("input consumed within 120 s (%d of %d)", done, end)
                        .isNegative();
                TimeUnit.MILLISECONDS.sleep(200); // polling interval, bounded by the deadline above
            }
        }
    }

    private static long endOffset(TopicPartition tp) throws Exception {
        try (Admin admin = TopicAdmin.admin(KAFKA.bootstrapServers())) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(tp)
                    .offset();
        }
    }

    private static OrderProcessingOptions options(String outputs, List<String> extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers", KAFKA.bootstrapServers(),
                                "--orders-topic", in + Topics.ORDERS.name(),
                                "--inventory-topic", in + Topics.INVENTORY.name(),
                                // The live run writes to "live" topics; the others add an
                                // --output-prefix to these.
                                "--confirmations-topic",
                                        in + live(outputs) + Topics.CONFIRMATIONS.name(),
                                "--refunds-topic", in + live(outputs) + Topics.REFUNDS.name(),
                                "--dead-letters-topic",
                                        in + live(outputs) + Topics.DEAD_LETTERS.name(),
                                "--group-id", in + outputs + "group",
                                "--parallelism", "2",
                                "--checkpoint-interval", "500ms",
                                "--checkpoint-dir", tempUri()));
        argv.addAll(extra);
        return OrderProcessingOptions.parse(argv);
    }

    private static String live(String outputs) {
        return outputs.equals("live-") ? "live-" : "";
    }

    /**
     * The same options with {@code extra} added; an option given again replaces its earlier value.
     */
    private static OrderProcessingOptions withArgs(OrderProcessingOptions o, String... extra) {
        Map<String, String> args = new java.util.LinkedHashMap<>();
        for (int i = 0; i < o.argv.size(); i++) {
            String k = o.argv.get(i);
            if (i + 1 < o.argv.size() && !o.argv.get(i + 1).startsWith("--")) {
                args.put(k, o.argv.get(++i));
            } else {
                args.put(k, null);
            }
        }
        for (int i = 0; i < extra.length; i++) {
            if (i + 1 < extra.length && !extra[i + 1].startsWith("--")) {
                args.put(extra[i], extra[++i]);
            } else {
                args.put(extra[i], null);
            }
        }
        List<String> argv = new ArrayList<>();
        args.forEach(
                (k, v) -> {
                    argv.add(k);
                    if (v != null) {
                        argv.add(v);
                    }
                });
        return OrderProcessingOptions.parse(argv);
    }

    private static Map<String, Integer> outputTopics(OrderProcessingOptions o) {
        return Map.of(
                o.confirmationsTopic,
                PARTITIONS,
                o.refundsTopic,
                PARTITIONS,
                o.deadLettersTopic,
                PARTITIONS,
                o.statusTopic,
                PARTITIONS);
    }

    private static String tempUri() {
        try {
            return Files.createTempDirectory("orderflow-it-ckp-").toUri().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
