package io.orderflow.schemas;

/** Goods arrived: adds {@code quantity} to the sku's available stock. */
public record StockReceived(String eventId, long occurredAt, String sku, long quantity) {

    public static final String TYPE = "StockReceived";
}
