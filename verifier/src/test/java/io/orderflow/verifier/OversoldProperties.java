package io.orderflow.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Invariant 3 on random single-sku histories: outputs that follow the contract's PARTIAL rule hold,
 * and turning any OUT_OF_STOCK refund into a confirmation oversells.
 */
class OversoldProperties {

    private static final long T0 = 1_795_000_000_000L;
    private static final int PRICE = 250;

    @Property(tries = 300)
    void outputsThatFollowTheRuleHoldAndOneMoreConfirmationOversells(
            @ForAll @IntRange(min = 0, max = 20) int stock,
            @ForAll @Size(min = 1, max = 15) List<@IntRange(min = 1, max = 6) Integer> quantities,
            @ForAll @IntRange(min = 0, max = 14) int flipCandidate) {
        boolean[] confirmed = new boolean[quantities.size()];
        long available = stock;
        for (int i = 0; i < quantities.size(); i++) {
            confirmed[i] = quantities.get(i) <= available;
            if (confirmed[i]) {
                available -= quantities.get(i);
            }
        }

        Report faithful = check(stock, quantities, confirmed);
        assertThat(faithful.violations()).as(faithful.format()).isEmpty();

        int flip = firstRefundedFrom(confirmed, flipCandidate % quantities.size());
        if (flip >= 0) {
            confirmed[flip] = true;
            Report greedy = check(stock, quantities, confirmed);
            assertThat(greedy.violations())
                    .extracting(Report.ViolationSummary::kind)
                    .containsExactly(ViolationKind.OVERSOLD);
        }
    }

    private static int firstRefundedFrom(boolean[] confirmed, int start) {
        for (int k = 0; k < confirmed.length; k++) {
            int i = (start + k) % confirmed.length;
            if (!confirmed[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Order i asks for quantities[i] of sku A at T0 + 10 ms * (i + 1); stock is counted at T0. */
    private static Report check(int stock, List<Integer> quantities, boolean[] confirmed) {
        InvariantChecker checker = new InvariantChecker();
        checker.acceptInput(
                InputTopic.INVENTORY,
                new KafkaRecord(
                        "inventory",
                        0,
                        0,
                        T0,
                        "A",
                        utf8(
                                String.format(
                                        "{\"eventId\":\"count\",\"type\":\"StockCounted\",\"occurredAt\":\"%s\",\"sku\":\"A\",\"available\":%d}",
                                        Instants.format(T0), stock))));
        for (int i = 0; i < quantities.size(); i++) {
            String orderId = String.format("o%02d", i);
            long at = T0 + 10L * (i + 1);
            checker.acceptInput(
                    InputTopic.ORDERS,
                    new KafkaRecord(
                            "orders",
                            0,
                            i,
                            at,
                            orderId,
                            utf8(
                                    String.format(
                                            "{\"eventId\":\"e-%s\",\"type\":\"OrderPlaced\",\"occurredAt\":\"%s\",\"orderId\":\"%s\","
                                                + "\"customerId\":\"c\",\"currency\":\"EUR\","
                                                + "\"lines\":[{\"sku\":\"A\",\"quantity\":%d,\"unitPrice\":%d}]}",
                                            orderId,
                                            Instants.format(at),
                                            orderId,
                                            quantities.get(i),
                                            PRICE))));
            ObjectNode decision =
                    InvariantCheckerTest.confirmation(
                            orderId,
                            "c",
                            InvariantCheckerTest.lines("A", quantities.get(i), PRICE),
                            (long) quantities.get(i) * PRICE,
                            "e-" + orderId,
                            at);
            if (confirmed[i]) {
                checker.acceptConfirmation(
                        ContractExample.output("order-confirmations", i, decision, orderId));
            } else {
                decision.put("eventId", orderId + "/refund/out-of-stock")
                        .put("type", "RefundIssued")
                        .put("reason", "OUT_OF_STOCK")
                        .remove("backordered");
                checker.acceptRefund(ContractExample.output("refunds", i, decision, orderId));
            }
            checker.acceptStatus(
                    ContractExample.output(
                            "order-status",
                            i,
                            status(orderId, at, quantities.get(i), confirmed[i]),
                            orderId));
        }
        return checker.check();
    }

    /** The order's one status record, its decision, as contract section 7 writes it. */
    private static ObjectNode status(String orderId, long at, int quantity, boolean confirmed) {
        ObjectNode status =
                ContractExample.JSON
                        .createObjectNode()
                        .put("eventId", orderId + "/status/1")
                        .put("type", "OrderStatus")
                        .put("occurredAt", Instants.format(at))
                        .put("orderId", orderId)
                        .put("customerId", "c")
                        .put("currency", "EUR")
                        .put("seq", 1)
                        .put("status", confirmed ? "CONFIRMED" : "REJECTED")
                        .put("confirmedAmount", confirmed ? (long) quantity * PRICE : 0)
                        .put("refundedAmount", confirmed ? 0 : (long) quantity * PRICE);
        ObjectNode line =
                status.putArray("lines")
                        .addObject()
                        .put("sku", "A")
                        .put("quantity", quantity)
                        .put("unitPrice", PRICE)
                        .put("state", confirmed ? "RESERVED" : "REJECTED");
        if (confirmed) {
            line.put("reservedAt", Instants.format(at));
        }
        return status;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
