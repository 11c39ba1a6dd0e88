package io.orderflow.rivers;

import io.orderflow.schemas.json.Utf8;
import java.util.Arrays;

/**
 * A JSON object's text indexed in place: where each value starts and ends, and the name it has in
 * its object, without building a tree, decoding a string or parsing a number. Values are numbered
 * in the order they start (0 is the object itself); a value's members or elements follow it, up to
 * {@link #after}.
 *
 * <p>It indexes only what it is sure Jackson reads the same way in {@link RapidsJson#decode}, and
 * declines the rest ({@link #index} returns false), so that {@link RapidsJson} still reads and
 * judges those records: anything that is not an object of valid JSON text, a name with an escape
 * (its bytes would not decide whether two names are equal), a string escaping a surrogate, more
 * than {@value #MAX_MEMBERS} members in one object, more than {@value #MAX_DEPTH} levels, names
 * over {@value #MAX_NAME_BYTES} bytes, numbers over {@value JsonTokens#MAX_NUMBER_CHARS} characters
 * and exponents over {@value JsonTokens#MAX_EXPONENT_DIGITS} digits (Jackson refuses one beyond an
 * int). It declines a text that is not valid UTF-8 ({@link Utf8}), which it checks as it reads:
 * outside strings valid JSON is ASCII, and each string's bytes that are not are checked where the
 * scan for its end stops at them. Not thread-safe: its arrays are reused.
 */
final class JsonIndex {

    static final byte OBJECT = 0;
    static final byte ARRAY = 1;
    static final byte STRING = 2;
    static final byte NUMBER = 3;
    static final byte TRUE = 4;
    static final byte FALSE = 5;
    static final byte NULL = 6;

    static final int MAX_DEPTH = 64;
    static final int MAX_MEMBERS = 64;
    static final int MAX_NAME_BYTES = 1024;

    /** Jackson's own limit on a string is 20 M characters: a shorter text cannot reach it. */
    private static final int MAX_TEXT_BYTES = 16 << 20;

    /** Thrown to decline a text; it carries no stack, and declining is the rare case. */
    private static final RuntimeException DECLINED =
            new RuntimeException(null, null, false, false) {};

    private byte[] text;
    private int count;
    private int pos;
    private int depth;
    private byte[] kinds = new byte[64];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int[] afters = new int[64];
    private int[] nameStarts = new int[64];
    private int[] nameEnds = new int[64];
    private boolean[] escaped = new boolean[64];
    private boolean topLevelAt;

    /** Indexes the text, or returns false when it declines it (see the class comment). */
    boolean index(byte[] text) {
        this.text = text;
        count = 0;
        pos = 0;
        depth = 0;
        topLevelAt = false;
        if (text.length > MAX_TEXT_BYTES) {
            return false;
        }
        try {
            skipWhitespace();
            if (pos >= text.length || text[pos] != '{') {
                return false;
            }
            value(-1, -1);
            skipWhitespace();
            return pos == text.length;
        } catch (RuntimeException e) {
            if (e == DECLINED) {
                return false;
            }
            throw e;
        }
    }

    byte[] text() {
        return text;
    }

    byte kind(int value) {
        return kinds[value];
    }

    /** The first byte of the value's text (a string's opening quote). */
    int start(int value) {
        return starts[value];
    }

    /** Just past the last byte of the value's text (a string's closing quote). */
    int end(int value) {
        return ends[value];
    }

    /** The number of the first value after this one's members or elements. */
    int after(int value) {
        return afters[value];
    }

    /** The start of the member's name, its opening quote included. */
    int nameStart(int member) {
        return nameStarts[member] - 1;
    }

    /** Just past the member's name, its closing quote included. */
    int nameEnd(int member) {
        return nameEnds[member] + 1;
    }

    /** Whether the member's name, without quotes, is these bytes. */
    boolean nameIs(int member, byte[] name) {
        int start = nameStarts[member];
        return nameEnds[member] - start == name.length
                && (name.length == 0 || text[start] == name[0])
                && Arrays.equals(text, start, nameEnds[member], name, 0, name.length);
    }

    /** The member of an object with this name, or -1. */
    int member(int object, byte[] name) {
        for (int m = object + 1; m < afters[object]; m = afters[m]) {
            if (nameIs(m, name)) {
                return m;
            }
        }
        return -1;
    }

    /**
     * Whether a member of the indexed object has a name that starts with {@code @} (a river
     * record's own fields do): when not, no such member need be looked for.
     */
    boolean hasTopLevelNameStartingWithAt() {
        return topLevelAt;
    }

    /** Whether a string value has an escape. */
    boolean escaped(int value) {
        return escaped[value];
    }

    private void value(int nameStart, int nameEnd) {
        int value = add(nameStart, nameEnd);
        switch (at(pos)) {
            case '{' -> object(value);
            case '[' -> array(value);
            case '"' -> {
                kinds[value] = STRING;
                escaped[value] = string();
            }
            case 't' -> word(value, TRUE, "true");
            case 'f' -> word(value, FALSE, "false");
            case 'n' -> word(value, NULL, "null");
            default -> number(value);
        }
        ends[value] = pos;
        afters[value] = count;
    }

    private void object(int value) {
        kinds[value] = OBJECT;
        enter();
        skipWhitespace();
        if (at(pos) == '}') {
            pos++;
            depth--;
            return;
        }
        // A bit for each name's length and first and last bytes: a name can equal an earlier one
        // only when its bit is set already, so most names are not compared at all.
        long names = 0;
        for (int members = 1; ; members++) {
            if (at(pos) != '"' || members > MAX_MEMBERS) {
                throw DECLINED;
            }
            int nameStart = pos + 1;
            if (string() || pos - nameStart - 1 > MAX_NAME_BYTES) {
                throw DECLINED;
            }
            int nameEnd = pos - 1;
            long name = nameBit(nameStart, nameEnd);
            if ((names & name) != 0) {
                for (int m = value + 1; m < count; m = afters[m]) {
                    if (sameName(m, nameStart, nameEnd)) {
                        throw DECLINED; // a duplicate name: malformed, said by Jackson
                    }
                }
            }
            names |= name;
            if (depth == 1 && nameEnd > nameStart && text[nameStart] == '@') {
                topLevelAt = true;
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            value(nameStart, nameEnd);
            if (!next('}')) {
                return;
            }
        }
    }

    /** One of 64 bits, the same for equal names. */
    private long nameBit(int start, int end) {
        int length = end - start;
        int hash = length == 0 ? 0 : (length * 31 + text[start]) * 31 + text[end - 1];
        return 1L << (hash & 63);
    }

    /** Whether the member's name is the text's bytes from {@code start} to {@code end}. */
    private boolean sameName(int member, int start, int end) {
        int length = end - start;
        int other = nameStarts[member];
        // Length, first and last byte first: names of one object mostly differ there.
        return nameEnds[member] - other == length
                && (length == 0
                        || (text[other] == text[start]
                                && text[other + length - 1] == text[end - 1]
                                && Arrays.equals(text, other, other + length, text, start, end)));
    }

    private void array(int value) {
        kinds[value] = ARRAY;
        enter();
        skipWhitespace();
        if (at(pos) == ']') {
            pos++;
            depth--;
            return;
        }
        do {
            value(-1, -1);
        } while (next(']'));
    }

    /** After a member or element: true at a comma (and its whitespace), false past the close. */
    private boolean next(char close) {
        skipWhitespace();
        if (at(pos) == ',') {
            pos++;
            skipWhitespace();
            return true;
        }
        expect(close);
        depth--;
        return false;
    }

    private void enter() {
        pos++;
        if (++depth > MAX_DEPTH) {
            throw DECLINED;
        }
    }

    /** Reads a string from its opening quote; true when it has an escape. */
    private boolean string() {
        byte[] t = text;
        boolean escapes = false;
        int i = pos + 1;
        while (true) {
            i = JsonTokens.stringStop(t, i);
            byte b = JsonTokens.at(t, i);
            if (b == '"') {
                pos = i + 1;
                return escapes;
            }
            if (b == '\\') {
                escapes = true;
                pos = i;
                escape();
                i = pos;
            } else if (b >= 0) {
                throw DECLINED; // a control character must be escaped
            } else {
                int length = Utf8.sequenceLength(t, i);
                if (length < 0) {
                    throw DECLINED; // no UTF-8: RapidsJson names the byte
                }
                i += length;
            }
        }
    }

    private void escape() {
        byte e = at(pos + 1);
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
            case 'u' -> {
                int c = JsonTokens.hex4(text, pos + 2);
                if (c < 0 || Character.isSurrogate((char) c)) {
                    throw DECLINED; // a surrogate, paired or not, is left to Jackson
                }
                pos += 6;
            }
            default -> throw DECLINED;
        }
    }

    private void number(int value) {
        kinds[value] = NUMBER;
        int end = JsonTokens.numberEnd(text, pos);
        if (end < 0) {
            throw DECLINED;
        }
        pos = end;
    }

    private void word(int value, byte kind, String word) {
        kinds[value] = kind;
        for (int i = 0; i < word.length(); i++) {
            if (at(pos + i) != word.charAt(i)) {
                throw DECLINED;
            }
        }
        pos += word.length();
    }

    /** The byte at {@code i}, or {@link JsonTokens#END} past the end of the text. */
    private byte at(int i) {
        return JsonTokens.at(text, i);
    }

    private void expect(char c) {
        if (at(pos) != c) {
            throw DECLINED;
        }
        pos++;
    }

    private void skipWhitespace() {
        byte[] t = text;
        int i = pos;
        while (i < t.length && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) {
            i++;
        }
        pos = i;
    }

    private int add(int nameStart, int nameEnd) {
        if (count == kinds.length) {
            int size = count * 2;
            kinds = Arrays.copyOf(kinds, size);
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            afters = Arrays.copyOf(afters, size);
            nameStarts = Arrays.copyOf(nameStarts, size);
            nameEnds = Arrays.copyOf(nameEnds, size);
            escaped = Arrays.copyOf(escaped, size);
        }
        starts[count] = pos;
        nameStarts[count] = nameStart;
        nameEnds[count] = nameEnd;
        return count++;
    }
}
