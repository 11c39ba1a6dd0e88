package io.orderflow.rivers;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;

/**
 * A growing byte array for writing one record, unsynchronized (unlike {@link
 * java.io.ByteArrayOutputStream}), that can take back what it wrote since a mark.
 */
final class ByteOut {

    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

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
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        room(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
    }

    /** Text of ASCII characters only. */
    void ascii(String text) {
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /** The text as a JSON string, quotes included. */
    void quoted(String text) {
        write('"');
        if (plain(text)) {
            ascii(text);
        } else {
            write(STRINGS.quoteAsUTF8(text));
        }
        write('"');
    }

    /** Whether the text is printable ASCII without a quote or backslash: itself in JSON. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
