package io.orderflow.schemas;

import java.util.List;

/**
 * An order as the shop placed it. {@code fulfilment} is null when the event did not say; the job's
 * default applies then. {@code occurredAt} is event time in epoch milliseconds.
 */
public record OrderPlaced(
        String eventId,
        long occurredAt,
        String orderId,
        String customerId,
        String currency,
        Fulfilment fulfilment,
        List<OrderLine> lines) {

    public static final String TYPE = "OrderPlaced";

    public long total() {
        long total = 0;
        for (OrderLine line : lines) {
            total += line.amount();
        }
        return total;
    }

    /**
     * Whether {@code other} places the same order: same customer, currency, fulfilment and lines.
     */
    public boolean sameContentAs(OrderPlaced other, Fulfilment defaultFulfilment) {
        return customerId.equals(other.customerId)
                && currency.equals(other.currency)
                && fulfilmentOr(defaultFulfilment) == other.fulfilmentOr(defaultFulfilment)
                && lines.equals(other.lines);
    }

    public Fulfilment fulfilmentOr(Fulfilment defaultFulfilment) {
        return fulfilment == null ? defaultFulfilment : fulfilment;
    }
}
