package io.orderflow.schemas;

/** A stocktake: sets the sku's available stock to {@code available}. */
public record StockCounted(String eventId, long occurredAt, String sku, long available) {

    public static final String TYPE = "StockCounted";
}
