package io.orderflow.rivers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array for writing one record, unsynchronized (unlike {@link
 * java.io.ByteArrayOutputStream}), that can take back what it wrote since a mark.
 */
final class ByteOut {

    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** 10 to the power of each index, up to the largest a long holds. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private byte[] bytes;
    private int size;

    ByteOut(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    /** Forgets every byte after the first {@code size}. */
    void truncate(int size) {
        this.size = size;
    }

    void write(int b) {
        room(1);
        bytes[size++] = (byte) b;
    }

    void write(byte[] from, int offset, int length) {
        room(length);
        System.arraycopy(from, offset, bytes, size, length);
        size += length;
    }

    void write(byte[] from) {
        write(from, 0, from.length);
    }

    /** A long's decimal digits. */
    void decimal(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            write('-');
            value = -value;
        }
        int digits = decimalLength(value);
        room(digits);
        int i = size + digits;
        // Two digits a step, from the last.
        while (value >= 100) {
            int pair = (int) (value % 100);
            value /= 100;
            bytes[--i] = (byte) ('0' + pair % 10);
            bytes[--i] = (byte) ('0' + pair / 10);
        }
        bytes[--i] = (byte) ('0' + value % 10);
        if (value >= 10) {
            bytes[--i] = (byte) ('0' + value / 10);
        }
        size += digits;
    }

    /** Writes again the {@code length} bytes written from {@code from} on. */
    void repeat(int from, int length) {
        room(length);
        System.arraycopy(bytes, from, bytes, size, length);
        size += length;
    }

    /** Text of ASCII characters only. */
    void ascii(String text) {
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /**
     * The text as a JSON string, quotes included, as Jackson's generator writes it: a quote and a
     * backslash escaped, a control character as {@code \\b}, {@code \\t}, {@code \\n}, {@code \\f},
     * {@code \\r} or a six-character hex escape, each UTF-16 surrogate as its own hex escape
     * (paired or not), and every other character as its UTF-8 bytes.
     */
    void quoted(String text) {
        write('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                write(c);
            } else if (c < 0x80) {
                escaped(c);
            } else if (c < 0x800) {
                room(2);
                bytes[size++] = (byte) (0xC0 | c >> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                hexEscaped(c);
            } else {
                room(3);
                bytes[size++] = (byte) (0xE0 | c >> 12);
                bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            }
        }
        write('"');
    }

    /** A quote, a backslash or a control character, escaped. */
    private void escaped(char c) {
        char shortEscape =
                switch (c) {
                    case '"', '\\' -> c;
                    case '\b' -> 'b';
                    case '\t' -> 't';
                    case '\n' -> 'n';
                    case '\f' -> 'f';
                    case '\r' -> 'r';
                    default -> 0;
                };
        if (shortEscape == 0) {
            hexEscaped(c);
        } else {
            write('\\');
            write(shortEscape);
        }
    }

    private void hexEscaped(char c) {
        room(6);
        bytes[size++] = '\\';
        bytes[size++] = 'u';
        for (int shift = 12; shift >= 0; shift -= 4) {
            bytes[size++] = HEX_DIGITS[c >> shift & 0xF];
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /**
     * What was written, for a buffer made for exactly that many bytes: the buffer itself, not a
     * copy, so it must not be written again (a copy when the size was not exact).
     */
    byte[] toExactArray() {
        return size == bytes.length ? bytes : toByteArray();
    }

    /** How many bytes {@link #decimal} writes for the value. */
    static int decimalLength(long value) {
        if (value < 0) {
            return value == Long.MIN_VALUE ? 20 : 1 + decimalLength(-value);
        }
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        return digits;
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
