package io.orderflow.verifier;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Invariant 6 (CONTRACT.md sections 5 and 7): every applied order's latest status agrees with its
 * confirmation and refunds, in its status, amounts, line states and the instant it took effect.
 * What each record says about itself and its seq is checked as it is read ({@link OrderStatuses}).
 *
 * <p>The latest status an order's outputs call for: {@code CANCELLED} once a cancellation was
 * applied (at its effective instant; nothing confirmed any more, the whole total refunded by then);
 * else its decision ({@code CONFIRMED}, {@code PARTIALLY_CONFIRMED} or {@code REJECTED}, at the
 * decision's instant, with the confirmed and OUT_OF_STOCK amounts); else, for a BACKORDER order
 * still waiting, {@code WAITING} at its own instant with nothing confirmed or refunded.
 */
final class StatusCheck implements Check {

    @Override
    public void check(Observations seen, Violations found) {
        seen.orders.forEach((orderId, order) -> check(orderId, order, found));
    }

    private static void check(String orderId, OrderSummary order, Violations found) {
        StatusSummary status = order.status;
        if (!order.placed()) {
            if (status != null) {
                found.order(
                        ViolationKind.STATUS_DISAGREES,
                        orderId,
                        "a status " + status.status + " for an order no applied OrderPlaced has");
            }
            return;
        }
        if (status == null) {
            found.order(
                    ViolationKind.STATUS_MISSING,
                    orderId,
                    "an applied order has no record on the status topic");
            return;
        }
        if (status.fieldsFingerprint
                != OutputSummary.fingerprint(order.customerId, order.currency)) {
            found.order(
                    ViolationKind.STATUS_DISAGREES,
                    orderId,
                    "the latest status names another customer or currency than the order");
        }
        if (!sameLines(order, status)) {
            found.order(
                    ViolationKind.STATUS_DISAGREES,
                    orderId,
                    "the latest status's lines are not the order's, in its line order");
            return;
        }
        if (order.cancelled()) {
            cancelled(orderId, order, status, found);
        } else if (order.decided()) {
            decided(orderId, order, status, found);
        } else {
            waiting(orderId, order, status, found);
        }
    }

    private static void cancelled(
            String orderId, OrderSummary order, StatusSummary status, Violations found) {
        expect(found, orderId, status, "CANCELLED", order.cancelEffectiveAt(), 0, order.total);
        Set<String> confirmed = skus(order.confirmation);
        Set<String> rejected = skus(order.outOfStock);
        for (int i = 0; i < status.states.length; i++) {
            String state = status.states[i];
            String should;
            if (confirmed.contains(status.skus[i])) {
                should = "RELEASED";
            } else if (rejected.contains(status.skus[i])) {
                should = "REJECTED";
            } else {
                // Cancelled before its decision: a line reserved by then is released, the others
                // cancelled.
                should = status.everReserved[i] ? "RELEASED" : "CANCELLED";
            }
            lineState(found, orderId, status, i, should);
            if (should.equals("RELEASED") && status.reservedAt[i] == StatusSummary.NOT_RESERVED) {
                found.order(
                        ViolationKind.STATUS_DISAGREES,
                        orderId,
                        "released line " + status.skus[i] + " has no reservedAt");
            }
        }
    }

    private static void decided(
            String orderId, OrderSummary order, StatusSummary status, Violations found) {
        String should =
                order.confirmation == null
                        ? "REJECTED"
                        : order.outOfStock == null ? "CONFIRMED" : "PARTIALLY_CONFIRMED";
        expect(
                found,
                orderId,
                status,
                should,
                order.decidedAt(),
                order.confirmation == null ? 0 : order.confirmation.amount,
                order.outOfStock == null ? 0 : order.outOfStock.amount);
        Set<String> confirmed = skus(order.confirmation);
        for (int i = 0; i < status.states.length; i++) {
            boolean reserved = confirmed.contains(status.skus[i]);
            lineState(found, orderId, status, i, reserved ? "RESERVED" : "REJECTED");
            if (reserved
                    && (status.reservedAt[i] == StatusSummary.NOT_RESERVED
                            || status.reservedAt[i] < order.placedAt
                            || status.reservedAt[i] > status.occurredAt)) {
                found.order(
                        ViolationKind.STATUS_DISAGREES,
                        orderId,
                        "line "
                                + status.skus[i]
                                + " must have a reservedAt between the order's own instant and its"
                                + " decision's");
            }
        }
    }

    private static void waiting(
            String orderId, OrderSummary order, StatusSummary status, Violations found) {
        expect(found, orderId, status, "WAITING", order.placedAt, 0, 0);
        boolean anyWaiting = false;
        for (int i = 0; i < status.states.length; i++) {
            String state = status.states[i];
            anyWaiting |= state.equals("WAITING");
            if (!state.equals("WAITING")
                    && !(state.equals("RESERVED") && status.reservedAt[i] == order.placedAt)) {
                found.order(
                        ViolationKind.STATUS_DISAGREES,
                        orderId,
                        "line "
                                + status.skus[i]
                                + " of an order still waiting is "
                                + state
                                + "; only RESERVED (at the order's own instant) or WAITING can be");
            }
        }
        if (!anyWaiting || order.fulfilment != Fulfilment.BACKORDER) {
            found.order(
                    ViolationKind.STATUS_DISAGREES,
                    orderId,
                    "an undecided order's latest status must be WAITING with a line waiting, for"
                            + " BACKORDER only");
        }
    }

    private static void expect(
            Violations found,
            String orderId,
            StatusSummary status,
            String should,
            long at,
            long confirmed,
            long refunded) {
        if (!status.status.equals(should)) {
            found.order(
                    ViolationKind.STATUS_DISAGREES,
                    orderId,
                    "latest status " + status.status + ", but its outputs call for " + should);
            return;
        }
        if (status.occurredAt != at) {
            found.order(
                    ViolationKind.STATUS_DISAGREES,
                    orderId,
                    "latest status "
                            + should
                            + " took effect at "
                            + Instants.format(status.occurredAt)
                            + ", not "
                            + Instants.format(at));
        }
        if (status.confirmedAmount != confirmed || status.refundedAmount != refunded) {
            found.order(
                    ViolationKind.STATUS_DISAGREES,
                    orderId,
                    "latest status "
                            + should
                            + " says confirmed "
                            + status.confirmedAmount
                            + " and refunded "
                            + status.refundedAmount
                            + ", its outputs "
                            + confirmed
                            + " and "
                            + refunded);
        }
    }

    private static void lineState(
            Violations found, String orderId, StatusSummary status, int i, String should) {
        if (!status.states[i].equals(should)) {
            found.order(
                    ViolationKind.STATUS_DISAGREES,
                    orderId,
                    "line "
                            + status.skus[i]
                            + " is "
                            + status.states[i]
                            + " in status "
                            + status.status
                            + ", its outputs call for "
                            + should);
        }
    }

    private static boolean sameLines(OrderSummary order, StatusSummary status) {
        return Arrays.equals(order.skus, status.skus)
                && Arrays.equals(order.quantities, status.quantities)
                && Arrays.equals(order.unitPrices, status.unitPrices);
    }

    private static Set<String> skus(OutputSummary output) {
        return output == null ? Set.of() : new HashSet<>(Arrays.asList(output.skus));
    }
}
