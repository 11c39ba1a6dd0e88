package io.orderflow.verifier;

import static io.orderflow.verifier.OrderOutputs.describeLines;
import static io.orderflow.verifier.OrderOutputs.linesOf;

import java.util.BitSet;

/**
 * Invariants 1 and 2 (CONTRACT.md section 5): at most one output of each kind per order, and the
 * money of every applied order that is decided or due: confirmed + OUT_OF_STOCK = total, or a
 * cancellation before the decision refunds the total, and one after it the confirmed amount. The
 * times and fields the decision rules imply are checked with it (a PARTIAL order is decided at its
 * own occurredAt; a cancellation takes effect at max(its time, the order's + 1 ms)).
 */
final class MoneyCheck implements Check {

    @Override
    public void check(Observations seen, Violations found) {
        seen.orders.forEach(
                (orderId, order) -> {
                    atMostOne(orderId, "OrderConfirmed", order.confirmationsSeen, found);
                    atMostOne(orderId, "OUT_OF_STOCK refunds", order.outOfStockSeen, found);
                    atMostOne(orderId, "CANCELLED refunds", order.cancelledSeen, found);
                    if (order.placed()) {
                        checkOrder(orderId, order, found);
                    }
                });
    }

    private static void atMostOne(String orderId, String what, int seen, Violations found) {
        if (seen > 1) {
            found.order(ViolationKind.DUPLICATE_OUTPUT, orderId, seen + " " + what);
        }
    }

    private static void checkOrder(String id, OrderSummary order, Violations found) {
        OutputSummary confirmation = order.confirmation;
        OutputSummary outOfStock = order.outOfStock;
        OutputSummary cancelled = order.cancelledRefund;
        BitSet confirmedLines = linesOf(id, "OrderConfirmed", order, confirmation, found);
        BitSet outOfStockLines = linesOf(id, "OUT_OF_STOCK refund", order, outOfStock, found);
        BitSet cancelledLines = linesOf(id, "CANCELLED refund", order, cancelled, found);
        checkFields(id, "OrderConfirmed", order, confirmation, order.placedEventId, found);
        checkFields(id, "OUT_OF_STOCK refund", order, outOfStock, order.placedEventId, found);
        if (order.cancelled()) {
            checkFields(id, "CANCELLED refund", order, cancelled, order.cancelEventId, found);
        }
        if (order.cancelledBeforePlaced) {
            if (order.decided()) {
                found.order(
                        ViolationKind.UNEXPECTED_OUTPUT,
                        id,
                        "cancelled before it was placed, yet has "
                                + (confirmation != null
                                        ? "an OrderConfirmed"
                                        : "an OUT_OF_STOCK refund"));
            }
            checkWholeRefund(id, order, cancelledLines, "cancelled before it was placed", found);
        } else if (order.decided()) {
            checkDecision(id, order, confirmedLines, outOfStockLines, found);
            checkCancelAfterDecision(id, order, confirmedLines, cancelledLines, found);
        } else if (order.fulfilment == Fulfilment.PARTIAL) {
            found.order(
                    ViolationKind.LOST_DECISION,
                    id,
                    "PARTIAL order placed at "
                            + Instants.format(order.placedAt)
                            + " has no OrderConfirmed and no OUT_OF_STOCK refund");
        } else if (order.cancelled()) {
            checkWholeRefund(id, order, cancelledLines, "cancelled before its decision", found);
        } else if (cancelled != null) {
            found.order(
                    ViolationKind.UNEXPECTED_OUTPUT,
                    id,
                    "CANCELLED refund without an applied OrderCancelled");
        }
    }

    /** The decided lines: each line confirmed or refunded OUT_OF_STOCK, none both, at one time. */
    private static void checkDecision(
            String id,
            OrderSummary order,
            BitSet confirmedLines,
            BitSet outOfStockLines,
            Violations found) {
        OutputSummary confirmation = order.confirmation;
        OutputSummary outOfStock = order.outOfStock;
        if (confirmedLines != null && outOfStockLines != null) {
            BitSet both = (BitSet) confirmedLines.clone();
            both.and(outOfStockLines);
            BitSet neither = new BitSet();
            neither.set(0, order.skus.length);
            neither.andNot(confirmedLines);
            neither.andNot(outOfStockLines);
            long confirmed = confirmation == null ? 0 : confirmation.amount;
            long refunded = outOfStock == null ? 0 : outOfStock.amount;
            if (!both.isEmpty()) {
                found.order(
                        ViolationKind.WRONG_LINES,
                        id,
                        describeLines(order, both) + " both confirmed and refunded OUT_OF_STOCK");
            } else if (!neither.isEmpty() && outOfStock == null) {
                found.order(
                        ViolationKind.MISSING_REFUND,
                        id,
                        "confirmed "
                                + confirmed
                                + " of total "
                                + order.total
                                + " but no OUT_OF_STOCK refund for "
                                + describeLines(order, neither));
            } else if (!neither.isEmpty()) {
                found.order(
                        ViolationKind.WRONG_AMOUNT,
                        id,
                        "confirmed "
                                + confirmed
                                + " + OUT_OF_STOCK "
                                + refunded
                                + " = "
                                + (confirmed + refunded)
                                + ", not the total "
                                + order.total
                                + " ("
                                + describeLines(order, neither)
                                + " in neither)");
            }
        }
        if (confirmation != null
                && outOfStock != null
                && confirmation.occurredAt != outOfStock.occurredAt) {
            found.order(
                    ViolationKind.WRONG_FIELDS,
                    id,
                    "OrderConfirmed at "
                            + Instants.format(confirmation.occurredAt)
                            + " but OUT_OF_STOCK refund at "
                            + Instants.format(outOfStock.occurredAt)
                            + ": one decision has one time");
        }
        long decidedAt = order.decidedAt();
        if (order.fulfilment == Fulfilment.PARTIAL) {
            if (decidedAt != order.placedAt) {
                found.order(
                        ViolationKind.WRONG_FIELDS,
                        id,
                        "PARTIAL order decided at "
                                + Instants.format(decidedAt)
                                + ", not at its own occurredAt "
                                + Instants.format(order.placedAt));
            }
            if (confirmation != null && confirmation.backordered) {
                found.order(
                        ViolationKind.WRONG_FIELDS,
                        id,
                        "PARTIAL order confirmed with backordered=true");
            }
        } else if (decidedAt < order.placedAt) {
            found.order(
                    ViolationKind.WRONG_FIELDS,
                    id,
                    "decided at "
                            + Instants.format(decidedAt)
                            + ", before it was placed at "
                            + Instants.format(order.placedAt));
        }
    }

    /** After the decision, a cancellation refunds exactly the confirmed lines and amount. */
    private static void checkCancelAfterDecision(
            String id,
            OrderSummary order,
            BitSet confirmedLines,
            BitSet cancelledLines,
            Violations found) {
        OutputSummary confirmation = order.confirmation;
        OutputSummary cancelled = order.cancelledRefund;
        if (!order.cancelled()) {
            if (cancelled != null) {
                found.order(
                        ViolationKind.UNEXPECTED_OUTPUT,
                        id,
                        "CANCELLED refund without an applied OrderCancelled");
            }
            return;
        }
        long effective = order.cancelEffectiveAt();
        if (order.decidedAt() > effective) {
            found.order(
                    ViolationKind.UNEXPECTED_OUTPUT,
                    id,
                    "decided at "
                            + Instants.format(order.decidedAt())
                            + ", after its cancellation took effect at "
                            + Instants.format(effective));
        }
        if (confirmation == null) {
            if (cancelled != null) {
                found.order(
                        ViolationKind.UNEXPECTED_OUTPUT,
                        id,
                        "CANCELLED refund of "
                                + cancelled.amount
                                + " although nothing was confirmed");
            }
            return;
        }
        if (cancelled == null) {
            found.order(
                    ViolationKind.MISSING_REFUND,
                    id,
                    "cancelled after its confirmation of "
                            + confirmation.amount
                            + ", but has no CANCELLED refund");
            return;
        }
        if (cancelled.amount != confirmation.amount) {
            found.order(
                    ViolationKind.WRONG_AMOUNT,
                    id,
                    "CANCELLED refund of "
                            + cancelled.amount
                            + " after a confirmation of "
                            + confirmation.amount
                            + ": it must equal the confirmed amount");
        } else if (confirmedLines != null
                && cancelledLines != null
                && !confirmedLines.equals(cancelledLines)) {
            found.order(
                    ViolationKind.WRONG_LINES,
                    id,
                    "CANCELLED refund lines "
                            + describeLines(order, cancelledLines)
                            + " are not the confirmed lines "
                            + describeLines(order, confirmedLines));
        }
        checkCancelTime(id, order, cancelled, found);
    }

    /** Cancelled before the decision (or before the order came): the whole total comes back. */
    private static void checkWholeRefund(
            String id,
            OrderSummary order,
            BitSet cancelledLines,
            String context,
            Violations found) {
        OutputSummary cancelled = order.cancelledRefund;
        if (cancelled == null) {
            found.order(
                    ViolationKind.MISSING_REFUND,
                    id,
                    context + ", but has no CANCELLED refund of the total " + order.total);
            return;
        }
        if (cancelled.amount != order.total) {
            found.order(
                    ViolationKind.WRONG_AMOUNT,
                    id,
                    "CANCELLED refund of "
                            + cancelled.amount
                            + ", but it was "
                            + context
                            + " so it must refund the total "
                            + order.total);
        } else if (cancelledLines != null && cancelledLines.cardinality() != order.skus.length) {
            BitSet missing = new BitSet();
            missing.set(0, order.skus.length);
            missing.andNot(cancelledLines);
            found.order(
                    ViolationKind.WRONG_LINES,
                    id,
                    "CANCELLED refund of the whole order lacks " + describeLines(order, missing));
        }
        checkCancelTime(id, order, cancelled, found);
    }

    private static void checkCancelTime(
            String id, OrderSummary order, OutputSummary cancelled, Violations found) {
        long effective = order.cancelEffectiveAt();
        if (cancelled.occurredAt != effective) {
            found.order(
                    ViolationKind.WRONG_FIELDS,
                    id,
                    "CANCELLED refund at "
                            + Instants.format(cancelled.occurredAt)
                            + ", but the cancellation took effect at "
                            + Instants.format(effective));
        }
    }

    /** The output names the order's customer and currency, and the input that caused it. */
    private static void checkFields(
            String id,
            String what,
            OrderSummary order,
            OutputSummary output,
            String causationId,
            Violations found) {
        if (output != null
                && output.fieldsFingerprint
                        != OutputSummary.fingerprint(
                                order.customerId, order.currency, causationId)) {
            found.order(
                    ViolationKind.WRONG_FIELDS,
                    id,
                    what
                            + " differs from its order in customerId, currency or causationId"
                            + " (expected "
                            + order.customerId
                            + ", "
                            + order.currency
                            + ", "
                            + causationId
                            + ")");
        }
    }
}
