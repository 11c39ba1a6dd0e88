package io.orderflow.schemas;

/** Which input topic a record was read from: it decides which event types are allowed. */
public enum InputKind {
    ORDERS,
    INVENTORY
}
