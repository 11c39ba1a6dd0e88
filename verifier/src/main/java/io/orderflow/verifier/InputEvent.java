package io.orderflow.verifier;

import java.util.List;

/** What an input record is, by the contract's validation rules (section 5). */
sealed interface InputEvent {

    /** The record becomes one DeadLetter with this reason. */
    record Rejected(DeadLetterReason reason, String detail) implements InputEvent {}

    /** A valid OrderPlaced; {@code fulfilment} null when the record gives none. */
    record Placed(
            String eventId,
            long occurredAt,
            String orderId,
            String customerId,
            String currency,
            Fulfilment fulfilment,
            List<Line> lines,
            long total)
            implements InputEvent {}

    /** A valid OrderCancelled. */
    record Cancelled(String eventId, long occurredAt, String orderId) implements InputEvent {}

    /** A valid StockReceived ({@code counted} false: adds) or StockCounted (true: sets). */
    record Stock(String eventId, long occurredAt, String sku, boolean counted, long quantity)
            implements InputEvent {}
}
