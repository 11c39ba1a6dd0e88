package io.orderflow.schemas;

import java.util.List;

/**
 * The one registry of topics: default names, what keys them and which events they carry. Every name
 * is a job option; code takes the defaults from here and never types a topic string.
 */
public final class Topics {

    /** A topic of the contract; a {@code compacted} one keeps the latest record of each key. */
    public record Topic(
            String name,
            String keyField,
            List<String> valueTypes,
            boolean input,
            boolean compacted) {

        Topic(String name, String keyField, List<String> valueTypes, boolean input) {
            this(name, keyField, valueTypes, input, false);
        }
    }

    public static final Topic ORDERS =
            new Topic("orders", "orderId", List.of(OrderPlaced.TYPE, OrderCancelled.TYPE), true);
    public static final Topic INVENTORY =
            new Topic("inventory", "sku", List.of(StockReceived.TYPE, StockCounted.TYPE), true);
    public static final Topic CONFIRMATIONS =
            new Topic("order-confirmations", "orderId", List.of(OrderConfirmed.TYPE), false);
    public static final Topic REFUNDS =
            new Topic("refunds", "orderId", List.of(RefundIssued.TYPE), false);
    public static final Topic DEAD_LETTERS =
            new Topic("dead-letters", "key of the input", List.of(DeadLetter.TYPE), false);

    /** Compacted: a reader of an order's key finds its latest status. */
    public static final Topic ORDER_STATUS =
            new Topic("order-status", "orderId", List.of(OrderStatus.TYPE), false, true);

    public static final Topic RAPIDS = new Topic("rapids", "any", List.of("any"), true);

    /** The topics of the order-processing job, inputs first. */
    public static final List<Topic> ORDER_PROCESSING =
            List.of(ORDERS, INVENTORY, CONFIRMATIONS, REFUNDS, DEAD_LETTERS, ORDER_STATUS);

    private Topics() {}
}
