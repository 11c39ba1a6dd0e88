package io.orderflow.verifier;

import java.util.Objects;

/**
 * Invariant 4 and the counts (CONTRACT.md section 5): every input record is applied, dropped as a
 * duplicate, or calls for one DeadLetter, decided here from the inputs alone; and every output
 * belongs to an order that was applied.
 */
final class Accounting implements Check {

    private final Observations observations;
    private final InputRules rules;
    private final Fulfilment defaultFulfilment;

    Accounting(Observations seen, Fulfilment defaultFulfilment, int maxRecordBytes) {
        this.observations = seen;
        this.rules = new InputRules(maxRecordBytes);
        this.defaultFulfilment = Objects.requireNonNull(defaultFulfilment, "defaultFulfilment");
    }

    /** One input record; records of one partition must come in offset order. */
    void accept(InputTopic topic, KafkaRecord record) {
        observations.recordsRead.merge(record.topic(), 1L, Long::sum);
        InputEvent event = rules.read(topic, record);
        if (event instanceof InputEvent.Rejected rejected) {
            expectDeadLetter(record, rejected.reason());
        } else if (event instanceof InputEvent.Placed placed) {
            acceptPlaced(placed, record);
        } else if (event instanceof InputEvent.Cancelled cancelled) {
            acceptCancelled(cancelled);
        } else {
            acceptStock((InputEvent.Stock) event);
        }
    }

    /**
     * Deduplication: an eventId already applied for the orderId is a duplicate; so is a second
     * OrderPlaced of the same content, while one of other content is a CONFLICTING_ORDER.
     */
    private void acceptPlaced(InputEvent.Placed event, KafkaRecord record) {
        OrderSummary order = observations.order(event.orderId());
        Fulfilment fulfilment = event.fulfilment() == null ? defaultFulfilment : event.fulfilment();
        if (event.eventId().equals(order.placedEventId)
                || event.eventId().equals(order.cancelEventId)) {
            observations.duplicates++;
        } else if (order.placed()) {
            if (order.sameContentAs(event, fulfilment)) {
                observations.duplicates++;
            } else {
                expectDeadLetter(record, DeadLetterReason.CONFLICTING_ORDER);
            }
        } else {
            order.place(event, fulfilment, observations::intern);
            order.cancelledBeforePlaced = order.cancelled();
            observations.applied++;
        }
    }

    /** A second OrderCancelled of an order is a duplicate, whatever its eventId. */
    private void acceptCancelled(InputEvent.Cancelled event) {
        OrderSummary order = observations.order(event.orderId());
        if (event.eventId().equals(order.placedEventId) || order.cancelled()) {
            observations.duplicates++;
        } else {
            order.cancelEventId = event.eventId();
            order.cancelAt = event.occurredAt();
            observations.applied++;
        }
    }

    private void acceptStock(InputEvent.Stock event) {
        Observations.SkuHistory history = observations.sku(event.sku());
        if (history.eventIds.add(event.eventId())) {
            history.events.add(StockReplayCheck.LedgerEvent.stock(event));
            observations.applied++;
        } else {
            observations.duplicates++;
        }
    }

    private void expectDeadLetter(KafkaRecord record, DeadLetterReason reason) {
        observations.expectedDeadLetters.put(
                record.coordinates(),
                new Observations.ExpectedDeadLetter(
                        reason, DeadLetterEvidence.expected(record), record.timestamp()));
        observations.expectedByReason.merge(reason, 1L, Long::sum);
    }

    @Override
    public void check(Observations seen, Violations found) {
        seen.orders.forEach(
                (orderId, order) -> {
                    if (!order.placed() && order.hasOutputs()) {
                        found.order(
                                ViolationKind.OUTPUT_FOR_UNKNOWN_ORDER,
                                orderId,
                                OrderOutputs.describe(order)
                                        + " but no OrderPlaced of it was applied");
                    }
                });
    }

    static long ordersApplied(Observations seen) {
        return seen.orders.values().stream().filter(OrderSummary::placed).count();
    }

    static long cancelledNeverPlaced(Observations seen) {
        return seen.orders.values().stream()
                .filter(o -> !o.placed() && !o.hasOutputs() && o.cancelled())
                .count();
    }
}
