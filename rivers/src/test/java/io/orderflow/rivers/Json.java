package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test records written as JSON with single quotes, read exactly as the rivers job reads them. */
final class Json {

    private Json() {}

    /**
     * JSON values compared as the contract compares them: numbers by exact decimal value (1, 1.0
     * and 1e0 are equal).
     */
    static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE =
            (a, b) -> {
                if (a.isNumber() && b.isNumber()) {
                    return Values.decimal(a).compareTo(Values.decimal(b));
                }
                return a.equals(b) ? 0 : 1;
            };

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
