package io.orderflow.rivers;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@code RiverProblem} record (contract section 8) as UTF-8 JSON, its fields in the contract's
 * order, each written as Jackson writes it from a tree. Written on a {@link ByteOut}, not by a
 * generator: in the bench about one rapids record in thirty has a problem, enough for the JIT's
 * optimizing compiler to compile the writer while the router waits in its queue, and the
 * generator's fifteen inlined writes were one of the job's largest compilations (0.78 s in a
 * compilation log, bench/README.md, Findings, session 32).
 */
public final class RiverProblemBytes {

    /** The value of every problem's {@code type}. */
    public static final String TYPE = "RiverProblem";

    private static final byte[] EVENT_ID = ascii("{\"eventId\":");
    private static final byte[] TYPE_AND_OCCURRED_AT =
            ascii(",\"type\":\"" + TYPE + "\",\"occurredAt\":");
    private static final byte[] RIVER = ascii(",\"river\":");
    private static final byte[] PROBLEMS = ascii(",\"problems\":[");
    private static final byte[] SOURCE_TOPIC = ascii("],\"source\":{\"topic\":");
    private static final byte[] PARTITION = ascii(",\"partition\":");
    private static final byte[] OFFSET = ascii(",\"offset\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] KEY = ascii("},\"key\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] VALUE_BASE64 = ascii(",\"valueBase64\":");
    private static final byte[] VALUE_BYTES = ascii(",\"valueBytes\":");
    private static final byte[] VALUE_SHA256 = ascii(",\"valueSha256\":");
    private static final byte[] VALUE_TRUNCATED = ascii(",\"valueTruncated\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true}");
    private static final byte[] FALSE = ascii("false}");

    /** A problem of a few sentences and a short value fits without growing. */
    private static final int FIRST_BYTES = 512;

    private RiverProblemBytes() {}

    /**
     * The problem of {@code river} with the record from {@code origin}: its sentences, and of the
     * record only what {@code bounded}, the record as a dead letter, keeps (the key and value cut
     * as a dead letter's are; its reason and detail are not written).
     */
    public static byte[] of(
            String id,
            String river,
            List<String> sentences,
            RecordOrigin origin,
            DeadLetter bounded) {
        String value = bounded.valueBase64() != null ? bounded.valueBase64() : bounded.value();
        ByteOut out = new ByteOut(FIRST_BYTES + (value == null ? 0 : value.length()));
        out.write(EVENT_ID);
        out.quoted(id);
        out.write(TYPE_AND_OCCURRED_AT);
        out.quoted(EventCodec.formatInstant(origin.timestamp()));
        out.write(RIVER);
        out.quoted(river);
        out.write(PROBLEMS);
        for (int i = 0; i < sentences.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.quoted(sentences.get(i));
        }
        out.write(SOURCE_TOPIC);
        out.quoted(origin.topic());
        out.write(PARTITION);
        out.decimal(origin.partition());
        out.write(OFFSET);
        out.decimal(origin.offset());
        out.write(TIMESTAMP);
        out.decimal(origin.timestamp());
        out.write(KEY);
        quotedOrNull(out, bounded.key());
        out.write(bounded.valueBase64() != null ? VALUE_BASE64 : VALUE);
        quotedOrNull(out, value);
        out.write(VALUE_BYTES);
        out.decimal(bounded.valueBytes());
        out.write(VALUE_SHA256);
        quotedOrNull(out, bounded.valueSha256());
        out.write(VALUE_TRUNCATED);
        out.write(bounded.valueTruncated() ? TRUE : FALSE);
        return out.toByteArray();
    }

    private static void quotedOrNull(ByteOut out, String text) {
        if (text == null) {
            out.write(NULL);
        } else {
            out.quoted(text);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
