package io.orderflow.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An input record that could not be applied, with the reason and the original bytes. Exactly one of
 * {@code value} (valid UTF-8) and {@code valueBase64} is set, or neither for a null value.
 */
public record DeadLetter(
        String eventId,
        long occurredAt,
        DeadLetterReason reason,
        String detail,
        SourceRef source,
        String key,
        String value,
        String valueBase64) {

    public static final String TYPE = "DeadLetter";

    public static DeadLetter of(DeadLetterReason reason, String detail, RecordOrigin origin) {
        String text = null;
        String base64 = null;
        if (origin.value() != null) {
            text = utf8OrNull(origin.value());
            if (text == null) {
                base64 = Base64.getEncoder().encodeToString(origin.value());
            }
        }
        return new DeadLetter(
                origin.topic() + "/" + origin.partition() + "/" + origin.offset(),
                origin.timestamp(),
                reason,
                detail,
                new SourceRef(origin.topic(), origin.partition(), origin.offset(), origin.timestamp()),
                origin.key(),
                text,
                base64);
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
}
