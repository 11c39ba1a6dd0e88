package io.orderflow.schemas.json;

import static io.orderflow.schemas.json.FieldRules.currency;
import static io.orderflow.schemas.json.FieldRules.fulfilment;
import static io.orderflow.schemas.json.FieldRules.hasUnpairedSurrogate;
import static io.orderflow.schemas.json.FieldRules.instant;
import static io.orderflow.schemas.json.FieldRules.integer;
import static io.orderflow.schemas.json.FieldRules.present;
import static io.orderflow.schemas.json.FieldRules.text;
import static io.orderflow.schemas.json.Rejection.violation;
import static io.orderflow.schemas.json.RejectionDetails.describe;
import static io.orderflow.schemas.json.RejectionDetails.quote;

import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import io.orderflow.schemas.Topics;
import io.orderflow.schemas.json.InputFields.RawLine;
import io.orderflow.schemas.json.InputFields.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The input events built from the fields read: the type the topic accepts, each event's fields by
 * the contract's rules and limits, an order's lines, and the Kafka key matching the event's id.
 */
final class InputEvents {

    static final int MAX_ID_CHARS = 128;
    static final int MAX_SKU_CHARS = 64;
    static final int MAX_LINES = 100;
    static final long MAX_LINE_QUANTITY = 1_000_000L;
    static final long MAX_UNIT_PRICE = 1_000_000_000_000L;
    static final long MAX_RECEIVED_QUANTITY = 1_000_000_000L;
    static final long MAX_AVAILABLE = 1_000_000_000_000L;

    private InputEvents() {}

    static String typeOf(InputFields fields, InputKind kind, String topic) throws Rejection {
        Value type = fields.type;
        if (type == null) {
            throw violation("type is missing; it must be a string naming the event type");
        }
        if (type.token != JsonToken.VALUE_STRING) {
            throw violation("type must be a string naming the event type, was " + describe(type));
        }
        Topics.Topic accepted = kind == InputKind.ORDERS ? Topics.ORDERS : Topics.INVENTORY;
        String name = type.text;
        if (accepted.valueTypes().contains(name)) {
            return name;
        }
        boolean known =
                Topics.ORDER_PROCESSING.stream().anyMatch(t -> t.valueTypes().contains(name));
        String takes = ", which takes " + String.join(" and ", accepted.valueTypes());
        throw new Rejection(
                DeadLetterReason.UNKNOWN_TYPE,
                "type "
                        + describe(type)
                        + (known ? " does not belong on topic " : " is not an event type of topic ")
                        + topic
                        + takes);
    }

    static OrderPlaced orderPlaced(InputFields f) throws Rejection {
        String eventId = text(f.eventId, "eventId", MAX_ID_CHARS);
        long occurredAt = instant(f.occurredAt);
        String orderId = text(f.orderId, "orderId", MAX_ID_CHARS);
        String customerId = text(f.customerId, "customerId", MAX_ID_CHARS);
        String currency = currency(f.currency);
        Fulfilment fulfilment = fulfilment(f.fulfilment);
        List<OrderLine> lines = lines(f);
        return new OrderPlaced(
                eventId, occurredAt, orderId, customerId, currency, fulfilment, lines);
    }

    static OrderCancelled orderCancelled(InputFields f) throws Rejection {
        String eventId = text(f.eventId, "eventId", MAX_ID_CHARS);
        long occurredAt = instant(f.occurredAt);
        String orderId = text(f.orderId, "orderId", MAX_ID_CHARS);
        String reason = null;
        if (present(f.reason)) {
            if (f.reason.token != JsonToken.VALUE_STRING) {
                throw violation("reason must be a string when given, was " + describe(f.reason));
            }
            reason = f.reason.text;
            if (hasUnpairedSurrogate(reason)) {
                throw violation(
                        "reason must be valid Unicode text, was a string with an unpaired"
                                + " surrogate");
            }
        }
        return new OrderCancelled(eventId, occurredAt, orderId, reason);
    }

    static StockReceived stockReceived(InputFields f) throws Rejection {
        String eventId = text(f.eventId, "eventId", MAX_ID_CHARS);
        long occurredAt = instant(f.occurredAt);
        String sku = text(f.sku, "sku", MAX_SKU_CHARS);
        long quantity = integer(f.quantity, "quantity", 1, MAX_RECEIVED_QUANTITY);
        return new StockReceived(eventId, occurredAt, sku, quantity);
    }

    static StockCounted stockCounted(InputFields f) throws Rejection {
        String eventId = text(f.eventId, "eventId", MAX_ID_CHARS);
        long occurredAt = instant(f.occurredAt);
        String sku = text(f.sku, "sku", MAX_SKU_CHARS);
        long available = integer(f.available, "available", 0, MAX_AVAILABLE);
        return new StockCounted(eventId, occurredAt, sku, available);
    }

    private static List<OrderLine> lines(InputFields f) throws Rejection {
        if (f.lines != Value.ARRAY
                || f.lineList == null
                || f.lineCount < 1
                || f.lineCount > MAX_LINES) {
            String rule = "an array of 1 to " + MAX_LINES + " line objects";
            if (f.lines == null) {
                throw violation("lines is missing; it must be " + rule);
            }
            if (f.lines != Value.ARRAY || f.lineList == null) {
                throw violation("lines must be " + rule + ", was " + describe(f.lines));
            }
            throw violation("lines must be " + rule + ", had " + f.lineCount);
        }
        // ArrayList, not List.of: Flink's list serializers (and Kryo, if it ever gets one) copy it.
        List<OrderLine> lines = new ArrayList<>(f.lineCount);
        long total = 0;
        for (int i = 0; i < f.lineCount; i++) {
            RawLine raw = f.lineList.get(i);
            if (raw.notAnObject != null) {
                throw violation(
                        "lines["
                                + i
                                + "] must be an object {sku, quantity, unitPrice}, was "
                                + describe(raw.notAnObject));
            }
            String sku = text(raw.sku, i, "sku", MAX_SKU_CHARS);
            long quantity = integer(raw.quantity, i, "quantity", 1, MAX_LINE_QUANTITY);
            long unitPrice = integer(raw.unitPrice, i, "unitPrice", 0, MAX_UNIT_PRICE);
            for (int k = 0; k < i; k++) {
                if (lines.get(k).sku().equals(sku)) {
                    throw violation(
                            "lines["
                                    + i
                                    + "].sku must not repeat a sku of the same order, was "
                                    + quote(sku)
                                    + " as in lines["
                                    + k
                                    + "]");
                }
            }
            try {
                total = Math.addExact(total, Math.multiplyExact(quantity, unitPrice));
            } catch (ArithmeticException overflow) {
                throw violation(
                        "lines total (sum of quantity*unitPrice) must fit in a signed"
                                + " 64-bit integer, and overflows at lines["
                                + i
                                + "]");
            }
            lines.add(new OrderLine(sku, quantity, unitPrice));
        }
        return lines;
    }

    static void checkKey(RecordOrigin origin, String field, String value) throws Rejection {
        String key = origin.key();
        if (key != null && !key.equals(value)) {
            throw new Rejection(
                    DeadLetterReason.KEY_MISMATCH,
                    field
                            + " "
                            + quote(value)
                            + " differs from the Kafka key "
                            + quote(key)
                            + "; records on this topic must be keyed by "
                            + field);
        }
    }
}
