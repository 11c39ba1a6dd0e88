package io.orderflow.schemas;

/**
 * One record read from an input topic, decoded: exactly one of the event fields or {@code
 * deadLetter} is set. A flat record rather than a sealed interface: between operators it travels
 * with its own serializer (functions' {@code wire} package), never Kryo. {@code origin} is kept
 * only for {@code OrderPlaced}: whether it conflicts with an earlier order is known only
 * downstream, and its dead letter must carry the original bytes.
 */
public record InputRecord(
        OrderPlaced orderPlaced,
        OrderCancelled orderCancelled,
        StockReceived stockReceived,
        StockCounted stockCounted,
        DeadLetter deadLetter,
        RecordOrigin origin) {

    public static InputRecord of(OrderPlaced event, RecordOrigin origin) {
        return new InputRecord(event, null, null, null, null, origin);
    }

    public static InputRecord of(OrderCancelled event) {
        return new InputRecord(null, event, null, null, null, null);
    }

    public static InputRecord of(StockReceived event) {
        return new InputRecord(null, null, event, null, null, null);
    }

    public static InputRecord of(StockCounted event) {
        return new InputRecord(null, null, null, event, null, null);
    }

    public static InputRecord of(DeadLetter deadLetter) {
        return new InputRecord(null, null, null, null, deadLetter, null);
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    /** The key the event is partitioned by: orderId for order events, sku for inventory events. */
    public String key() {
        if (orderPlaced != null) {
            return orderPlaced.orderId();
        }
        if (orderCancelled != null) {
            return orderCancelled.orderId();
        }
        if (stockReceived != null) {
            return stockReceived.sku();
        }
        if (stockCounted != null) {
            return stockCounted.sku();
        }
        return deadLetter.key();
    }

    /** Event time in epoch milliseconds; for a dead letter, the input record's Kafka timestamp. */
    public long occurredAt() {
        if (orderPlaced != null) {
            return orderPlaced.occurredAt();
        }
        if (orderCancelled != null) {
            return orderCancelled.occurredAt();
        }
        if (stockReceived != null) {
            return stockReceived.occurredAt();
        }
        if (stockCounted != null) {
            return stockCounted.occurredAt();
        }
        return deadLetter.occurredAt();
    }

    public String eventId() {
        if (orderPlaced != null) {
            return orderPlaced.eventId();
        }
        if (orderCancelled != null) {
            return orderCancelled.eventId();
        }
        if (stockReceived != null) {
            return stockReceived.eventId();
        }
        if (stockCounted != null) {
            return stockCounted.eventId();
        }
        return deadLetter.eventId();
    }
}
