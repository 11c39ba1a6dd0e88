package io.orderflow.verifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Dead letters as CONTRACT.md section 4 describes them, built in tests from their input record. */
final class DeadLetters {

    private DeadLetters() {}

    /** The DeadLetter of {@code input}, holding at most {@code valueBytes} of its value. */
    static ObjectNode of(KafkaRecord input, String reason, int valueBytes) {
        ObjectNode letter = ContractExample.JSON.createObjectNode();
        letter.put("eventId", input.coordinates());
        letter.put("type", "DeadLetter");
        letter.put("occurredAt", Instants.format(input.timestamp()));
        letter.put("reason", reason);
        letter.put("detail", "example");
        letter.putObject("source")
                .put("topic", input.topic())
                .put("partition", input.partition())
                .put("offset", input.offset())
                .put("timestamp", input.timestamp());
        String key = DeadLetterEvidence.cutKey(input.key());
        letter.put("key", key);
        letter.put("keyTruncated", key != null && !key.equals(input.key()));
        byte[] value = input.value();
        if (value == null) {
            letter.putNull("value");
            letter.put("valueTruncated", false);
            letter.put("valueBytes", 0);
            letter.putNull("valueSha256");
            return letter;
        }
        boolean cut = value.length > valueBytes;
        byte[] held = cut ? Arrays.copyOf(value, valueBytes) : value;
        String text = utf8(value);
        if (text != null) {
            letter.put("value", wholeCharacters(text, valueBytes));
        } else {
            letter.put("valueBase64", Base64.getEncoder().encodeToString(held));
        }
        letter.put("valueTruncated", cut);
        letter.put("valueBytes", value.length);
        letter.put("valueSha256", DeadLetterEvidence.sha256Hex(value));
        return letter;
    }

    /** The longest prefix of {@code text} of whole characters within {@code bytes} UTF-8 bytes. */
    private static String wholeCharacters(String text, int bytes) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            used +=
                    new String(Character.toChars(codePoint))
                            .getBytes(StandardCharsets.UTF_8)
                            .length;
            if (used > bytes) {
                break;
            }
            i += Character.charCount(codePoint);
        }
        return text.substring(0, i);
    }

    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
