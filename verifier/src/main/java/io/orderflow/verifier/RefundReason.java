package io.orderflow.verifier;

import java.util.Locale;

/** The reasons a RefundIssued may give (CONTRACT.md section 4). */
public enum RefundReason {
    OUT_OF_STOCK,
    CANCELLED;

    /** The refund's eventId: {@code <orderId>/refund/<reason in lower case with - for _>}. */
    String eventIdFor(String orderId) {
        return orderId + "/refund/" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
