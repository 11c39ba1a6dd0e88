package io.orderflow.schemas;

/**
 * One line of an order: {@code quantity} units of {@code sku} at {@code unitPrice} minor units
 * each.
 */
public record OrderLine(String sku, long quantity, long unitPrice) {

    public long amount() {
        return quantity * unitPrice;
    }
}
