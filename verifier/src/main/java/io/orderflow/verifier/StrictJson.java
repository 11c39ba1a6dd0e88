package io.orderflow.verifier;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one JSON object from UTF-8 bytes, strictly: invalid UTF-8, anything after the object, and a
 * name twice in one object (which orderId would count?) make it no JSON object at all.
 */
final class StrictJson {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private StrictJson() {}

    /**
     * The object {@code value} holds.
     *
     * @throws IllegalArgumentException saying why it is not one JSON object in UTF-8
     */
    static JsonNode object(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("value is null (a tombstone), not a JSON object");
        }
        String text;
        try {
            // Decoded first, so that Jackson never guesses another encoding from the first bytes.
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(value))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("value is not valid UTF-8");
        }
        // RFC 8259 section 8.1 lets a parser ignore a leading byte order mark; the contract says
        // only "JSON in UTF-8", and the job ignores it too.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "value is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("value is empty, not a JSON object");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "value is not a JSON object but " + node.getNodeType());
        }
        return node;
    }

    /** A copy of {@code node} as compact JSON bytes. */
    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("a tree always writes", e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
