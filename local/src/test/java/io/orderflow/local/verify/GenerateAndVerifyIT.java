package io.orderflow.local.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.ContractExample;
import io.orderflow.local.generate.GenerateCommand;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.verifier.DeadLetterReason;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.VerifyOptions;
import io.orderflow.verifier.ViolationKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generator and the verifier against a real broker; the job's outputs are written by hand. */
class GenerateAndVerifyIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void theVerifierReadsBackEveryGeneratedRecordAcrossPartitions() {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.TopicNames names = TopicAdmin.TopicNames.withPrefix(prefix);
        TopicAdmin.createOrderProcessingTopics(KAFKA.bootstrapServers(), 3, names);
        GeneratorSettings settings =
                GeneratorSettings.defaults(3_000).withSeed(5).withRates(0.05, 0.02, 0.01, 0.0);

        GeneratorReport sent =
                OrderWriter.produce(
                        KAFKA.bootstrapServers(),
                        settings,
                        new io.orderflow.testkit.generate.TopicNames(
                                names.orders(), names.inventory()),
                        0,
                        null);
        Report report = VerifyCommand.verify(KAFKA.bootstrapServers(), options(names), null);

        assertThat(report.recordsReadTotal()).isEqualTo(sent.records());
        assertThat(report.recordsRead())
                .containsEntry(names.orders(), sent.counts().ordersRecords())
                .containsEntry(names.inventory(), sent.counts().inventoryRecords());
        assertThat(report.duplicates()).isEqualTo(sent.counts().duplicates());
        assertThat(report.deadLettersExpected()).isEqualTo(sent.counts().deadLetters());
        assertThat(report.ordersApplied()).isEqualTo(sent.counts().ordersPlaced());
        // No job ran: every bad record lacks its dead letter and no PARTIAL order is decided.
        assertThat(report.total(ViolationKind.UNACCOUNTED_INPUT))
                .isEqualTo(sent.counts().deadLetters());
        assertThat(report.total(ViolationKind.LOST_DECISION)).isPositive();
    }

    @Test
    void theCommandsPaceTheRateAndExitOneOnViolations() {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.TopicNames names = TopicAdmin.TopicNames.withPrefix(prefix);
        TopicAdmin.createOrderProcessingTopics(KAFKA.bootstrapServers(), 2, names);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int generated =
                GenerateCommand.run(
                        List.of(
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--orders",
                                "300",
                                "--skus",
                                "40",
                                "--rate",
                                "4000/s",
                                "--orders-topic",
                                names.orders(),
                                "--inventory-topic",
                                names.inventory()));
        int verified =
                VerifyCommandRunner.run(
                        out,
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--orders-topic",
                        names.orders(),
                        "--inventory-topic",
                        names.inventory(),
                        "--output-prefix",
                        prefix);

        assertThat(generated).isZero();
        assertThat(verified).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("LOST_DECISION", "VIOLATED");

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        int verifiedAsJson =
                VerifyCommandRunner.run(
                        json,
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--orders-topic",
                        names.orders(),
                        "--inventory-topic",
                        names.inventory(),
                        "--output-prefix",
                        prefix,
                        "--json");
        JsonNode report = readJson(json);
        assertThat(verifiedAsJson).isEqualTo(1);
        assertThat(report.get("ok").booleanValue()).isFalse();
        assertThat(report.get("records_read").longValue()).isPositive();
        assertThat(report.get("records_read").longValue())
                .isEqualTo(
                        report.get("applied").longValue()
                                + report.get("duplicates").longValue()
                                + report.get("dead_letters").longValue());
        assertThat(report.get("violations").findValuesAsText("kind")).contains("LOST_DECISION");
    }

    @Test
    void aMissingTopicIsInputUnreachableExitThree() {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.TopicNames names = TopicAdmin.TopicNames.withPrefix(prefix);
        TopicAdmin.createOrderProcessingTopics(KAFKA.bootstrapServers(), 1, names);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code =
                VerifyCommand.run(
                        List.of(
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--orders-topic",
                                names.orders(),
                                "--inventory-topic",
                                names.inventory(),
                                "--output-prefix",
                                prefix,
                                "--refunds-topic",
                                "never-created"),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "orderflow verify: topic '"
                                + prefix
                                + "never-created' does not exist"
                                + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void onlyCommittedOutputsCount() {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.TopicNames names = TopicAdmin.TopicNames.withPrefix(prefix);
        TopicAdmin.createOrderProcessingTopics(KAFKA.bootstrapServers(), 1, names);
        ContractExample example =
                ContractExample.all().stream()
                        .filter(e -> e.name().startsWith("12"))
                        .findFirst()
                        .orElseThrow();
        List<RecordOrigin> inputs = sendInputs(example, names);
        sendCommitted(names.confirmations(), confirmations(names, example), true);
        sendCommitted(names.deadLetters(), deadLetters(names, example, inputs), true);
        sendCommitted(names.status(), statuses(names, example), true);
        // An aborted transaction that would duplicate the confirmation must be invisible.
        sendCommitted(names.confirmations(), confirmations(names, example), false);

        Report clean = VerifyCommand.verify(KAFKA.bootstrapServers(), options(names), null);

        assertThat(clean.violations()).as(clean.format()).isEmpty();
        assertThat(clean.deadLettersWritten()).containsEntry(DeadLetterReason.KEY_MISMATCH, 1L);

        sendCommitted(names.confirmations(), confirmations(names, example), true);
        Report duplicated = VerifyCommand.verify(KAFKA.bootstrapServers(), options(names), null);

        assertThat(duplicated.total(ViolationKind.DUPLICATE_OUTPUT)).isEqualTo(1);
        assertThat(duplicated.totalViolations()).isEqualTo(1);
    }

    private static VerifyOptions options(TopicAdmin.TopicNames names) {
        return VerifyOptions.defaults()
                .withInputTopics(names.orders(), names.inventory())
                .withOutputTopics(
                        names.confirmations(),
                        names.refunds(),
                        names.deadLetters(),
                        names.status());
    }

    /**
     * Sends the example's inputs to single-partition topics, one millisecond apart, and returns
     * them with the offsets and timestamps they got.
     */
    private static List<RecordOrigin> sendInputs(
            ContractExample example, TopicAdmin.TopicNames names) {
        List<ProducerRecord<String, String>> orders = new ArrayList<>();
        List<ProducerRecord<String, String>> inventory = new ArrayList<>();
        List<RecordOrigin> sent = new ArrayList<>();
        for (ContractExample.Input input : example.inputs()) {
            boolean isOrder = input.topic().equals("orders");
            List<ProducerRecord<String, String>> list = isOrder ? orders : inventory;
            String topic = isOrder ? names.orders() : names.inventory();
            long timestamp = 1_795_000_000_000L + sent.size();
            sent.add(
                    new RecordOrigin(
                            topic,
                            0,
                            list.size(),
                            timestamp,
                            input.key(),
                            input.value().getBytes(StandardCharsets.UTF_8)));
            list.add(new ProducerRecord<>(topic, 0, timestamp, input.key(), input.value()));
        }
        KafkaTestSupport.produce(KAFKA.bootstrapServers(), names.orders(), orders);
        KafkaTestSupport.produce(KAFKA.bootstrapServers(), names.inventory(), inventory);
        return sent;
    }

    private static List<ProducerRecord<String, String>> confirmations(
            TopicAdmin.TopicNames names, ContractExample example) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (JsonNode c : example.expected().get("order-confirmations")) {
            records.add(
                    new ProducerRecord<>(
                            names.confirmations(),
                            null,
                            EventCodec.parseInstant(c.get("occurredAt").asText()),
                            c.get("orderId").asText(),
                            c.toString()));
        }
        return records;
    }

    /** The example's status records, in seq order, keyed and timed as the job writes them. */
    private static List<ProducerRecord<String, String>> statuses(
            TopicAdmin.TopicNames names, ContractExample example) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (JsonNode s : example.expected().get("order-status")) {
            records.add(
                    new ProducerRecord<>(
                            names.status(),
                            null,
                            EventCodec.parseInstant(s.get("occurredAt").asText()),
                            s.get("orderId").asText(),
                            s.toString()));
        }
        return records;
    }

    /**
     * The example's dead letters as the job writes them, for the inputs that carry their values.
     */
    private static List<ProducerRecord<String, String>> deadLetters(
            TopicAdmin.TopicNames names, ContractExample example, List<RecordOrigin> inputs) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (JsonNode expected : example.expected().get("dead-letters")) {
            RecordOrigin origin =
                    inputs.stream()
                            .filter(
                                    o ->
                                            new String(o.value(), StandardCharsets.UTF_8)
                                                    .equals(expected.get("value").asText()))
                            .findFirst()
                            .orElseThrow();
            DeadLetter d =
                    DeadLetter.of(
                            io.orderflow.schemas.DeadLetterReason.valueOf(
                                    expected.get("reason").asText()),
                            "example",
                            origin);
            records.add(
                    new ProducerRecord<>(
                            names.deadLetters(),
                            null,
                            d.occurredAt(),
                            d.key(),
                            text(CODEC.encode(d))));
        }
        return records;
    }

    private static void sendCommitted(
            String topic, List<ProducerRecord<String, String>> records, boolean commit) {
        KafkaTestSupport.produceInTransaction(KAFKA.bootstrapServers(), topic, records, commit);
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private static JsonNode readJson(ByteArrayOutputStream out) {
        try {
            return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the verify command with its report captured. */
    private static final class VerifyCommandRunner {
        static int run(ByteArrayOutputStream out, String... args) {
            return VerifyCommand.run(
                    List.of(args),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
    }
}
