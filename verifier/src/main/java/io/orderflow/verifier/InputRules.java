package io.orderflow.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The contract's validation of input records (sections 2, 3 and 5), written from the contract: a
 * record is TOO_LARGE, MALFORMED_JSON, SCHEMA_VIOLATION, UNKNOWN_TYPE or KEY_MISMATCH, or one of
 * the four input events. Where the contract names no precedence between two broken rules, the order
 * is the one a reader must follow anyway: size, then JSON, then {@code type}, then fields, and the
 * key last (it is compared with a field that must first be valid).
 */
final class InputRules {

    static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;

    private static final int MAX_ID_CHARS = 128;
    private static final int MAX_SKU_CHARS = 64;
    private static final int MAX_LINES = 100;
    private static final long MAX_LINE_QUANTITY = 1_000_000L;
    private static final long MAX_UNIT_PRICE = 1_000_000_000_000L;
    private static final long MAX_RECEIVED = 1_000_000_000L;
    private static final long MAX_AVAILABLE = 1_000_000_000_000L;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final int maxRecordBytes;

    InputRules(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    InputEvent read(InputTopic topic, KafkaRecord record) {
        byte[] value = record.value();
        if (value != null && value.length > maxRecordBytes) {
            return new InputEvent.Rejected(
                    DeadLetterReason.TOO_LARGE,
                    "value is " + value.length + " bytes, more than " + maxRecordBytes);
        }
        JsonNode node;
        try {
            node = StrictJson.object(value);
        } catch (IllegalArgumentException e) {
            return new InputEvent.Rejected(DeadLetterReason.MALFORMED_JSON, e.getMessage());
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return violation("type must be a string naming the event type");
        }
        if (!topic.types().contains(type.textValue())) {
            return new InputEvent.Rejected(
                    DeadLetterReason.UNKNOWN_TYPE,
                    "type " + type.textValue() + " is not an event of " + topic);
        }
        InputEvent event;
        try {
            event = event(type.textValue(), node);
        } catch (Broken e) {
            return violation(e.getMessage());
        }
        String key = record.key();
        String keyed = keyedBy(event);
        if (key != null && !key.equals(keyed)) {
            return new InputEvent.Rejected(
                    DeadLetterReason.KEY_MISMATCH,
                    topic.keyField() + " " + keyed + " differs from the Kafka key " + key);
        }
        return event;
    }

    private static InputEvent event(String type, JsonNode node) throws Broken {
        String eventId = text(node, "eventId", MAX_ID_CHARS);
        long occurredAt = occurredAt(node);
        switch (type) {
            case "OrderPlaced":
                return placed(eventId, occurredAt, node);
            case "OrderCancelled":
                String orderId = text(node, "orderId", MAX_ID_CHARS);
                JsonNode reason = node.get("reason");
                if (present(reason) && !(reason.isTextual() && wholeText(reason.textValue()))) {
                    throw new Broken("reason must be a string when given");
                }
                return new InputEvent.Cancelled(eventId, occurredAt, orderId);
            case "StockReceived":
                return new InputEvent.Stock(
                        eventId,
                        occurredAt,
                        text(node, "sku", MAX_SKU_CHARS),
                        false,
                        integer(node, "quantity", 1, MAX_RECEIVED));
            case "StockCounted":
                return new InputEvent.Stock(
                        eventId,
                        occurredAt,
                        text(node, "sku", MAX_SKU_CHARS),
                        true,
                        integer(node, "available", 0, MAX_AVAILABLE));
            default:
                throw new IllegalStateException("the topic's types were checked: " + type);
        }
    }

    private static InputEvent.Placed placed(String eventId, long occurredAt, JsonNode node)
            throws Broken {
        String orderId = text(node, "orderId", MAX_ID_CHARS);
        String customerId = text(node, "customerId", MAX_ID_CHARS);
        JsonNode currency = node.get("currency");
        if (currency == null
                || !currency.isTextual()
                || !CURRENCY.matcher(currency.textValue()).matches()) {
            throw new Broken("currency must be three capital letters [A-Z]{3}");
        }
        Fulfilment fulfilment = null;
        JsonNode given = node.get("fulfilment");
        if (present(given)) {
            if (!given.isTextual()
                    || !(given.textValue().equals("PARTIAL")
                            || given.textValue().equals("BACKORDER"))) {
                throw new Broken("fulfilment must be PARTIAL or BACKORDER when given");
            }
            fulfilment = Fulfilment.valueOf(given.textValue());
        }
        JsonNode lines = node.get("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new Broken("lines must be an array of 1 to " + MAX_LINES + " line objects");
        }
        List<Line> read = new ArrayList<>(lines.size());
        long total = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String at = "lines[" + i + "].";
            if (!line.isObject()) {
                throw new Broken("lines[" + i + "] must be an object {sku, quantity, unitPrice}");
            }
            String sku = text(line, at, "sku", MAX_SKU_CHARS);
            long quantity = integer(line, at, "quantity", 1, MAX_LINE_QUANTITY);
            long unitPrice = integer(line, at, "unitPrice", 0, MAX_UNIT_PRICE);
            for (Line earlier : read) {
                if (earlier.sku().equals(sku)) {
                    throw new Broken(at + "sku repeats a sku of the same order");
                }
            }
            try {
                total = Math.addExact(total, Math.multiplyExact(quantity, unitPrice));
            } catch (ArithmeticException e) {
                throw new Broken("the order total must fit in a signed 64-bit integer");
            }
            read.add(new Line(sku, quantity, unitPrice));
        }
        return new InputEvent.Placed(
                eventId,
                occurredAt,
                orderId,
                customerId,
                currency.textValue(),
                fulfilment,
                List.copyOf(read),
                total);
    }

    private static String keyedBy(InputEvent event) {
        if (event instanceof InputEvent.Placed placed) {
            return placed.orderId();
        }
        if (event instanceof InputEvent.Cancelled cancelled) {
            return cancelled.orderId();
        }
        return ((InputEvent.Stock) event).sku();
    }

    private static long occurredAt(JsonNode node) throws Broken {
        JsonNode value = node.get("occurredAt");
        if (value == null || !value.isTextual()) {
            throw new Broken("occurredAt must be an ISO-8601 UTC instant");
        }
        long millis;
        try {
            millis = Instants.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            throw new Broken("occurredAt is " + e.getMessage());
        }
        if (millis < Instants.EARLIEST || millis > Instants.LATEST) {
            throw new Broken("occurredAt must lie between 1970 and 9999");
        }
        return millis;
    }

    private static String text(JsonNode node, String field, int maxChars) throws Broken {
        return text(node, "", field, maxChars);
    }

    /** A string of 1 to maxChars characters (Unicode code points, no unpaired surrogate). */
    private static String text(JsonNode node, String path, String field, int maxChars)
            throws Broken {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual() && wholeText(value.textValue())) {
            int chars = value.textValue().codePointCount(0, value.textValue().length());
            if (chars >= 1 && chars <= maxChars) {
                return value.textValue();
            }
        }
        throw new Broken(path + field + " must be a string of 1 to " + maxChars + " characters");
    }

    private static long integer(JsonNode node, String field, long min, long max) throws Broken {
        return integer(node, "", field, min, max);
    }

    /**
     * An integer written as one ({@code 2.0} and {@code 2e0} are not: no floating point anywhere).
     */
    private static long integer(JsonNode node, String path, String field, long min, long max)
            throws Broken {
        JsonNode value = node.get(field);
        if (value != null
                && value.isIntegralNumber()
                && value.canConvertToLong()
                && value.longValue() >= min
                && value.longValue() <= max) {
            return value.longValue();
        }
        throw new Broken(path + field + " must be an integer from " + min + " to " + max);
    }

    /** Present and not null: optional fields given as null count as absent. */
    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    /** Text of whole characters: a lone surrogate escape ({@code \ud800}) is no character. */
    private static boolean wholeText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static InputEvent.Rejected violation(String detail) {
        return new InputEvent.Rejected(DeadLetterReason.SCHEMA_VIOLATION, detail);
    }

    /** A rule of section 3 the record breaks; the message names the field and the rule. */
    private static final class Broken extends Exception {
        private static final long serialVersionUID = 1L;

        Broken(String message) {
            super(message, null, false, false);
        }
    }
}
