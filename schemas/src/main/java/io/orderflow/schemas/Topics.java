package io.orderflow.schemas;

import java.util.List;

/**
 * The one registry of topics: default names, what keys them and which events they carry. Every name
 * is a job option; code takes the defaults from here and never types a topic string.
 */
public final class Topics {

    /** A topic of the contract. */
    public record Topic(String name, String keyField, List<String> valueTypes, boolean input) {}

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
    public static final Topic RAPIDS = new Topic("rapids", "any", List.of("any"), true);

    /** The topics of the order-processing job, inputs first. */
    public static final List<Topic> ORDER_PROCESSING =
            List.of(ORDERS, INVENTORY, CONFIRMATIONS, REFUNDS, DEAD_LETTERS);

    private Topics() {}
}
