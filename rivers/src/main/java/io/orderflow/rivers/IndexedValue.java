package io.orderflow.rivers;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A value of a record indexed by {@link JsonIndex} as preconditions and rules read it ({@code
 * value} -1 is missing), and the reading of indexed values: paths, strings and exact numbers.
 */
record IndexedValue(JsonIndex index, int value) implements RecordValue {

    /** The value a path leads to from the object, or -1 when it leads nowhere. */
    static int resolve(JsonIndex index, int object, RiverPath path) {
        int value = object;
        for (int i = 0; i < path.segments().size() && value >= 0; i++) {
            if (index.kind(value) == JsonIndex.OBJECT) {
                value = index.member(value, path.utf8Segment(i));
            } else if (index.kind(value) == JsonIndex.ARRAY && path.segmentListIndex(i) >= 0) {
                value = element(index, value, path.segmentListIndex(i));
            } else {
                value = -1;
            }
        }
        return value;
    }

    private static int element(JsonIndex index, int array, int position) {
        int e = array + 1;
        for (int i = 0; i < position && e < index.after(array); i++) {
            e = index.after(e);
        }
        return e < index.after(array) ? e : -1;
    }

    /** A string value's text. */
    static String string(JsonIndex index, int value) {
        byte[] text = index.text();
        int from = index.start(value) + 1;
        int to = index.end(value) - 1;
        if (!index.escaped(value)) {
            return new String(text, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(to - from);
        int plain = from;
        for (int i = from; i < to; i++) {
            if (text[i] != '\\') {
                continue;
            }
            out.append(new String(text, plain, i - plain, StandardCharsets.UTF_8));
            byte e = text[++i];
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) JsonTokens.hex4(text, i + 1));
                    i += 4;
                }
                default -> out.append((char) e); // '"', '\\' or '/'
            }
            plain = i + 1;
        }
        return out.append(new String(text, plain, to - plain, StandardCharsets.UTF_8)).toString();
    }

    /** Whether a string value's text is these UTF-8 bytes. */
    static boolean stringIs(JsonIndex index, int value, byte[] utf8) {
        if (index.escaped(value)) {
            return Arrays.equals(
                    string(index, value).getBytes(StandardCharsets.UTF_8), utf8); // rare: escapes
        }
        return Arrays.equals(
                index.text(), index.start(value) + 1, index.end(value) - 1, utf8, 0, utf8.length);
    }

    /** A number value's exact value, as Jackson reads it with big decimals for fractions. */
    static BigDecimal decimal(JsonIndex index, int value) {
        char[] digits = new char[index.end(value) - index.start(value)];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (char) index.text()[index.start(value) + i];
        }
        return new BigDecimal(digits);
    }

    @Override
    public boolean absent() {
        return value < 0 || index.kind(value) == JsonIndex.NULL;
    }

    @Override
    public boolean sameKind(Literal literal) {
        if (value < 0) {
            return false;
        }
        byte kind = index.kind(value);
        return switch (literal.kind()) {
            case STRING -> kind == JsonIndex.STRING;
            case NUMBER -> kind == JsonIndex.NUMBER;
            case BOOLEAN -> kind == JsonIndex.TRUE || kind == JsonIndex.FALSE;
        };
    }

    @Override
    public boolean matches(Literal literal) {
        if (!sameKind(literal)) {
            return false;
        }
        return switch (literal.kind()) {
            case STRING -> stringIs(index, value, literal.utf8());
            case NUMBER -> decimal().compareTo(literal.number()) == 0;
            case BOOLEAN -> (index.kind(value) == JsonIndex.TRUE) == literal.bool();
        };
    }

    @Override
    public BigDecimal decimal() {
        return decimal(index, value);
    }

    @Override
    public String describe() {
        if (value < 0) {
            return "missing";
        }
        return switch (index.kind(value)) {
            case JsonIndex.NULL -> "null";
            case JsonIndex.STRING -> Values.quote(string(index, value));
            case JsonIndex.NUMBER -> Values.number(decimal(index, value).toString());
            case JsonIndex.TRUE -> "true";
            case JsonIndex.FALSE -> "false";
            case JsonIndex.OBJECT -> "an object";
            default -> "a list";
        };
    }
}
