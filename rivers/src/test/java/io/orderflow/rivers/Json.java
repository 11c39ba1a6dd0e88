package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test records written as JSON with single quotes, read exactly as the rivers job reads them. */
final class Json {

    private Json() {}

    static ObjectNode record(String singleQuoted) {
        return (ObjectNode) RapidsJson.read(singleQuoted.replace('\'', '"'));
    }

    /**
     * The tree as written and read back: a river's long offset and a parsed small number are
     * different node classes, equal once written.
     */
    static JsonNode reread(JsonNode tree) {
        return RapidsJson.read(
                new String(RapidsJson.write(tree), java.nio.charset.StandardCharsets.UTF_8));
    }

    static JsonNode tree(String singleQuoted) {
        return RapidsJson.read(singleQuoted.replace('\'', '"'));
    }
}
