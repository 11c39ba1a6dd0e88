package io.orderflow.schemas.json;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import io.orderflow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Named valid events and record origins shared by the codec tests. */
final class SampleEvents {

    static final String PLACED_AT_TEXT = "2026-11-26T10:15:30.123Z";
    static final long PLACED_AT = EventCodec.parseInstant(PLACED_AT_TEXT);
    static final long CANCELLED_AT = PLACED_AT + 400;
    static final long KAFKA_TIMESTAMP = PLACED_AT + 7;

    private SampleEvents() {}

    static OrderPlaced orderPlaced() {
        return new OrderPlaced(
                "e-o1-placed",
                PLACED_AT,
                "o1",
                "c-1",
                "EUR",
                Fulfilment.BACKORDER,
                List.of(new OrderLine("A", 2, 1999), new OrderLine("B", 1, 0)));
    }

    static OrderCancelled orderCancelled() {
        return new OrderCancelled("e-o1-cancel", CANCELLED_AT, "o1", "placed-twice");
    }

    static StockReceived stockReceived() {
        return new StockReceived("e-A-recv", PLACED_AT, "A", 5);
    }

    static StockCounted stockCounted() {
        return new StockCounted("e-A-count", PLACED_AT, "A", 0);
    }

    static OrderConfirmed orderConfirmed() {
        return new OrderConfirmed(
                OrderConfirmed.eventIdFor("o1"),
                PLACED_AT,
                "o1",
                "c-1",
                "EUR",
                List.of(new OrderLine("A", 2, 1999)),
                3998,
                true,
                "e-o1-placed");
    }

    static RefundIssued refundIssued() {
        return new RefundIssued(
                RefundIssued.eventIdFor("o1", RefundReason.OUT_OF_STOCK),
                PLACED_AT,
                "o1",
                "c-1",
                "EUR",
                RefundReason.OUT_OF_STOCK,
                List.of(new OrderLine("B", 1, 0)),
                0,
                "e-o1-placed");
    }

    static OrderStatus orderStatus() {
        return new OrderStatus(
                OrderStatus.eventIdFor("o1", 2),
                PLACED_AT,
                "o1",
                "c-1",
                "EUR",
                2,
                OrderStatus.Status.CANCELLED,
                0,
                4018,
                List.of(
                        OrderStatus.Line.of(
                                new OrderLine("A", 2, 1999),
                                OrderStatus.LineState.RELEASED,
                                PLACED_AT - 100),
                        OrderStatus.Line.of(
                                new OrderLine("B", 1, 20),
                                OrderStatus.LineState.REJECTED,
                                OrderStatus.Line.NOT_RESERVED)));
    }

    static DeadLetter deadLetter() {
        return DeadLetter.of(
                DeadLetterReason.SCHEMA_VIOLATION,
                "currency must be three capital letters [A-Z]{3} (ISO 4217), was \"eur\"",
                origin(InputKind.ORDERS, "o1", "{\"type\":\"OrderPlaced\",\"currency\":\"eur\"}"));
    }

    static DeadLetter binaryDeadLetter() {
        return DeadLetter.of(
                DeadLetterReason.MALFORMED_JSON,
                "value is not valid UTF-8",
                origin(InputKind.INVENTORY, null, new byte[] {(byte) 0xFF, 0x7B}));
    }

    static DeadLetter tombstoneDeadLetter() {
        return DeadLetter.of(
                DeadLetterReason.MALFORMED_JSON,
                "value is null (a tombstone), not a JSON object",
                origin(InputKind.ORDERS, "o1", (byte[]) null));
    }

    static RecordOrigin origin(InputKind kind, String key, String value) {
        return origin(kind, key, utf8(value));
    }

    static RecordOrigin origin(InputKind kind, String key, byte[] value) {
        return new RecordOrigin(topic(kind), 3, 42L, KAFKA_TIMESTAMP, key, value);
    }

    static String topic(InputKind kind) {
        return kind == InputKind.ORDERS ? Topics.ORDERS.name() : Topics.INVENTORY.name();
    }

    static InputKind kindOfTopic(String topic) {
        if (topic.equals(Topics.ORDERS.name())) {
            return InputKind.ORDERS;
        }
        if (topic.equals(Topics.INVENTORY.name())) {
            return InputKind.INVENTORY;
        }
        throw new IllegalArgumentException("not an input topic: " + topic);
    }

    /** SHA-256 in lower-case hex, written out here rather than taken from the code under test. */
    static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : java.security.MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b & 0xFF));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
