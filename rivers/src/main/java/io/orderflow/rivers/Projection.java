package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
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
        byte[][] childNames = new byte[0][]; // the children's names as UTF-8, in map order
        Selection[] childList = new Selection[0];

        /** The child named as the indexed member is, or null. */
        Selection child(JsonIndex index, int member) {
            for (int i = 0; i < childNames.length; i++) {
                if (index.nameIs(member, childNames[i])) {
                    return childList[i];
                }
            }
            return null;
        }
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
        listChildren(root);
    }

    private static void listChildren(Selection selection) {
        selection.childList = selection.children.values().toArray(new Selection[0]);
        selection.childNames =
                selection.children.keySet().stream()
                        .map(name -> name.getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new);
        for (Selection child : selection.childList) {
            listChildren(child);
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

    /**
     * Writes the projection of an indexed record as the members of an object, without its braces,
     * in the same order as {@link #apply}; the values kept whole are the record's own bytes.
     * Returns whether it wrote a member.
     */
    boolean writeMembers(JsonIndex record, ByteOut out) {
        return write(record, 0, root, out);
    }

    private static boolean write(JsonIndex index, int object, Selection selection, ByteOut out) {
        boolean wrote = false;
        for (int m = object + 1; m < index.after(object); m = index.after(m)) {
            Selection child = selection.child(index, m);
            if (child == null || !(child.whole || index.kind(m) == JsonIndex.OBJECT)) {
                continue;
            }
            int mark = out.size();
            if (wrote) {
                out.write(',');
            }
            out.write(index.text(), index.nameStart(m), index.nameEnd(m) - index.nameStart(m));
            out.write(':');
            if (child.whole) {
                out.write(index.text(), index.start(m), index.end(m) - index.start(m));
            } else {
                out.write('{');
                if (!write(index, m, child, out)) {
                    out.truncate(mark);
                    continue;
                }
                out.write('}');
            }
            wrote = true;
        }
        return wrote;
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
