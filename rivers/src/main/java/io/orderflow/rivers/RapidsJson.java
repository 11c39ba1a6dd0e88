package io.orderflow.rivers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.schemas.json.Utf8;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads rapids records exactly (numbers as BigDecimal and BigInteger, never double) and sorts out
 * the ones that are dead letters (contract section 8): not valid UTF-8 JSON, a duplicate name in an
 * object or an unpaired surrogate escape is {@code MALFORMED_JSON}; not an object with a string
 * {@code type} is {@code SCHEMA_VIOLATION}; more bytes than the limit is {@code TOO_LARGE}.
 */
public final class RapidsJson {

    private static final int MAX_DETAIL_CHARS = 160;

    private static final Pattern SOURCE_IN_MESSAGE = Pattern.compile("\\[Source: [^;\\]]*; ");

    private static final ObjectMapper MAPPER =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
                                    // A long number is valid JSON; the record size bounds it.
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNumberLength(Integer.MAX_VALUE)
                                                    .build())
                                    .build())
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    // A duplicate name is found as the tree is built, without a set of names per
                    // object in the parser.
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    // Keep 12.50 as written: its value is the same, its text need not change.
                    .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .build();

    private RapidsJson() {}

    /** Reads one rapids record's value; null is a tombstone. */
    public static RapidsInput decode(byte[] value, int maxRecordBytes) {
        if (value == null) {
            return malformed("value is null (a tombstone), not a JSON object");
        }
        if (value.length > maxRecordBytes) {
            return new RapidsInput.Rejected(
                    RapidsInput.Reason.TOO_LARGE,
                    "value is "
                            + value.length
                            + " bytes, more than the limit of "
                            + maxRecordBytes
                            + " bytes");
        }
        int invalid = Utf8.firstInvalid(value);
        if (invalid >= 0) {
            return malformed(
                    String.format(
                            "value is not valid UTF-8: byte 0x%02X at offset %d starts no valid"
                                    + " sequence",
                            value[invalid] & 0xFF, invalid));
        }
        // A NUL byte is never valid JSON, and in the first four bytes it would make Jackson guess
        // UTF-16 or UTF-32 instead of failing.
        for (int i = 0; i < Math.min(4, value.length); i++) {
            if (value[i] == 0) {
                return malformed("value is not valid JSON: NUL byte at offset " + i);
            }
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return malformed("value is not valid JSON: " + parserMessage(e));
        } catch (IOException e) {
            return malformed("value could not be read: " + clip(String.valueOf(e.getMessage())));
        } catch (NumberFormatException e) {
            // Valid JSON, but no exact decimal: an exponent beyond an int's range (1e2147483648).
            return malformed(
                    "value has a number no exact decimal holds: "
                            + clip(String.valueOf(e.getMessage())));
        }
        if (tree == null || tree.isMissingNode()) {
            return malformed("value is empty, not a JSON object");
        }
        String surrogate = mayEscapeASurrogate(value) ? unpairedSurrogate(tree) : null;
        if (surrogate != null) {
            return malformed("value is not valid JSON text: " + surrogate);
        }
        String violation = schemaViolation(tree);
        if (violation != null) {
            return new RapidsInput.Rejected(RapidsInput.Reason.SCHEMA_VIOLATION, violation);
        }
        return new RapidsInput.Event((ObjectNode) tree);
    }

    /** Why a JSON value is not a rapids event (an object with a string type), or null. */
    public static String schemaViolation(JsonNode tree) {
        if (!tree.isObject()) {
            return "value must be a JSON object with a string type, was "
                    + (tree.isArray() ? "a list" : Values.describe(tree));
        }
        JsonNode type = tree.get("type");
        if (type == null) {
            return "type is missing; it must be a string naming the event type";
        }
        if (!type.isTextual()) {
            return "type must be a string naming the event type, was " + Values.describe(type);
        }
        return null;
    }

    /** The factory of {@link #write}'s generators (and its parsers). */
    static JsonFactory factory() {
        return MAPPER.getFactory();
    }

    /**
     * What {@link #write} serializes a tree's nodes with (a new one each call, as {@link #write}
     * makes).
     */
    static SerializerProvider serializers() {
        return MAPPER.getSerializerProviderInstance();
    }

    /** The record as UTF-8 JSON; numbers keep their exact value. */
    public static byte[] write(JsonNode record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Reads JSON text exactly, as {@link #decode} does, or fails; for tests and tools. */
    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + parserMessage(e), e);
        }
    }

    /**
     * Whether the text has an escape {@code \\uD...} (D or d): valid UTF-8 cannot encode a
     * surrogate, so only such an escape can put one in a string (an escaped backslash before {@code
     * uD} only makes the tree be looked at for nothing).
     */
    static boolean mayEscapeASurrogate(byte[] value) {
        for (int i = 0; i + 2 < value.length; i++) {
            if (value[i] == '\\'
                    && value[i + 1] == 'u'
                    && (value[i + 2] == 'd' || value[i + 2] == 'D')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the tree holds a string or a name with an unpaired surrogate (an escape such as {@code
     * \ud800} alone), which is no Unicode text; null when it holds none.
     */
    private static String unpairedSurrogate(JsonNode tree) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(tree);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual() && hasUnpairedSurrogate(node.textValue())) {
                return "a string has an unpaired surrogate escape";
            }
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (hasUnpairedSurrogate(field.getKey())) {
                        return "a name has an unpaired surrogate escape";
                    }
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.elements().forEachRemaining(pending::push);
            }
        }
        return null;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static RapidsInput malformed(String detail) {
        return new RapidsInput.Rejected(RapidsInput.Reason.MALFORMED_JSON, detail);
    }

    private static String parserMessage(JsonProcessingException e) {
        // Some messages embed a location with a "[Source: REDACTED ...; " prefix: keep the line.
        String message =
                SOURCE_IN_MESSAGE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("[");
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message +=
                    " at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr();
        }
        return clip(message);
    }

    /** One line, short, printable: details end up in logs and dashboards. */
    static String clip(String message) {
        StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_DETAIL_CHARS));
        for (int i = 0; i < message.length() && out.length() < MAX_DETAIL_CHARS; i++) {
            char c = message.charAt(i);
            out.append(c < 0x20 || c == 0x7F || Character.isSurrogate(c) ? ' ' : c);
        }
        if (out.length() < message.length()) {
            out.append("...");
        }
        return out.toString();
    }
}
