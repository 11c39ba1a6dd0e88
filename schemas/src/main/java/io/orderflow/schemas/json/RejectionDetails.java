package io.orderflow.schemas.json;

import io.orderflow.schemas.json.InputFields.Value;

/**
 * The words of a dead letter's detail: a bad value described short and printable, messages clipped
 * to one line.
 */
final class RejectionDetails {

    /** Longest value echoed in a detail; longer ones are described by their size. */
    private static final int MAX_ECHO_CHARS = 40;

    private static final int MAX_PARSER_MESSAGE_CHARS = 160;

    private RejectionDetails() {}

    /** A short, printable account of a bad value: the value itself when short, else its size. */
    static String describe(Value value) {
        switch (value.token) {
            case VALUE_STRING:
                return quote(value.text);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                String number = value.isLong ? Long.toString(value.number) : value.text;
                return number.length() <= MAX_ECHO_CHARS
                        ? number
                        : "a number of " + number.length() + " characters";
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            default:
                return value.token.toString();
        }
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

    /** One line, short, printable: details end up in logs and dashboards. */
    static String clip(String message) {
        StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_PARSER_MESSAGE_CHARS));
        for (int i = 0; i < message.length() && out.length() < MAX_PARSER_MESSAGE_CHARS; i++) {
            char c = message.charAt(i);
            out.append(c < 0x20 || c == 0x7F || Character.isSurrogate(c) ? ' ' : c);
        }
        if (out.length() < message.length()) {
            out.append("...");
        }
        return out.toString();
    }
}
