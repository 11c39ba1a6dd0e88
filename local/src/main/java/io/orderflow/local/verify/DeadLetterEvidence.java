package io.orderflow.local.verify;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterLimits;
import io.orderflow.schemas.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What ties a dead letter to its input record (CONTRACT.md section 4): the key cut to 1 KiB, and the
 * whole original value's length and SHA-256, which a dead letter carries even when its value is cut.
 */
record DeadLetterEvidence(String key, int valueBytes, String valueSha256) {

    /** What the dead letter of {@code origin} must say. */
    static DeadLetterEvidence expected(RecordOrigin origin) {
        byte[] value = origin.value();
        return new DeadLetterEvidence(
                DeadLetterLimits.cutKey(origin.key()),
                value == null ? 0 : value.length,
                value == null ? null : DeadLetterLimits.sha256Hex(value));
    }

    /** What {@code letter} says. */
    static DeadLetterEvidence of(DeadLetter letter) {
        return new DeadLetterEvidence(letter.key(), letter.valueBytes(), letter.valueSha256());
    }

    /**
     * Why the value a dead letter holds does not agree with its own {@code valueBytes}, {@code
     * valueSha256} and {@code valueTruncated}, or null when it does: a whole value must hash to
     * valueSha256, a cut one must be shorter than the original, a tombstone has neither.
     */
    static String inconsistency(DeadLetter letter) {
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
            boolean tombstone = letter.valueBytes() == 0 && letter.valueSha256() == null && !letter.valueTruncated();
            return tombstone ? null : "has no value, but valueBytes, valueSha256 or valueTruncated describe one";
        }
        if (letter.valueTruncated()) {
            return held.length < letter.valueBytes() ? null
                    : "valueTruncated, but holds " + held.length + " of valueBytes " + letter.valueBytes() + " bytes";
        }
        if (held.length != letter.valueBytes()) {
            return "holds " + held.length + " bytes but valueBytes is " + letter.valueBytes() + " and valueTruncated false";
        }
        return DeadLetterLimits.sha256Hex(held).equals(letter.valueSha256()) ? null : "its whole value does not hash to valueSha256";
    }
}
