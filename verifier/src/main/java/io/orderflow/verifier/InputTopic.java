package io.orderflow.verifier;

import java.util.Set;

/** The job's two input topics and the event types each carries (CONTRACT.md section 1). */
public enum InputTopic {
    ORDERS("orderId", Set.of("OrderPlaced", "OrderCancelled")),
    INVENTORY("sku", Set.of("StockReceived", "StockCounted"));

    private final String keyField;
    private final Set<String> types;

    InputTopic(String keyField, Set<String> types) {
        this.keyField = keyField;
        this.types = types;
    }

    /** The field a record's Kafka key must equal when the key is present. */
    String keyField() {
        return keyField;
    }

    /** The {@code type} values this topic takes; any other is UNKNOWN_TYPE here. */
    Set<String> types() {
        return types;
    }
}
