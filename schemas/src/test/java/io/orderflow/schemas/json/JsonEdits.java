package io.orderflow.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Edits JSON text at a path such as {@code lines[0].quantity}, inserting raw literals so that tests
 * can write {@code 2.0} or {@code 1e3} exactly as a producer would.
 */
final class JsonEdits {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String PLACEHOLDER = "@@raw-literal@@";

    private JsonEdits() {}

    static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JSON with the value at {@code path} replaced by {@code rawLiteral}, or removed if null.
     */
    static String with(String json, String path, String rawLiteral) {
        ObjectNode root = (ObjectNode) tree(json).deepCopy();
        String[] steps = path.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = step(parent, steps[i]);
        }
        String last = steps[steps.length - 1];
        if (last.endsWith("]")) {
            ArrayNode array = (ArrayNode) step(parent, last.substring(0, last.indexOf('[')));
            int index = index(last);
            if (rawLiteral == null) {
                array.remove(index);
            } else {
                array.set(index, PLACEHOLDER);
            }
        } else if (rawLiteral == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).put(last, PLACEHOLDER);
        }
        String text = write(root);
        return rawLiteral == null ? text : text.replace("\"" + PLACEHOLDER + "\"", rawLiteral);
    }

    /** A JSON string literal of {@code text}. */
    static String quoted(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode step(JsonNode node, String step) {
        if (step.endsWith("]")) {
            return node.get(step.substring(0, step.indexOf('['))).get(index(step));
        }
        return node.get(step);
    }

    private static int index(String step) {
        return Integer.parseInt(step.substring(step.indexOf('[') + 1, step.length() - 1));
    }
}
