package io.orderflow.verifier;

import java.util.List;
import java.util.function.UnaryOperator;

/** What the checker keeps per orderId: the applied inputs, and the first output of each kind. */
final class OrderSummary {

    // The applied OrderPlaced; placedEventId is null until one is applied.
    String placedEventId;
    long placedAt;
    String customerId;
    String currency;
    Fulfilment fulfilment;
    String[] skus;
    long[] quantities;
    long[] unitPrices;
    long total;
    boolean cancelledBeforePlaced;

    // The applied OrderCancelled; cancelEventId is null until one is applied.
    String cancelEventId;
    long cancelAt;

    OutputSummary confirmation;
    OutputSummary outOfStock;
    OutputSummary cancelledRefund;

    /** The latest status record read (the highest seq, as written last). */
    StatusSummary status;

    int confirmationsSeen;
    int outOfStockSeen;
    int cancelledSeen;

    boolean placed() {
        return placedEventId != null;
    }

    boolean cancelled() {
        return cancelEventId != null;
    }

    boolean hasOutputs() {
        return confirmationsSeen + outOfStockSeen + cancelledSeen > 0;
    }

    boolean decided() {
        return confirmation != null || outOfStock != null;
    }

    /**
     * A BACKORDER order with a line still queued: not due (a bounded run's event time may end
     * first), so information and not a violation.
     */
    boolean waiting() {
        return placed() && !cancelled() && !decided() && fulfilment == Fulfilment.BACKORDER;
    }

    void place(InputEvent.Placed event, Fulfilment resolved, UnaryOperator<String> interner) {
        placedEventId = event.eventId();
        placedAt = event.occurredAt();
        customerId = event.customerId();
        currency = interner.apply(event.currency());
        fulfilment = resolved;
        List<Line> lines = event.lines();
        skus = new String[lines.size()];
        quantities = new long[lines.size()];
        unitPrices = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            skus[i] = interner.apply(lines.get(i).sku());
            quantities[i] = lines.get(i).quantity();
            unitPrices[i] = lines.get(i).unitPrice();
        }
        total = event.total();
    }

    /** Same customer, currency, fulfilment (defaults resolved) and lines, in the same order. */
    boolean sameContentAs(InputEvent.Placed event, Fulfilment resolved) {
        if (!customerId.equals(event.customerId())
                || !currency.equals(event.currency())
                || fulfilment != resolved
                || skus.length != event.lines().size()) {
            return false;
        }
        for (int i = 0; i < skus.length; i++) {
            Line line = event.lines().get(i);
            if (!skus[i].equals(line.sku())
                    || quantities[i] != line.quantity()
                    || unitPrices[i] != line.unitPrice()) {
                return false;
            }
        }
        return true;
    }

    /** When the cancellation takes effect: never before the order's own reservation. */
    long cancelEffectiveAt() {
        return Math.max(cancelAt, placedAt + 1);
    }

    /** When the order was decided: its confirmation's or OUT_OF_STOCK refund's time. */
    long decidedAt() {
        long at = Long.MIN_VALUE;
        if (confirmation != null) {
            at = confirmation.occurredAt;
        }
        if (outOfStock != null) {
            at = Math.max(at, outOfStock.occurredAt);
        }
        return at;
    }

    int indexOfSku(String sku) {
        for (int i = 0; i < skus.length; i++) {
            if (skus[i].equals(sku)) {
                return i;
            }
        }
        return -1;
    }

    String describeLine(int index) {
        return skus[index] + " x" + quantities[index] + " @" + unitPrices[index];
    }
}
