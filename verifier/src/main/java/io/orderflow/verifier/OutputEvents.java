package io.orderflow.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the job's output events (CONTRACT.md section 4) from their JSON. Fields the contract does
 * not name are ignored; a missing or mistyped field it names makes the record unreadable, an
 * IllegalArgumentException naming the field.
 */
final class OutputEvents {

    /** An OrderConfirmed ({@code refundReason} null) or a RefundIssued. */
    record Decision(
            String eventId,
            long occurredAt,
            boolean occurredAtInOutputForm,
            String orderId,
            String customerId,
            String currency,
            RefundReason refundReason,
            List<Line> lines,
            long amount,
            boolean backordered,
            String causationId) {

        /** How reports name it: {@code OrderConfirmed}, {@code OUT_OF_STOCK refund}, ... */
        String what() {
            return refundReason == null ? "OrderConfirmed" : refundReason + " refund";
        }
    }

    /** A DeadLetter as written; {@code value} or {@code valueBase64} or neither. */
    record WrittenDeadLetter(
            String eventId,
            long occurredAt,
            boolean occurredAtInOutputForm,
            DeadLetterReason reason,
            String sourceTopic,
            long sourcePartition,
            long sourceOffset,
            long sourceTimestamp,
            String key,
            String value,
            String valueBase64,
            boolean valueTruncated,
            long valueBytes,
            String valueSha256) {}

    /**
     * An OrderStatus (section 7); {@code status} and line states as written, checked by {@link
     * StatusCheck}.
     */
    record Status(
            String eventId,
            long occurredAt,
            boolean occurredAtInOutputForm,
            String orderId,
            String customerId,
            String currency,
            long seq,
            String status,
            long confirmedAmount,
            long refundedAmount,
            List<StatusLine> lines) {}

    /** One line of a status; {@code reservedAt} null when the record has none. */
    record StatusLine(String sku, long quantity, long unitPrice, String state, Long reservedAt) {}

    private OutputEvents() {}

    static Status status(byte[] value) {
        JsonNode node = object(value, "OrderStatus");
        List<Line> plain = lines(node);
        List<StatusLine> lines = new ArrayList<>(plain.size());
        for (int i = 0; i < plain.size(); i++) {
            JsonNode line = node.get("lines").get(i);
            Line l = plain.get(i);
            Long reservedAt = line.hasNonNull("reservedAt") ? instant(line, "reservedAt") : null;
            lines.add(
                    new StatusLine(
                            l.sku(), l.quantity(), l.unitPrice(), text(line, "state"), reservedAt));
        }
        return new Status(
                text(node, "eventId"),
                instant(node),
                Instants.isOutputForm(text(node, "occurredAt")),
                text(node, "orderId"),
                text(node, "customerId"),
                text(node, "currency"),
                integer(node, "seq"),
                text(node, "status"),
                integer(node, "confirmedAmount"),
                integer(node, "refundedAmount"),
                lines);
    }

    static Decision confirmation(byte[] value) {
        JsonNode node = object(value, "OrderConfirmed");
        return new Decision(
                text(node, "eventId"),
                instant(node),
                Instants.isOutputForm(text(node, "occurredAt")),
                text(node, "orderId"),
                text(node, "customerId"),
                text(node, "currency"),
                null,
                lines(node),
                integer(node, "amount"),
                bool(node, "backordered"),
                text(node, "causationId"));
    }

    static Decision refund(byte[] value) {
        JsonNode node = object(value, "RefundIssued");
        return new Decision(
                text(node, "eventId"),
                instant(node),
                Instants.isOutputForm(text(node, "occurredAt")),
                text(node, "orderId"),
                text(node, "customerId"),
                text(node, "currency"),
                constant(RefundReason.class, node, "reason"),
                lines(node),
                integer(node, "amount"),
                false,
                text(node, "causationId"));
    }

    static WrittenDeadLetter deadLetter(byte[] value) {
        JsonNode node = object(value, "DeadLetter");
        JsonNode source = node.get("source");
        if (source == null || !source.isObject()) {
            throw new IllegalArgumentException(
                    "source must be an object {topic, partition, offset, timestamp}");
        }
        String text = optionalText(node, "value");
        String base64 = optionalText(node, "valueBase64");
        if (text != null && base64 != null) {
            throw new IllegalArgumentException("has both value and valueBase64");
        }
        return new WrittenDeadLetter(
                text(node, "eventId"),
                instant(node),
                Instants.isOutputForm(text(node, "occurredAt")),
                constant(DeadLetterReason.class, node, "reason"),
                text(source, "topic"),
                integer(source, "partition"),
                integer(source, "offset"),
                integer(source, "timestamp"),
                optionalText(node, "key"),
                text,
                base64,
                bool(node, "valueTruncated"),
                integer(node, "valueBytes"),
                optionalText(node, "valueSha256"));
    }

    private static JsonNode object(byte[] value, String type) {
        JsonNode node = StrictJson.object(value);
        JsonNode actual = node.get("type");
        if (actual == null || !type.equals(actual.asText())) {
            throw new IllegalArgumentException("type must be " + type + ", was " + actual);
        }
        return node;
    }

    private static List<Line> lines(JsonNode node) {
        JsonNode lines = node.get("lines");
        if (lines == null || !lines.isArray()) {
            throw new IllegalArgumentException("lines must be an array");
        }
        List<Line> out = new ArrayList<>(lines.size());
        for (JsonNode line : lines) {
            if (!line.isObject()) {
                throw new IllegalArgumentException("every line must be an object");
            }
            out.add(
                    new Line(
                            text(line, "sku"),
                            integer(line, "quantity"),
                            integer(line, "unitPrice")));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, was " + value);
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string or null, was " + value);
        }
        return value.textValue();
    }

    private static long integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a 64-bit integer, was " + value);
        }
        return value.longValue();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false, was " + value);
        }
        return value.booleanValue();
    }

    private static long instant(JsonNode node) {
        return instant(node, "occurredAt");
    }

    private static long instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return Instants.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " " + text + " is " + e.getMessage());
        }
    }

    private static <E extends Enum<E>> E constant(Class<E> type, JsonNode node, String field) {
        String text = text(node, field);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(
                field + " " + text + " is not a " + type.getSimpleName());
    }
}
