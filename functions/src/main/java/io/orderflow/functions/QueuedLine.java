package io.orderflow.functions;

/** A backorder line waiting in its sku's FIFO queue until {@code deadline} (event time). */
public record QueuedLine(String orderId, int lineIndex, long quantity, long deadline) {}
