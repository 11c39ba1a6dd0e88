package io.orderflow.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A value a river compares with: a string, an exact decimal number or a boolean (contract section
 * 8); there is no null literal. Numbers compare by value, so {@code 1}, {@code 1.0} and {@code 1e0}
 * are one literal.
 */
public final class Literal {

    /** The kinds of JSON value a literal can be; a record's value of another kind never matches. */
    public enum Kind {
        STRING,
        NUMBER,
        BOOLEAN
    }

    /** A JSON number (RFC 8259): no {@code +}, no leading zeros, digits on both sides of a dot. */
    private static final Pattern JSON_NUMBER =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private final Kind kind;
    private final String text;
    private final BigDecimal number;
    private final boolean bool;
    private final byte[] utf8; // the text's bytes, only for STRING

    private Literal(Kind kind, String text, BigDecimal number, boolean bool) {
        this.kind = kind;
        this.text = text;
        this.utf8 = text == null ? null : utf8(text);
        this.number = number;
        this.bool = bool;
    }

    /**
     * The text's UTF-8 bytes. A text with an unpaired surrogate has none (the encoder would write a
     * question mark), and no rapids value holds one (such a record is a dead letter): it gets a
     * byte that no UTF-8 text has, so that it equals no value's bytes, as it equals no value's
     * text.
     */
    private static byte[] utf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return new byte[] {(byte) 0xFF};
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static Literal string(String text) {
        if (text == null) {
            throw new RiverSpecException("a value must not be null");
        }
        return new Literal(Kind.STRING, text, null, false);
    }

    public static Literal number(BigDecimal value) {
        if (value == null) {
            throw new RiverSpecException("a value must not be null");
        }
        return new Literal(Kind.NUMBER, null, value, false);
    }

    public static Literal bool(boolean value) {
        return new Literal(Kind.BOOLEAN, null, null, value);
    }

    /**
     * Parses a JSON number's text exactly, or refuses it ({@code .5}, {@code 01} and {@code +1} are
     * not JSON numbers).
     */
    public static Literal jsonNumber(String text) {
        if (!JSON_NUMBER.matcher(text).matches()) {
            throw new RiverSpecException(Values.quote(text) + " is not a JSON number");
        }
        return number(exactDecimal(text));
    }

    /**
     * The literal of a Java value given to the Java API: String, Boolean, or an exact number
     * (BigDecimal, BigInteger, Long, Integer, Short, Byte). Float and Double are refused: their
     * binary value is not the decimal that was written.
     */
    public static Literal of(Object value) {
        if (value instanceof Literal literal) {
            return literal;
        }
        if (value instanceof String text) {
            return string(text);
        }
        if (value instanceof Boolean b) {
            return bool(b);
        }
        if (value instanceof BigDecimal decimal) {
            return number(decimal);
        }
        if (value instanceof BigInteger integer) {
            return number(new BigDecimal(integer));
        }
        if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            return number(BigDecimal.valueOf(((Number) value).longValue()));
        }
        if (value == null) {
            throw new RiverSpecException("a value must not be null (there is no null literal)");
        }
        throw new RiverSpecException(
                "a value must be a String, Boolean, BigDecimal, BigInteger, Long or Integer, was a "
                        + value.getClass().getSimpleName()
                        + (value instanceof Double || value instanceof Float
                                ? " (binary floating point is not exact: use new"
                                        + " BigDecimal(\"...\"))"
                                : ""));
    }

    /** A BigDecimal of the text, refusing exponents beyond what a BigDecimal can hold. */
    static BigDecimal exactDecimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RiverSpecException(
                    Values.quote(text) + " is a number too large or too small to hold exactly");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a record's value is this literal's kind; null and missing values are no kind. */
    boolean sameKind(JsonNode value) {
        return value != null
                && switch (kind) {
                    case STRING -> value.isTextual();
                    case NUMBER -> Values.isNumber(value);
                    case BOOLEAN -> value.isBoolean();
                };
    }

    /** Whether a record's value equals this literal as JSON values; never for missing or null. */
    public boolean matches(JsonNode value) {
        if (!sameKind(value)) {
            return false;
        }
        return switch (kind) {
            case STRING -> value.textValue().equals(text);
            case NUMBER -> Values.decimal(value).compareTo(number) == 0;
            case BOOLEAN -> value.booleanValue() == bool;
        };
    }

    /** The literal's text; only for STRING. */
    String text() {
        return text;
    }

    /** The text as UTF-8, not to be changed; only for STRING. */
    byte[] utf8() {
        return utf8;
    }

    /** The literal's boolean; only for BOOLEAN. */
    boolean bool() {
        return bool;
    }

    /** The literal's number; only for NUMBER. */
    BigDecimal number() {
        return number;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Literal literal) || literal.kind != kind) {
            return false;
        }
        return switch (kind) {
            case STRING -> literal.text.equals(text);
            case NUMBER -> literal.number.compareTo(number) == 0;
            case BOOLEAN -> literal.bool == bool;
        };
    }

    @Override
    public int hashCode() {
        return switch (kind) {
            case STRING -> text.hashCode();
            // compareTo-equal decimals must hash alike: 1.0 and 1 are one literal.
            case NUMBER -> number.signum() == 0 ? 0 : number.stripTrailingZeros().hashCode();
            case BOOLEAN -> Boolean.hashCode(bool);
        };
    }

    /** The literal as a rule would write it: strings quoted, numbers as BigDecimal writes them. */
    @Override
    public String toString() {
        return switch (kind) {
            case STRING -> Values.quote(text);
            case NUMBER -> number.toString();
            case BOOLEAN -> Boolean.toString(bool);
        };
    }
}
