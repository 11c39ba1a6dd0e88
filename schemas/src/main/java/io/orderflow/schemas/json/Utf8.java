package io.orderflow.schemas.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF) without
 * decoding: Jackson checks only the strings it reads, and skips the rest. The order job's input and
 * the rivers job's rapids are checked here.
 */
public final class Utf8 {

    /** Eight bytes of the array as one long, to pass over ASCII eight bytes at a time. */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The high bit of each of eight bytes: none is set in ASCII. */
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    /** The index of the first byte that starts an invalid sequence, or -1 when all is valid. */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            while (i + Long.BYTES <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
            }
            if (i >= n) {
                break;
            }
            if (bytes[i] >= 0) {
                i++;
                continue;
            }
            int length = sequenceLength(bytes, i);
            if (length < 0) {
                return i;
            }
            i += length;
        }
        return -1;
    }

    /**
     * The length of the valid sequence (2 to 4 bytes) that starts with the non-ASCII byte at {@code
     * i}, or -1 when no valid sequence starts there.
     */
    public static int sequenceLength(byte[] bytes, int i) {
        int b = bytes[i] & 0xFF;
        int continuation;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            continuation = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            continuation = 2;
            if (b == 0xE0) {
                secondMin = 0xA0; // overlong below U+0800
            } else if (b == 0xED) {
                secondMax = 0x9F; // UTF-16 surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            continuation = 3;
            if (b == 0xF0) {
                secondMin = 0x90; // overlong below U+10000
            } else if (b == 0xF4) {
                secondMax = 0x8F; // above U+10FFFF
            }
        } else {
            return -1;
        }
        if (i + continuation >= bytes.length) {
            return -1;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            return -1;
        }
        for (int k = 2; k <= continuation; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return continuation + 1;
    }
}
