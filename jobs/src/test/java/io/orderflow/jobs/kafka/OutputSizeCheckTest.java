package io.orderflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.jobs.options.SizedOutput;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up refusal of options whose output records could be larger than the topic or the
 * producer accept: the order job's dead letters (with --rapids-topic also on the rapids), the
 * rivers job's dead letters, problems and river records.
 */
class OutputSizeCheckTest {

    private static final long KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    private static OrderProcessingOptions options(String... extra) {
        List<String> argv = new ArrayList<>(List.of("--bootstrap-servers", "localhost:9092"));
        argv.addAll(List.of(extra));
        return OrderProcessingOptions.parse(argv);
    }

    private static OutputSizeCheck.TopicLimit topic(long maxMessageBytes) {
        return new OutputSizeCheck.TopicLimit(maxMessageBytes, "producer", "its max.message.bytes");
    }

    /** The dead letters' refusal: the order job's one sized output. */
    private static java.util.Optional<String> refusal(
            OrderProcessingOptions o, OutputSizeCheck.TopicLimit topic) {
        return OutputSizeCheck.refusal(o, deadLetters(o), topic);
    }

    private static SizedOutput deadLetters(OrderProcessingOptions o) {
        return o.sizedOutputs().get(0);
    }

    @Test
    void theDefaultsAreAcceptedByATopicWithKafkasDefaultLimit() {
        assertThat(refusal(options(), topic(KAFKA_DEFAULT_MAX_MESSAGE_BYTES))).isEmpty();
        assertThat(deadLetters(options()).maxRecordBytes())
                .isLessThanOrEqualTo(6L * 65_536 + 8_192);
    }

    @Test
    void aTopicWhoseMaxMessageBytesIsTooSmallRefusesNamingTheTopicAndBothSizes() {
        OrderProcessingOptions o = options("--dead-letters-topic", "dl-small");
        long bound = deadLetters(o).maxRecordBytes();

        String refusal = refusal(o, topic(100_000)).orElseThrow();

        assertThat(refusal)
                .contains("'dl-small'", Long.toString(bound), "100000", "--dead-letter-value-bytes")
                .doesNotContain("\n");
    }

    @Test
    void theSuggestedValueBoundReallyFitsTheTopic() {
        OrderProcessingOptions o = options();
        String refusal = refusal(o, topic(100_000)).orElseThrow();
        String suggested =
                refusal.replaceAll(".*lower --dead-letter-value-bytes to (\\d+).*", "$1");

        OrderProcessingOptions lowered = options("--dead-letter-value-bytes", suggested);
        assertThat(refusal(lowered, topic(100_000))).isEmpty();
        OrderProcessingOptions oneMore =
                options(
                        "--dead-letter-value-bytes",
                        Integer.toString(Integer.parseInt(suggested) + 1));
        assertThat(refusal(oneMore, topic(100_000))).isPresent();
    }

    @Test
    void aValueBoundTooLargeForTheProducersMaxRequestSizeIsRefused() {
        OrderProcessingOptions o = options("--dead-letter-value-bytes", "200000");
        assertThat(refusal(o, topic(Long.MAX_VALUE)).orElseThrow())
                .contains("max.request.size of 1048576", "'dead-letters'");
        OrderProcessingOptions raised =
                options(
                        "--dead-letter-value-bytes",
                        "200000",
                        "--kafka-property",
                        "max.request.size=2000000");
        assertThat(refusal(raised, topic(Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void aTopicThatCompressesCountsTheCodecsWorstGrowth() {
        OrderProcessingOptions o = options("--kafka-property", "compression.type=none");
        long bound = deadLetters(o).maxRecordBytes();
        assertThat(refusal(o, topic(bound))).isEmpty();
        assertThat(
                        refusal(
                                o,
                                new OutputSizeCheck.TopicLimit(
                                        bound, "snappy", "its max.message.bytes")))
                .isPresent();
    }

    @Test
    void aNegativeValueBoundIsAUsageErrorNamingTheOption() {
        assertThatThrownBy(() -> options("--dead-letter-value-bytes", "-1"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--dead-letter-value-bytes");
    }

    /**
     * Kafka's own estimate of a worst-case dead letter record, and its real batch, stay within the
     * bound.
     */
    @Test
    void kafkasSizeOfWorstCaseDeadLettersStaysWithinTheBound() {
        OrderProcessingOptions o = options();
        long bound = deadLetters(o).maxRecordBytes();
        EventCodec codec = new EventCodec(o.maxRecordBytes, o.deadLetterValueBytes);
        byte[] controls = new byte[(1 << 20) + 1];
        Arrays.fill(controls, (byte) 0x01);
        String key = "\u0001".repeat(5_000);
        RecordOrigin origin =
                new RecordOrigin(
                        o.inventoryTopic,
                        Integer.MAX_VALUE,
                        Long.MAX_VALUE,
                        Long.MAX_VALUE,
                        key,
                        controls);
        DeadLetter letter = codec.decode(InputKind.INVENTORY, origin).deadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        byte[] kafkaKey = letter.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = codec.encode(letter);

        int estimate =
                AbstractRecords.estimateSizeInBytesUpperBound(
                        RecordBatch.CURRENT_MAGIC_VALUE,
                        CompressionType.NONE,
                        kafkaKey,
                        value,
                        new Header[0]);
        int batch =
                MemoryRecords.withRecords(
                                Compression.NONE, new SimpleRecord(Long.MAX_VALUE, kafkaKey, value))
                        .sizeInBytes();

        assertThat(estimate).isLessThanOrEqualTo((int) bound);
        assertThat(batch).isLessThanOrEqualTo((int) bound);
        // The worst case is near the bound: the bound is not loose by more than the detail and
        // digits it allows for.
        assertThat(bound - estimate).isLessThan(1_024);
    }

    @Test
    void withRapidsTheDeadLettersAreSizedOnTheRapidsTopicToo() {
        assertThat(options("--rapids-topic", "rapids").sizedOutputs())
                .extracting(SizedOutput::topic)
                .containsExactly("dead-letters", "rapids");
    }

    private static RiversOptions rivers(Path dir, String... extra) throws Exception {
        Path spec =
                Files.writeString(
                        dir.resolve("rivers.yaml"),
                        String.join(
                                "\n",
                                "rivers:",
                                "  - name: refunds",
                                "    precondition:",
                                "      type: [RefundIssued]",
                                "    validate:",
                                "      require: [orderId, amount]",
                                "      where: [\"amount >= 10000\", \"currency in [EUR, USD]\"]",
                                "  - name: orders",
                                "    precondition:",
                                "      type: [OrderPlaced]",
                                ""));
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                "localhost:9092",
                                "--rivers",
                                spec.toString()));
        argv.addAll(List.of(extra));
        return RiversOptions.parse(argv);
    }

    @Test
    void theRiversJobSizesItsDeadLettersProblemsAndEveryRiverTopic(@TempDir Path dir)
            throws Exception {
        RiversOptions o = rivers(dir);

        assertThat(o.sizedOutputs())
                .extracting(SizedOutput::topic, SizedOutput::option)
                .containsExactly(
                        tuple("dead-letters", "--dead-letter-value-bytes"),
                        tuple("river-problems", "--dead-letter-value-bytes"),
                        tuple("river.refunds", "--max-record-bytes"),
                        tuple("river.orders", "--max-record-bytes"));
        for (SizedOutput output : o.sizedOutputs()) {
            assertThat(OutputSizeCheck.refusal(o, output, topic(KAFKA_DEFAULT_MAX_MESSAGE_BYTES)))
                    .as("the defaults fit Kafka's default limit: %s", output.topic())
                    .isEmpty();
        }
    }

    @Test
    void aRiverTopicSmallerThanMaxRecordBytesIsRefusedWithAValueThatFits(@TempDir Path dir)
            throws Exception {
        RiversOptions o = rivers(dir);
        SizedOutput refunds = o.sizedOutputs().get(2);

        String refusal = OutputSizeCheck.refusal(o, refunds, topic(500_000)).orElseThrow();

        assertThat(refusal)
                .startsWith(
                        "with --max-record-bytes 921600 a river record on topic 'river.refunds'"
                                + " can take up to 921682 bytes")
                .contains("500000", "or raise the topic's max.message.bytes");
        String suggested = refusal.replaceAll(".*lower --max-record-bytes to (\\d+).*", "$1");
        RiversOptions lowered = rivers(dir, "--max-record-bytes", suggested);
        assertThat(OutputSizeCheck.refusal(lowered, lowered.sizedOutputs().get(2), topic(500_000)))
                .isEmpty();
    }

    /**
     * A worst-case problem of the spec above (a value of control characters, a long key, both rules
     * broken with long echoed values) stays within the problems' bound.
     */
    @Test
    void aWorstCaseRiverProblemStaysWithinItsBound(@TempDir Path dir) throws Exception {
        RiversOptions o = rivers(dir, "--dead-letter-value-bytes", "1000");
        String longText = "\\u0001".repeat(2_000); // the escape, a control character once read
        String value =
                "{\"type\":\"RefundIssued\",\"orderId\":\"o1\",\"amount\":\""
                        + longText
                        + "\",\"currency\":\""
                        + longText
                        + "\"}";
        RecordOrigin origin =
                new RecordOrigin(
                        "rapids",
                        Integer.MAX_VALUE,
                        Long.MAX_VALUE,
                        Long.MAX_VALUE,
                        "\u0001".repeat(5_000),
                        value.getBytes(StandardCharsets.UTF_8));
        var event =
                ((io.orderflow.rivers.RapidsInput.Event)
                                io.orderflow.rivers.RapidsJson.decode(origin.value(), 1 << 20))
                        .record();
        var source =
                new io.orderflow.rivers.RecordSource(
                        origin.topic(), origin.partition(), origin.offset(), origin.timestamp());
        var broken =
                (io.orderflow.rivers.RiverOutcome.Problems)
                        o.rivers.routeMatching(event, source).get(0);
        assertThat(broken.problems()).hasSize(2);

        OutputRecord problem =
                io.orderflow.jobs.rivers.RiverProblems.record(
                        "river-problems",
                        broken.id(),
                        broken.river().name(),
                        broken.problems(),
                        origin,
                        o.deadLetterValueBytes);

        long kafkaBytes =
                MemoryRecords.withRecords(
                                Compression.NONE,
                                new SimpleRecord(Long.MAX_VALUE, problem.key(), problem.value()))
                        .sizeInBytes();
        assertThat(kafkaBytes).isLessThanOrEqualTo(o.sizedOutputs().get(1).maxRecordBytes());
    }
}
