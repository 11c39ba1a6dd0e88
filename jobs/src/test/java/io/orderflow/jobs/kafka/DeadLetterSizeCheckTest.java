package io.orderflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
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

/**
 * The start-up refusal of options whose dead letters could be larger than the topic or the producer
 * accept.
 */
class DeadLetterSizeCheckTest {

    private static final long KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    private static OrderProcessingOptions options(String... extra) {
        List<String> argv = new ArrayList<>(List.of("--bootstrap-servers", "localhost:9092"));
        argv.addAll(List.of(extra));
        return OrderProcessingOptions.parse(argv);
    }

    private static DeadLetterSizeCheck.TopicLimit topic(long maxMessageBytes) {
        return new DeadLetterSizeCheck.TopicLimit(
                maxMessageBytes, "producer", "its max.message.bytes");
    }

    @Test
    void theDefaultsAreAcceptedByATopicWithKafkasDefaultLimit() {
        assertThat(DeadLetterSizeCheck.refusal(options(), topic(KAFKA_DEFAULT_MAX_MESSAGE_BYTES)))
                .isEmpty();
        assertThat(DeadLetterSizeCheck.maxDeadLetterBytes(options()))
                .isLessThanOrEqualTo(6L * 65_536 + 8_192);
    }

    @Test
    void aTopicWhoseMaxMessageBytesIsTooSmallRefusesNamingTheTopicAndBothSizes() {
        OrderProcessingOptions o = options("--dead-letters-topic", "dl-small");
        long bound = DeadLetterSizeCheck.maxDeadLetterBytes(o);

        String refusal = DeadLetterSizeCheck.refusal(o, topic(100_000)).orElseThrow();

        assertThat(refusal)
                .contains("'dl-small'", Long.toString(bound), "100000", "--dead-letter-value-bytes")
                .doesNotContain("\n");
    }

    @Test
    void theSuggestedValueBoundReallyFitsTheTopic() {
        OrderProcessingOptions o = options();
        String refusal = DeadLetterSizeCheck.refusal(o, topic(100_000)).orElseThrow();
        String suggested =
                refusal.replaceAll(".*lower --dead-letter-value-bytes to (\\d+).*", "$1");

        OrderProcessingOptions lowered = options("--dead-letter-value-bytes", suggested);
        assertThat(DeadLetterSizeCheck.refusal(lowered, topic(100_000))).isEmpty();
        OrderProcessingOptions oneMore =
                options(
                        "--dead-letter-value-bytes",
                        Integer.toString(Integer.parseInt(suggested) + 1));
        assertThat(DeadLetterSizeCheck.refusal(oneMore, topic(100_000))).isPresent();
    }

    @Test
    void aValueBoundTooLargeForTheProducersMaxRequestSizeIsRefused() {
        OrderProcessingOptions o = options("--dead-letter-value-bytes", "200000");
        assertThat(DeadLetterSizeCheck.refusal(o, topic(Long.MAX_VALUE)).orElseThrow())
                .contains("max.request.size of 1048576", "'dead-letters'");
        OrderProcessingOptions raised =
                options(
                        "--dead-letter-value-bytes",
                        "200000",
                        "--kafka-property",
                        "max.request.size=2000000");
        assertThat(DeadLetterSizeCheck.refusal(raised, topic(Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void aTopicThatCompressesCountsTheCodecsWorstGrowth() {
        OrderProcessingOptions o = options("--kafka-property", "compression.type=none");
        long bound = DeadLetterSizeCheck.maxDeadLetterBytes(o);
        assertThat(DeadLetterSizeCheck.refusal(o, topic(bound))).isEmpty();
        assertThat(
                        DeadLetterSizeCheck.refusal(
                                o,
                                new DeadLetterSizeCheck.TopicLimit(
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
        long bound = DeadLetterSizeCheck.maxDeadLetterBytes(o);
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
}
