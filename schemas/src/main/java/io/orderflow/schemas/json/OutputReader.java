package io.orderflow.schemas.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import io.orderflow.schemas.SourceRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads output events back for tests and verifiers: a tree is simpler than streaming here, and
 * speed does not matter. Every problem is an IllegalArgumentException naming the field.
 */
final class OutputReader {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private final String type;

    private OutputReader(String type) {
        this.type = type;
    }

    static OrderConfirmed confirmation(byte[] value) {
        OutputReader in = new OutputReader(OrderConfirmed.TYPE);
        JsonNode node = in.object(value);
        return new OrderConfirmed(
                in.text(node, "", "eventId"),
                in.instant(node, "occurredAt"),
                in.text(node, "", "orderId"),
                in.text(node, "", "customerId"),
                in.text(node, "", "currency"),
                in.lines(node),
                in.integer(node, "", "amount"),
                in.bool(node, "backordered"),
                in.text(node, "", "causationId"));
    }

    static RefundIssued refund(byte[] value) {
        OutputReader in = new OutputReader(RefundIssued.TYPE);
        JsonNode node = in.object(value);
        return new RefundIssued(
                in.text(node, "", "eventId"),
                in.instant(node, "occurredAt"),
                in.text(node, "", "orderId"),
                in.text(node, "", "customerId"),
                in.text(node, "", "currency"),
                in.constant(RefundReason.class, node, "reason"),
                in.lines(node),
                in.integer(node, "", "amount"),
                in.text(node, "", "causationId"));
    }

    static OrderStatus status(byte[] value) {
        OutputReader in = new OutputReader(OrderStatus.TYPE);
        JsonNode node = in.object(value);
        return new OrderStatus(
                in.text(node, "", "eventId"),
                in.instant(node, "occurredAt"),
                in.text(node, "", "orderId"),
                in.text(node, "", "customerId"),
                in.text(node, "", "currency"),
                in.intIn(node, "seq", 1, Integer.MAX_VALUE),
                in.constant(OrderStatus.Status.class, node, "status"),
                in.integer(node, "", "confirmedAmount"),
                in.integer(node, "", "refundedAmount"),
                in.statusLines(node));
    }

    static DeadLetter deadLetter(byte[] value) {
        OutputReader in = new OutputReader(DeadLetter.TYPE);
        JsonNode node = in.object(value);
        JsonNode source = node.get("source");
        if (source == null || !source.isObject()) {
            throw in.bad("source must be an object {topic, partition, offset, timestamp}");
        }
        long partition = in.integer(source, "source.", "partition");
        if (partition != (int) partition) {
            throw in.bad("source.partition must fit in an int, was " + partition);
        }
        String text = in.optionalText(node, "value");
        String base64 = in.optionalText(node, "valueBase64");
        if (text != null && base64 != null) {
            throw in.bad("has both value and valueBase64; at most one is allowed");
        }
        return new DeadLetter(
                in.text(node, "", "eventId"),
                in.instant(node, "occurredAt"),
                in.constant(DeadLetterReason.class, node, "reason"),
                in.text(node, "", "detail"),
                new SourceRef(
                        in.text(source, "source.", "topic"),
                        (int) partition,
                        in.integer(source, "source.", "offset"),
                        in.integer(source, "source.", "timestamp")),
                in.optionalText(node, "key"),
                in.bool(node, "keyTruncated"),
                text,
                base64,
                in.bool(node, "valueTruncated"),
                in.intIn(node, "valueBytes", 0, Integer.MAX_VALUE),
                in.optionalText(node, "valueSha256"));
    }

    private JsonNode object(byte[] value) {
        if (value == null) {
            throw bad("value is null");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (JacksonException e) {
            throw bad("value is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad("value could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw bad("value is not a JSON object");
        }
        String actual = optionalText(node, "type");
        if (!type.equals(actual)) {
            throw bad("type must be " + type + ", was " + actual);
        }
        return node;
    }

    private List<OrderLine> lines(JsonNode node) {
        JsonNode lines = node.get("lines");
        if (lines == null || !lines.isArray()) {
            throw bad("lines must be an array, was " + lines);
        }
        List<OrderLine> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String path = "lines[" + i + "].";
            if (!line.isObject()) {
                throw bad("lines[" + i + "] must be an object, was " + line);
            }
            out.add(
                    new OrderLine(
                            text(line, path, "sku"),
                            integer(line, path, "quantity"),
                            integer(line, path, "unitPrice")));
        }
        return out;
    }

    private List<OrderStatus.Line> statusLines(JsonNode node) {
        List<OrderLine> lines = lines(node);
        List<OrderStatus.Line> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = node.get("lines").get(i);
            String path = "lines[" + i + "].";
            OrderStatus.LineState state =
                    constant(OrderStatus.LineState.class, line, path, "state");
            long reservedAt = OrderStatus.Line.NOT_RESERVED;
            if (line.hasNonNull("reservedAt")) {
                reservedAt = instant(line, path, "reservedAt");
            }
            out.add(OrderStatus.Line.of(lines.get(i), state, reservedAt));
        }
        return out;
    }

    private String text(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw bad(path + field + " must be a string, was " + value);
        }
        return value.textValue();
    }

    private String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw bad(field + " must be a string or null, was " + value);
        }
        return value.textValue();
    }

    private long integer(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw bad(path + field + " must be a 64-bit integer, was " + value);
        }
        return value.longValue();
    }

    private int intIn(JsonNode node, String field, int min, int max) {
        long value = integer(node, "", field);
        if (value < min || value > max) {
            throw bad(field + " must be an integer from " + min + " to " + max + ", was " + value);
        }
        return (int) value;
    }

    private boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw bad(field + " must be true or false, was " + value);
        }
        return value.booleanValue();
    }

    private long instant(JsonNode node, String field) {
        return instant(node, "", field);
    }

    private long instant(JsonNode node, String path, String field) {
        String text = text(node, path, field);
        long millis = Instants.parse(text);
        if (millis == Instants.BAD_FORMAT || millis == Instants.BAD_DATE) {
            throw bad(path + field + " must be an ISO-8601 UTC instant, was " + text);
        }
        return millis;
    }

    private <E extends Enum<E>> E constant(Class<E> enumType, JsonNode node, String field) {
        return constant(enumType, node, "", field);
    }

    private <E extends Enum<E>> E constant(
            Class<E> enumType, JsonNode node, String path, String field) {
        String text = text(node, path, field);
        for (E constant : enumType.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        throw bad(
                path
                        + field
                        + " must be one of "
                        + Arrays.toString(enumType.getEnumConstants())
                        + ", was "
                        + text);
    }

    private IllegalArgumentException bad(String problem) {
        return new IllegalArgumentException("not a valid " + type + ": " + problem);
    }
}
