package io.orderflow.schemas;

import java.util.Locale;

/** Why money goes back to the customer. */
public enum RefundReason {
    OUT_OF_STOCK,
    CANCELLED;

    /** The suffix of a refund's eventId: lower case, {@code -} for {@code _}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
