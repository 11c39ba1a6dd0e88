package io.orderflow.verifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What ties a dead letter to its input record (CONTRACT.md section 4): the key cut to its first 1
 * KiB of whole characters, and the whole original value's length and SHA-256, which a dead letter
 * carries even when its value is cut.
 */
record DeadLetterEvidence(String key, long valueBytes, String valueSha256) {

    /** The key, in the dead letter and as its Kafka key, is cut to this many UTF-8 bytes. */
    static final int KEY_BYTES = 1024;

    /** What the dead letter of {@code record} must say. */
    static DeadLetterEvidence expected(KafkaRecord record) {
        byte[] value = record.value();
        return new DeadLetterEvidence(
                cutKey(record.key()),
                value == null ? 0 : value.length,
                value == null ? null : sha256Hex(value));
    }

    /** What {@code letter} says. */
    static DeadLetterEvidence of(OutputEvents.WrittenDeadLetter letter) {
        return new DeadLetterEvidence(letter.key(), letter.valueBytes(), letter.valueSha256());
    }

    /**
     * Why the value a dead letter holds does not agree with its own {@code valueBytes}, {@code
     * valueSha256} and {@code valueTruncated}, or null when it does: a whole value must hash to
     * valueSha256, a cut one must be shorter than the original, a tombstone has neither.
     */
    static String inconsistency(OutputEvents.WrittenDeadLetter letter) {
        byte[] held;
        if (letter.value() != null) {
            held = letter.value().getBytes(StandardCharsets.UTF_8);
        } else if (letter.valueBase64() != null) {
            try {
                held = Base64.getDecoder().decode(letter.valueBase64());
            } catch (IllegalArgumentException e) {
                return "valueBase64 is not base64";
            }
        } else {
            boolean tombstone =
                    letter.valueBytes() == 0
                            && letter.valueSha256() == null
                            && !letter.valueTruncated();
            return tombstone
                    ? null
                    : "has no value, but valueBytes, valueSha256 or valueTruncated describe one";
        }
        if (letter.valueTruncated()) {
            return held.length < letter.valueBytes()
                    ? null
                    : "valueTruncated, but holds "
                            + held.length
                            + " of valueBytes "
                            + letter.valueBytes()
                            + " bytes";
        }
        if (held.length != letter.valueBytes()) {
            return "holds "
                    + held.length
                    + " bytes but valueBytes is "
                    + letter.valueBytes()
                    + " and valueTruncated false";
        }
        return sha256Hex(held).equals(letter.valueSha256())
                ? null
                : "its whole value does not hash to valueSha256";
    }

    /** {@code key} cut to its first {@value #KEY_BYTES} UTF-8 bytes of whole characters. */
    static String cutKey(String key) {
        if (key == null) {
            return null;
        }
        int bytes = 0;
        int i = 0;
        while (i < key.length()) {
            int codePoint = key.codePointAt(i);
            bytes +=
                    new String(Character.toChars(codePoint))
                            .getBytes(StandardCharsets.UTF_8)
                            .length;
            if (bytes > KEY_BYTES) {
                return key.substring(0, i);
            }
            i += Character.charCount(codePoint);
        }
        return key;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
