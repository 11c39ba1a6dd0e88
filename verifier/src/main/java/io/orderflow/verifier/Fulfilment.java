package io.orderflow.verifier;

/** How an order treats a line that does not fit the stock (CONTRACT.md section 3). */
public enum Fulfilment {
    /** The line is rejected at once and refunded OUT_OF_STOCK. */
    PARTIAL,
    /** The line waits in the sku's queue until stock comes or its window ends. */
    BACKORDER
}
