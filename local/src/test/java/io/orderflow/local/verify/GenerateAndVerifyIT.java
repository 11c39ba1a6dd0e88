package io.orderflow.local.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.local.generate.GenerateCommand;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    }

    @Test
    void onlyCommittedOutputsCount() {
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.TopicNames names = TopicAdmin.TopicNames.withPrefix(prefix);
        TopicAdmin.createOrderProcessingTopics(KAFKA.bootstrapServers(), 1, names);
        ContractExample example = ContractExample.named("12");
        List<DeadLetter> deadLetters = sendInputs(example, names);
        sendCommitted(names.confirmations(), confirmations(names, example.confirmations()), true);
        sendCommitted(names.deadLetters(), deadLetterRecords(names, deadLetters), true);
        // An aborted transaction that would duplicate the confirmation must be invisible.
        sendCommitted(names.confirmations(), confirmations(names, example.confirmations()), false);

        Report clean = VerifyCommand.verify(KAFKA.bootstrapServers(), options(names), null);

        assertThat(clean.violations()).as(clean.format()).isEmpty();
        assertThat(clean.deadLettersWritten()).containsEntry(DeadLetterReason.KEY_MISMATCH, 1L);

        sendCommitted(names.confirmations(), confirmations(names, example.confirmations()), true);
        Report duplicated = VerifyCommand.verify(KAFKA.bootstrapServers(), options(names), null);

        assertThat(duplicated.total(ViolationKind.DUPLICATE_OUTPUT)).isEqualTo(1);
        assertThat(duplicated.totalViolations()).isEqualTo(1);
    }

    private static VerifyOptions options(TopicAdmin.TopicNames names) {
        return new VerifyOptions(
                names.orders(),
                names.inventory(),
                names.confirmations(),
                names.refunds(),
                names.deadLetters(),
                VerifyOptions.defaults().defaultFulfilment(),
                EventCodec.DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * Sends the example's inputs to single-partition topics, so their offsets are the example's,
     * and returns its dead letters with the topic names and Kafka timestamps they got.
     */
    private static List<DeadLetter> sendInputs(
            ContractExample example, TopicAdmin.TopicNames names) {
        List<ProducerRecord<String, String>> orders = new ArrayList<>();
        List<ProducerRecord<String, String>> inventory = new ArrayList<>();
        for (ContractExample.Input input : example.inputs()) {
            RecordOrigin origin = input.origin();
            boolean isOrder = origin.topic().equals("orders");
            String topic = isOrder ? names.orders() : names.inventory();
            (isOrder ? orders : inventory)
                    .add(
                            new ProducerRecord<>(
                                    topic,
                                    0,
                                    origin.timestamp(),
                                    origin.key(),
                                    text(origin.value())));
        }
        KafkaTestSupport.produce(KAFKA.bootstrapServers(), names.orders(), orders);
        KafkaTestSupport.produce(KAFKA.bootstrapServers(), names.inventory(), inventory);
        List<DeadLetter> letters = new ArrayList<>();
        for (DeadLetter letter : example.deadLetters()) {
            RecordOrigin origin =
                    example.inputs().stream()
                            .map(ContractExample.Input::origin)
                            .filter(
                                    o ->
                                            (o.topic() + "/" + o.partition() + "/" + o.offset())
                                                    .equals(letter.eventId()))
                            .findFirst()
                            .orElseThrow();
            String topic = origin.topic().equals("orders") ? names.orders() : names.inventory();
            RecordOrigin sent =
                    new RecordOrigin(
                            topic,
                            0,
                            origin.offset(),
                            origin.timestamp(),
                            origin.key(),
                            origin.value());
            letters.add(DeadLetter.of(letter.reason(), letter.detail(), sent));
        }
        return letters;
    }

    private static List<ProducerRecord<String, String>> confirmations(
            TopicAdmin.TopicNames names, List<OrderConfirmed> confirmations) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (OrderConfirmed c : confirmations) {
            records.add(
                    new ProducerRecord<>(
                            names.confirmations(),
                            null,
                            c.occurredAt(),
                            c.orderId(),
                            text(CODEC.encode(c))));
        }
        return records;
    }

    private static List<ProducerRecord<String, String>> deadLetterRecords(
            TopicAdmin.TopicNames names, List<DeadLetter> letters) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (DeadLetter d : letters) {
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
