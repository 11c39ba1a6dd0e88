package io.orderflow.schemas;

/** How an order treats a line that is short of stock. */
public enum Fulfilment {
    /** Reject the short line at once; confirm the rest. */
    PARTIAL,
    /** Queue the short line per sku until restocked or the backorder window ends. */
    BACKORDER
}
