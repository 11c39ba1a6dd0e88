package io.orderflow.schemas.json;

import static io.orderflow.schemas.json.Rejection.violation;
import static io.orderflow.schemas.json.RejectionDetails.describe;

import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.json.InputFields.Value;

/**
 * The contract's rules for one field's value (text, integers, instants, currency, fulfilment): the
 * value when it keeps them, else a {@link Rejection} naming the field and the rule. Checks build
 * their messages only on failure: valid records are the hot path.
 */
final class FieldRules {

    /**
     * The range of {@code occurredAt} (CONTRACT.md section 2): Kafka timestamps cannot be negative.
     */
    static final long EARLIEST_OCCURRED_AT = 0L;

    static final long LATEST_OCCURRED_AT = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    /** The {@code line} of a field that is not inside {@code lines}. */
    private static final int TOP_LEVEL = -1;

    private static final int UNPAIRED_SURROGATE = -1;

    private FieldRules() {}

    static String text(Value value, String field, int maxChars) throws Rejection {
        return text(value, TOP_LEVEL, field, maxChars);
    }

    /** A string of 1..maxChars code points; {@code line} >= 0 places the field in lines[line]. */
    static String text(Value value, int line, String field, int maxChars) throws Rejection {
        if (value != null && value.token == JsonToken.VALUE_STRING) {
            int codePoints = codePointsOrMinusOne(value.text, maxChars);
            if (codePoints >= 1 && codePoints <= maxChars) {
                return value.text;
            }
            if (codePoints == UNPAIRED_SURROGATE) {
                throw violation(
                        path(line, field)
                                + " must be valid Unicode text, was a string with"
                                + " an unpaired surrogate");
            }
        }
        String rule = "a string of 1 to " + maxChars + " characters";
        if (value == null) {
            throw violation(path(line, field) + " is missing; it must be " + rule);
        }
        throw violation(path(line, field) + " must be " + rule + ", was " + describe(value));
    }

    /** Code points in {@code text}, or UNPAIRED_SURROGATE; stops counting once past the limit. */
    private static int codePointsOrMinusOne(String text, int maxChars) {
        int chars = text.length();
        // Each code point is one or two chars, so longer strings are too long without counting.
        if (chars > 2 * maxChars) {
            return Integer.MAX_VALUE;
        }
        int codePoints = 0;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < chars
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return UNPAIRED_SURROGATE;
                }
            }
            codePoints++;
        }
        return codePoints;
    }

    static long integer(Value value, String field, long min, long max) throws Rejection {
        return integer(value, TOP_LEVEL, field, min, max);
    }

    static long integer(Value value, int line, String field, long min, long max) throws Rejection {
        if (value != null && value.isLong && value.number >= min && value.number <= max) {
            return value.number;
        }
        String rule = "an integer from " + min + " to " + max;
        if (value == null) {
            throw violation(path(line, field) + " is missing; it must be " + rule);
        }
        throw violation(path(line, field) + " must be " + rule + ", was " + describe(value));
    }

    private static String path(int line, String field) {
        return line == TOP_LEVEL ? field : "lines[" + line + "]." + field;
    }

    static long instant(Value value) throws Rejection {
        long millis =
                value != null && value.token == JsonToken.VALUE_STRING
                        ? Instants.parse(value.text)
                        : Instants.BAD_FORMAT;
        if (millis >= EARLIEST_OCCURRED_AT && millis <= LATEST_OCCURRED_AT) {
            return millis;
        }
        if (millis != Instants.BAD_FORMAT && millis != Instants.BAD_DATE) {
            throw violation(
                    "occurredAt must lie between 1970-01-01T00:00:00Z and"
                            + " 9999-12-31T23:59:59.999Z (Kafka timestamps cannot be negative),"
                            + " was "
                            + describe(value));
        }
        String rule = "an ISO-8601 UTC instant YYYY-MM-DDTHH:MM:SS[.fraction]Z";
        if (value == null) {
            throw violation("occurredAt is missing; it must be " + rule);
        }
        if (value.token != JsonToken.VALUE_STRING) {
            throw violation("occurredAt must be " + rule + ", was " + describe(value));
        }
        if (millis == Instants.BAD_FORMAT) {
            throw violation(
                    "occurredAt must be "
                            + rule
                            + " with 0 to 9 fraction digits, was "
                            + describe(value));
        }
        throw violation("occurredAt must be a real date and time, was " + describe(value));
    }

    static String currency(Value value) throws Rejection {
        boolean valid =
                value != null && value.token == JsonToken.VALUE_STRING && value.text.length() == 3;
        for (int i = 0; valid && i < 3; i++) {
            valid = value.text.charAt(i) >= 'A' && value.text.charAt(i) <= 'Z';
        }
        if (valid) {
            return value.text;
        }
        String rule = "three capital letters [A-Z]{3} (ISO 4217)";
        if (value == null) {
            throw violation("currency is missing; it must be " + rule);
        }
        throw violation("currency must be " + rule + ", was " + describe(value));
    }

    static Fulfilment fulfilment(Value value) throws Rejection {
        if (!present(value)) {
            return null;
        }
        if (value.token == JsonToken.VALUE_STRING) {
            switch (value.text) {
                case "PARTIAL":
                    return Fulfilment.PARTIAL;
                case "BACKORDER":
                    return Fulfilment.BACKORDER;
                default:
                    break;
            }
        }
        throw violation(
                "fulfilment must be PARTIAL or BACKORDER when given, was " + describe(value));
    }

    /** Optional fields given as JSON null count as absent. */
    static boolean present(Value value) {
        return value != null && value.token != JsonToken.VALUE_NULL;
    }

    static boolean hasUnpairedSurrogate(String text) {
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
}
