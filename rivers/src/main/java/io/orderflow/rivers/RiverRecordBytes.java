package io.orderflow.rivers;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A river record as UTF-8 JSON. A river without {@code interestedIn} keeps the whole record: its
 * bytes are the input's own, with {@code @river}, {@code @id} and {@code @source} written before
 * the closing brace, so the record is not written again from its tree (contract section 8 lets a
 * number's text change, never its value: here no text changes). When the input has a field the
 * river record replaces, or is not a bare object, the record is written from its tree.
 */
public final class RiverRecordBytes {

    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private RiverRecordBytes() {}

    /**
     * The bytes of {@code record}, routed from {@code input}, which was read from {@code
     * inputBytes} (by {@link RapidsJson#decode}) at {@code source}.
     */
    public static byte[] of(
            RiverOutcome.RiverRecord record,
            ObjectNode input,
            byte[] inputBytes,
            RecordSource source) {
        int end = closingBrace(inputBytes);
        if (record.river().projection() != null || end < 0 || hasRiverFields(input)) {
            return RapidsJson.write(record.value());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end + 160);
        out.write(inputBytes, 0, end);
        ascii(out, ",\"@river\":");
        quoted(out, record.river().name());
        ascii(out, ",\"@id\":");
        quoted(out, record.id());
        ascii(out, ",\"@source\":{\"topic\":");
        quoted(out, source.topic());
        ascii(
                out,
                ",\"partition\":"
                        + source.partition()
                        + ",\"offset\":"
                        + source.offset()
                        + ",\"timestamp\":"
                        + source.timestamp()
                        + "}}");
        return out.toByteArray();
    }

    private static boolean hasRiverFields(ObjectNode input) {
        for (String field : Rivers.RIVER_FIELDS) {
            if (input.has(field)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the object's closing brace is, or -1 when the bytes are not one object between optional
     * whitespace.
     */
    static int closingBrace(byte[] bytes) {
        if (bytes == null) {
            return -1;
        }
        int first = 0;
        while (first < bytes.length && whitespace(bytes[first])) {
            first++;
        }
        int last = bytes.length - 1;
        while (last > first && whitespace(bytes[last])) {
            last--;
        }
        return first < last && bytes[first] == '{' && bytes[last] == '}' ? last : -1;
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void quoted(ByteArrayOutputStream out, String text) {
        out.write('"');
        out.writeBytes(STRINGS.quoteAsUTF8(text));
        out.write('"');
    }
}
