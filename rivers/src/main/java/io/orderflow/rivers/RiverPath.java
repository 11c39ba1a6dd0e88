package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A dot-separated path into a record (contract section 8): a segment of digits indexes a list and
 * names a key in an object ({@code lines.0.sku}); a path that leads nowhere is missing.
 */
public final class RiverPath {

    private final String text;
    private final List<String> segments;
    private final byte[][] utf8Segments;
    private final int[] listIndexes;

    private RiverPath(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
        this.utf8Segments = new byte[segments.size()][];
        this.listIndexes = new int[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            utf8Segments[i] = segments.get(i).getBytes(StandardCharsets.UTF_8);
            listIndexes[i] = listIndex(segments.get(i));
        }
    }

    /** Parses a path; an empty path or an empty segment ({@code a..b}, {@code a.}) is refused. */
    public static RiverPath parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new RiverSpecException("a path must not be empty");
        }
        String[] parts = text.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new RiverSpecException(
                        "path " + Values.quote(text) + " has an empty segment");
            }
        }
        return new RiverPath(text, List.of(parts));
    }

    public List<String> segments() {
        return segments;
    }

    /** Segment {@code i} as UTF-8, not to be changed. */
    byte[] utf8Segment(int i) {
        return utf8Segments[i];
    }

    /** The list index segment {@code i} writes, or -1 (see {@link #step}). */
    int segmentListIndex(int i) {
        return listIndexes[i];
    }

    /** The value the path leads to, which may be a JSON null, or null when it is missing. */
    public JsonNode resolve(JsonNode record) {
        JsonNode node = record;
        for (String segment : segments) {
            node = step(node, segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** One step down: a key of an object, or an index of a list when the segment is digits. */
    static JsonNode step(JsonNode node, String segment) {
        if (node.isObject()) {
            return node.get(segment);
        }
        if (node.isArray()) {
            int index = listIndex(segment);
            return index < 0 ? null : node.get(index);
        }
        return null;
    }

    /**
     * The list index a segment of digits writes ({@code 01} is 1, as the contract reads any digits
     * as an index), or -1 for a segment that is not all digits or beyond any list's size.
     */
    private static int listIndex(String segment) {
        long index = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
            if (index > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) index;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RiverPath path && path.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The path as written. */
    @Override
    public String toString() {
        return text;
    }

    static List<RiverPath> parseAll(String... texts) {
        return Arrays.stream(texts).map(RiverPath::parse).toList();
    }
}
