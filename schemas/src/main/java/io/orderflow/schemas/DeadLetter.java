package io.orderflow.schemas;

import io.orderflow.schemas.json.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * An input record that could not be applied, with the reason and the original value bounded as
 * {@link DeadLetterLimits} says. At most one of {@code value} (valid UTF-8) and {@code valueBase64}
 * is set, neither for a null value (a tombstone). {@code valueBytes} and {@code valueSha256}
 * describe the whole original (0 and null for a tombstone), so a cut value still matches its source
 * record.
 */
public record DeadLetter(
        String eventId,
        long occurredAt,
        DeadLetterReason reason,
        String detail,
        SourceRef source,
        String key,
        boolean keyTruncated,
        String value,
        String valueBase64,
        boolean valueTruncated,
        int valueBytes,
        String valueSha256) {

    public static final String TYPE = "DeadLetter";

    /** A dead letter with the default value bound, {@link DeadLetterLimits#DEFAULT_VALUE_BYTES}. */
    public static DeadLetter of(DeadLetterReason reason, String detail, RecordOrigin origin) {
        return of(reason, detail, origin, DeadLetterLimits.DEFAULT_VALUE_BYTES);
    }

    /** A dead letter holding at most {@code valueLimit} of the original value's first bytes. */
    public static DeadLetter of(
            DeadLetterReason reason, String detail, RecordOrigin origin, int valueLimit) {
        byte[] original = origin.value();
        String text = null;
        String base64 = null;
        boolean truncated = false;
        if (original != null) {
            truncated = original.length > valueLimit;
            if (isUtf8(original)) {
                text =
                        new String(
                                original,
                                0,
                                DeadLetterLimits.wholeCharacters(original, valueLimit),
                                StandardCharsets.UTF_8);
            } else {
                byte[] first = truncated ? Arrays.copyOf(original, valueLimit) : original;
                base64 = Base64.getEncoder().encodeToString(first);
            }
        }
        String key = DeadLetterLimits.cutKey(origin.key());
        return new DeadLetter(
                origin.topic() + "/" + origin.partition() + "/" + origin.offset(),
                origin.timestamp(),
                reason,
                DeadLetterLimits.cutDetail(detail),
                new SourceRef(
                        origin.topic(), origin.partition(), origin.offset(), origin.timestamp()),
                key,
                key != null && key.length() < origin.key().length(),
                text,
                base64,
                truncated,
                original == null ? 0 : original.length,
                original == null ? null : DeadLetterLimits.sha256Hex(original));
    }

    /** Strict UTF-8 decoding: null when the bytes are not valid UTF-8. */
    public static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** As {@link #utf8OrNull} says, without decoding (a property test holds them alike). */
    private static boolean isUtf8(byte[] bytes) {
        return Utf8.firstInvalid(bytes) < 0;
    }
}
