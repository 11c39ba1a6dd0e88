package io.orderflow.verifier;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Takes in confirmations and refunds: checks what one output says about itself (its eventId, that
 * its amount is the sum of its lines, its Kafka key and timestamp) and keeps the first of each kind
 * per order for {@link MoneyCheck}.
 */
final class OrderOutputs {

    private final Observations observations;

    OrderOutputs(Observations seen) {
        this.observations = seen;
    }

    /** A confirmation or refund read from Kafka, with the record's key and timestamp. */
    void accept(OutputEvents.Decision decision, String kafkaKey, long kafkaTimestamp) {
        String orderId = decision.orderId();
        Violations found = observations.atIntake;
        if (!Objects.equals(orderId, kafkaKey)) {
            found.order(
                    ViolationKind.WRONG_FIELDS,
                    orderId,
                    decision.what() + " has Kafka key " + kafkaKey + ", not " + orderId);
        }
        if (decision.occurredAt() != kafkaTimestamp) {
            found.order(
                    ViolationKind.WRONG_FIELDS,
                    orderId,
                    decision.what()
                            + " has Kafka timestamp "
                            + Instants.format(kafkaTimestamp)
                            + ", not its occurredAt "
                            + Instants.format(decision.occurredAt()));
        }
        accept(decision);
    }

    /** A confirmation or refund, whose key and timestamp are not known or already checked. */
    void accept(OutputEvents.Decision decision) {
        String orderId = decision.orderId();
        RefundReason reason = decision.refundReason();
        String expectedId = reason == null ? orderId + "/confirmed" : reason.eventIdFor(orderId);
        if (!expectedId.equals(decision.eventId())) {
            observations.atIntake.order(
                    ViolationKind.WRONG_FIELDS,
                    orderId,
                    decision.what() + " has eventId " + decision.eventId() + ", not " + expectedId);
        }
        if (!decision.occurredAtInOutputForm()) {
            observations.atIntake.order(
                    ViolationKind.WRONG_FIELDS,
                    orderId,
                    decision.what()
                            + " occurredAt is not written with exactly three fraction digits");
        }
        Long sum = OutputSummary.sumOfLines(decision.lines());
        if (sum == null || sum != decision.amount()) {
            observations.atIntake.order(
                    ViolationKind.WRONG_AMOUNT,
                    orderId,
                    decision.what()
                            + " amount "
                            + decision.amount()
                            + " but its lines sum to "
                            + (sum == null ? "more than a long holds" : sum));
        }
        OrderSummary order = observations.order(orderId);
        OutputSummary summary = new OutputSummary(decision, observations::intern);
        if (reason == null) {
            observations.confirmations++;
            observations.amountConfirmed += decision.amount();
            if (++order.confirmationsSeen == 1) {
                order.confirmation = summary;
            }
            return;
        }
        observations.refunds.merge(reason, 1L, Long::sum);
        observations.amountRefunded.merge(reason, decision.amount(), Long::sum);
        if (reason == RefundReason.OUT_OF_STOCK) {
            if (++order.outOfStockSeen == 1) {
                order.outOfStock = summary;
            }
        } else if (++order.cancelledSeen == 1) {
            order.cancelledRefund = summary;
        }
    }

    /** {@code has an OrderConfirmed and a CANCELLED refund}: the outputs an order has. */
    static String describe(OrderSummary order) {
        List<String> parts = new ArrayList<>();
        if (order.confirmationsSeen > 0) {
            parts.add("an OrderConfirmed");
        }
        if (order.outOfStockSeen > 0) {
            parts.add("an OUT_OF_STOCK refund");
        }
        if (order.cancelledSeen > 0) {
            parts.add("a CANCELLED refund");
        }
        return "has " + String.join(" and ", parts);
    }

    /**
     * Which lines of the order {@code output} names, or null (and a violation) when one of its
     * lines is not a line of the order or they leave the order's line order.
     */
    static BitSet linesOf(
            String id, String what, OrderSummary order, OutputSummary output, Violations found) {
        BitSet lines = new BitSet();
        if (output == null) {
            return lines;
        }
        int previous = -1;
        for (int i = 0; i < output.skus.length; i++) {
            int index = order.indexOfSku(output.skus[i]);
            if (index < 0
                    || order.quantities[index] != output.quantities[i]
                    || order.unitPrices[index] != output.unitPrices[i]) {
                found.order(
                        ViolationKind.WRONG_LINES,
                        id,
                        what
                                + " line "
                                + output.skus[i]
                                + " x"
                                + output.quantities[i]
                                + " @"
                                + output.unitPrices[i]
                                + " is not a line of the order");
                return null;
            }
            if (index <= previous) {
                found.order(
                        ViolationKind.WRONG_LINES,
                        id,
                        what + " lines repeat or leave the order's line order");
                return null;
            }
            previous = index;
            lines.set(index);
        }
        return lines;
    }

    static String describeLines(OrderSummary order, BitSet lines) {
        List<String> parts = new ArrayList<>();
        for (int i = lines.nextSetBit(0); i >= 0; i = lines.nextSetBit(i + 1)) {
            parts.add(order.describeLine(i));
        }
        return parts.isEmpty() ? "no lines" : "lines [" + String.join(", ", parts) + "]";
    }
}
