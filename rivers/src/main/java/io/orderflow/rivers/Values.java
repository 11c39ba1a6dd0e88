package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;

/** JSON values as rules see them: their exact number, and short printable accounts for problems. */
final class Values {

    /** Longest value echoed in a sentence; longer ones are described by their size. */
    private static final int MAX_ECHO_CHARS = 40;

    private Values() {}

    /**
     * Whether the node is a number with a decimal value. Trees read by {@link RapidsJson} hold only
     * exact numbers; a NaN or infinite double from elsewhere is no number to a rule.
     */
    static boolean isNumber(JsonNode node) {
        return node.isNumber()
                && (!(node.isDouble() || node.isFloat()) || Double.isFinite(node.doubleValue()));
    }

    /**
     * A number node's exact value (see {@link #isNumber}); a double from a tree not read by {@link
     * RapidsJson} is taken by its shortest decimal text.
     */
    static BigDecimal decimal(JsonNode number) {
        if (number.isDouble() || number.isFloat()) {
            return new BigDecimal(number.asText());
        }
        return number.decimalValue();
    }

    /** What a record's value is, for a sentence: short values themselves, else their kind. */
    static String describe(JsonNode value) {
        if (value == null) {
            return "missing";
        }
        return switch (value.getNodeType()) {
            case NULL -> "null";
            case STRING -> quote(value.textValue());
            case NUMBER -> number(isNumber(value) ? decimal(value).toString() : value.asText());
            case BOOLEAN -> Boolean.toString(value.booleanValue());
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            default -> "a " + value.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    /** A number's text, or its length when too long to echo. */
    static String number(String text) {
        return text.length() <= MAX_ECHO_CHARS
                ? text
                : "a number of " + text.length() + " characters";
    }

    /** The text as a JSON string literal, or its length when too long to echo. */
    static String quote(String text) {
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints > MAX_ECHO_CHARS) {
            return "a string of " + codePoints + " characters";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
