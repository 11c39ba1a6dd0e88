package io.orderflow.schemas.json;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterLimits;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.SourceRef;
import java.util.Arrays;

/**
 * The one upper bound of a dead letter's size as a Kafka record, from the options that shape it:
 * the start-up check compares it with what the dead-letter topic and the producer accept.
 *
 * <p>It is the size of a dead letter whose every variable field is empty (written by the codec
 * itself, so a new field counts at once) plus the most each field can add: the value at most 6
 * bytes per original byte (a control character becomes \\u0001; base64 takes 4 per 3), the key at
 * most 6 per key byte plus itself as the Kafka key, the detail {@link
 * DeadLetterLimits#DETAIL_JSON_BYTES}, the topic twice (eventId and source) and the widest numbers.
 */
public final class DeadLetterSize {

    /**
     * Kafka's own bytes around one record alone in a batch: the batch header (61) and a record's
     * largest overhead of varints and attributes (21), as the producer estimates it.
     */
    public static final int KAFKA_RECORD_OVERHEAD = 61 + 21;

    private static final int MAX_JSON_BYTES_PER_VALUE_BYTE = 6;
    private static final int INT_DIGITS = 11; // -2147483648
    private static final int LONG_DIGITS = 20; // -9223372036854775808
    private static final int SHA256_HEX = 64;
    private static final int INSTANT_CHARS =
            32; // any long as java.time writes it, e.g. -292275055-05-16T16:47:04.192Z
    private static final int REASON_CHARS =
            Arrays.stream(DeadLetterReason.values())
                    .mapToInt(r -> r.name().length())
                    .max()
                    .orElseThrow();

    /** Every variable field empty, zero or false: what all dead letters share. */
    private static final int SKELETON_BYTES =
            new EventCodec()
                    .encode(
                            new DeadLetter(
                                    "",
                                    0,
                                    DeadLetterReason.TOO_LARGE,
                                    "",
                                    new SourceRef("", 0, 0, 0),
                                    "",
                                    false,
                                    null,
                                    "",
                                    false,
                                    0,
                                    ""))
                    .length;

    private DeadLetterSize() {}

    /**
     * The most bytes a dead letter can take as a Kafka record (key, value and batch overhead,
     * before compression), for a value bound of {@code valueBytes} and input topics of at most
     * {@code longestTopicChars} characters (Kafka topic names are ASCII letters, digits, '.', '_'
     * and '-': one JSON byte each).
     */
    public static long maxRecordBytes(int valueBytes, int longestTopicChars) {
        long value = (long) MAX_JSON_BYTES_PER_VALUE_BYTE * valueBytes;
        long key = (long) DeadLetterLimits.MAX_JSON_BYTES_PER_CHAR * DeadLetterLimits.KEY_BYTES;
        long kafkaKey = DeadLetterLimits.KEY_BYTES;
        long eventId = longestTopicChars + 1 + INT_DIGITS + 1 + LONG_DIGITS;
        long source = longestTopicChars + INT_DIGITS + 2L * LONG_DIGITS;
        long rest =
                INSTANT_CHARS
                        + (REASON_CHARS - DeadLetterReason.TOO_LARGE.name().length())
                        + DeadLetterLimits.DETAIL_JSON_BYTES
                        + INT_DIGITS // valueBytes
                        + SHA256_HEX;
        return KAFKA_RECORD_OVERHEAD
                + SKELETON_BYTES
                + value
                + key
                + kafkaKey
                + eventId
                + source
                + rest;
    }
}
