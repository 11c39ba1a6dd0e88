package io.orderflow.rivers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The scans {@link JsonIndex} makes over a JSON text's bytes where it needs no state of its own: to
 * a string's next quote, backslash, control character or byte that is not ASCII; over a number;
 * four hex digits of an escape. Each reads past the text's end as {@link #END}, so a text that ends
 * too soon is found by a test.
 */
final class JsonTokens {

    /** Longer numbers are declined (Jackson reads them, but no rule needs them). */
    static final int MAX_NUMBER_CHARS = 64;

    /** Longer exponents are declined: Jackson refuses one beyond an int. */
    static final int MAX_EXPONENT_DIGITS = 4;

    /**
     * What {@link #at} reads past the end: a control character, which no value may hold unescaped,
     * so a text that ends too soon is declined wherever it ends (by a test, not by an exception
     * that would make the JIT compile the parser again).
     */
    static final byte END = 0;

    /**
     * The bytes a string's text stops at: a quote, a backslash, a control character, a byte that is
     * not ASCII.
     */
    private static final boolean[] STRING_STOPS = new boolean[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            STRING_STOPS[b] = true;
        }
        for (int b = 0x80; b < 0x100; b++) {
            STRING_STOPS[b] = true;
        }
        STRING_STOPS['"'] = true;
        STRING_STOPS['\\'] = true;
    }

    /** Eight bytes of the text as one long, the first in the lowest byte. */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * ' ';

    private JsonTokens() {}

    /** The byte at {@code i}, or {@link #END} past the end of the text. */
    static byte at(byte[] text, int i) {
        return i < text.length ? text[i] : END;
    }

    /**
     * The first quote, backslash, control character or byte that is not ASCII at or after {@code
     * i}, or the text's length: eight bytes a step while eight are left (a byte is such a stop when
     * it is a quote or a backslash, exclusive-or made zero, below 0x20, or has its high bit set;
     * the lowest byte flagged is the first stop, as only a flagged byte can flag the bytes above
     * it), then byte by byte.
     */
    static int stringStop(byte[] t, int i) {
        for (; i + Long.BYTES <= t.length; i += Long.BYTES) {
            long word = (long) LONGS.get(t, i);
            long quotes = word ^ QUOTES;
            long backslashes = word ^ BACKSLASHES;
            long stops =
                    ((quotes - ONES) & ~quotes
                                    | (backslashes - ONES) & ~backslashes
                                    | (word - SPACES) & ~word
                                    | word)
                            & HIGH_BITS;
            if (stops != 0) {
                return i + (Long.numberOfTrailingZeros(stops) >>> 3);
            }
        }
        while (i < t.length && !STRING_STOPS[t[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    /**
     * Just past the JSON number (RFC 8259: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?})
     * that starts at {@code i}, or -1 when none does or it is over {@link #MAX_NUMBER_CHARS}
     * characters or {@link #MAX_EXPONENT_DIGITS} exponent digits.
     */
    static int numberEnd(byte[] t, int i) {
        int start = i;
        if (at(t, i) == '-') {
            i++;
        }
        i = at(t, i) == '0' ? i + 1 : digitsEnd(t, i);
        if (i >= 0 && at(t, i) == '.') {
            i = digitsEnd(t, i + 1);
        }
        if (i >= 0 && (at(t, i) == 'e' || at(t, i) == 'E')) {
            i++;
            if (at(t, i) == '+' || at(t, i) == '-') {
                i++;
            }
            int exponent = i;
            i = digitsEnd(t, i);
            if (i - exponent > MAX_EXPONENT_DIGITS) {
                return -1;
            }
        }
        return i < 0 || i - start > MAX_NUMBER_CHARS ? -1 : i;
    }

    /** Just past one digit or more at {@code i}, or -1 when there is none. */
    private static int digitsEnd(byte[] t, int i) {
        if (!digit(at(t, i))) {
            return -1;
        }
        do {
            i++;
        } while (digit(at(t, i)));
        return i;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The four hex digits at {@code at}, or -1. */
    static int hex4(byte[] text, int at) {
        int c = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = i < text.length ? Character.digit(text[i], 16) : -1;
            if (digit < 0) {
                return -1;
            }
            c = c * 16 + digit;
        }
        return c;
    }
}
