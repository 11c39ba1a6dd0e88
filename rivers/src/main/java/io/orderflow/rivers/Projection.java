package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code interestedIn} keeps of a record (contract section 8): the named paths, each with its
 * parent objects. A named path that is missing, or that meets a list before its end, is left out; a
 * list or object named is kept whole. Fields keep the record's order.
 */
final class Projection {

    /**
     * A tree of the named paths: a node that is named itself is kept whole, below it nothing
     * matters.
     */
    private static final class Selection {
        boolean whole;
        final Map<String, Selection> children = new LinkedHashMap<>();
    }

    private final Selection root = new Selection();

    Projection(List<RiverPath> paths) {
        for (RiverPath path : paths) {
            Selection node = root;
            for (String segment : path.segments()) {
                node = node.children.computeIfAbsent(segment, s -> new Selection());
            }
            node.whole = true;
        }
    }

    /**
     * The projection of a record; an object with none of the paths gives an empty object. Its
     * objects are new; the values kept whole are the record's own.
     */
    ObjectNode apply(ObjectNode record) {
        ObjectNode kept = project(record, root);
        return kept == null ? JsonNodeFactory.instance.objectNode() : kept;
    }

    /** The kept part of an object, or null when nothing of it is kept. */
    private static ObjectNode project(JsonNode object, Selection selection) {
        ObjectNode kept = null;
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Selection child = selection.children.get(field.getKey());
            if (child == null) {
                continue;
            }
            // Kept whole: shared with the record, as a river record's other fields are.
            JsonNode value = child.whole ? field.getValue() : null;
            // Below an object only; a list met before the path's end leaves the path out.
            if (value == null && field.getValue().isObject()) {
                value = project(field.getValue(), child);
            }
            if (value != null) {
                if (kept == null) {
                    kept = JsonNodeFactory.instance.objectNode();
                }
                kept.set(field.getKey(), value);
            }
        }
        return kept;
    }
}
