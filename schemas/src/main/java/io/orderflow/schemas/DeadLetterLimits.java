package io.orderflow.schemas;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How much of an input record a dead letter carries (CONTRACT.md section 4, DeadLetter): the
 * value's first bytes, the key's first {@value #KEY_BYTES} bytes of whole characters and a detail
 * of at most {@value #DETAIL_JSON_BYTES} encoded bytes, so that a dead letter of any input has a
 * size bound.
 */
public final class DeadLetterLimits {

    /** The default of {@code --dead-letter-value-bytes}. */
    public static final int DEFAULT_VALUE_BYTES = 64 * 1024;

    /** The key, in the dead letter and as its Kafka key, is cut to this many UTF-8 bytes. */
    public static final int KEY_BYTES = 1024;

    /**
     * A detail is cut (ending in "...") so that its JSON text stays within this many bytes: a
     * sentence that echoes input (a key, a type) must not make the dead letter unbounded.
     */
    public static final int DETAIL_JSON_BYTES = 384;

    /**
     * No character takes more JSON bytes than this: a control character or a lone surrogate, as
     * \\uXXXX.
     */
    public static final int MAX_JSON_BYTES_PER_CHAR = 6;

    private static final String CUT_MARK = "...";
    private static final HexFormat HEX = HexFormat.of();

    /**
     * One digest per thread: {@code MessageDigest.getInstance} looks the algorithm up among the
     * security providers, which a profile of the rivers job put above the hashing itself.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 =
            ThreadLocal.withInitial(DeadLetterLimits::newSha256);

    private DeadLetterLimits() {}

    /**
     * The most bytes Jackson writes for {@code c} inside a JSON string (an upper bound: short
     * escapes such as \n take 2, a surrogate pair may take 4 instead of 12).
     */
    public static int jsonBytes(char c) {
        if (c < 0x20 || Character.isSurrogate(c)) {
            return MAX_JSON_BYTES_PER_CHAR;
        }
        if (c == '"' || c == '\\') {
            return 2;
        }
        if (c < 0x80) {
            return 1;
        }
        return c < 0x800 ? 2 : 3;
    }

    /** An upper bound of {@code text}'s bytes as a JSON string, without the quotes. */
    private static long jsonBytes(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            bytes += jsonBytes(text.charAt(i));
        }
        return bytes;
    }

    /**
     * {@code key} cut to its first {@value #KEY_BYTES} UTF-8 bytes of whole characters; null stays
     * null.
     */
    public static String cutKey(String key) {
        if (key == null) {
            return null;
        }
        int bytes = 0;
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes > KEY_BYTES) {
                return key.substring(0, i);
            }
            i += Character.charCount(cp);
        }
        return key;
    }

    /**
     * {@code detail} cut to {@value #DETAIL_JSON_BYTES} JSON bytes at a whole character, ending in
     * "...".
     */
    public static String cutDetail(String detail) {
        if (detail == null || jsonBytes(detail) <= DETAIL_JSON_BYTES) {
            return detail;
        }
        int budget = DETAIL_JSON_BYTES - CUT_MARK.length();
        int end = 0;
        while (end < detail.length()) {
            char c = detail.charAt(end);
            int width =
                    Character.isHighSurrogate(c)
                                    && end + 1 < detail.length()
                                    && Character.isLowSurrogate(detail.charAt(end + 1))
                            ? 2
                            : 1;
            int cost = jsonBytes(c) * width;
            if (cost > budget) {
                break;
            }
            budget -= cost;
            end += width;
        }
        return detail.substring(0, end) + CUT_MARK;
    }

    /**
     * The length of {@code value}'s first bytes, at most {@code limit}, cut back to the start of a
     * character: {@code value} must be valid UTF-8.
     */
    public static int wholeCharacters(byte[] value, int limit) {
        if (value.length <= limit) {
            return value.length;
        }
        int end = limit;
        // 10xxxxxx continues a character; the character it belongs to starts before end.
        while (end > 0 && (value[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        // digest() resets the digest for the thread's next value.
        return HEX.formatHex(SHA_256.get().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
