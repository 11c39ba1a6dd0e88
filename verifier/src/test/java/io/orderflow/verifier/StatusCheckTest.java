package io.orderflow.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Invariant 6 (CONTRACT.md section 7): the worked examples' status records, changed one way at a
 * time, are caught; the examples as they are hold (InvariantCheckerTest runs all 21 with them).
 */
class StatusCheckTest {

    private static List<ViolationKind> statusKinds(Report report) {
        return report.violations().stream()
                .map(Report.ViolationSummary::kind)
                .filter(k -> k.invariant() == 6)
                .toList();
    }

    @Test
    void anOrderWithoutAnyStatusRecordIsMissingItsStatus() {
        Report report = ContractExample.named("01").withStatuses(list -> List.of()).check();

        assertThat(statusKinds(report)).containsExactly(ViolationKind.STATUS_MISSING);
    }

    @Test
    void aLatestStatusThatIsNotTheDecisionDisagrees() {
        // Example 02 is PARTIALLY_CONFIRMED: 2 x A confirmed, B refunded.
        Report report =
                ContractExample.named("02")
                        .withStatuses(
                                list -> {
                                    list.get(0).put("status", "CONFIRMED");
                                    return list;
                                })
                        .check();

        assertThat(statusKinds(report)).containsExactly(ViolationKind.STATUS_DISAGREES);
        assertThat(report.violations().get(0).texts())
                .singleElement()
                .asString()
                .contains("latest status CONFIRMED, but its outputs call for PARTIALLY_CONFIRMED");
    }

    @Test
    void aCancelledOrderWhoseLatestStatusIsStillItsDecisionDisagrees() {
        // Example 08: o1 PARTIALLY_CONFIRMED, then CANCELLED; drop the second record.
        Report report =
                ContractExample.named("08")
                        .withStatuses(
                                list -> {
                                    List<ObjectNode> kept = new ArrayList<>(list);
                                    kept.removeIf(
                                            s -> s.get("eventId").asText().equals("o1/status/2"));
                                    return kept;
                                })
                        .check();

        assertThat(statusKinds(report)).containsExactly(ViolationKind.STATUS_DISAGREES);
    }

    @Test
    void aRefundedAmountThatIsNotTheRefundsSumDisagrees() {
        Report report =
                ContractExample.named("03")
                        .withStatuses(
                                list -> {
                                    list.get(0).put("refundedAmount", 1);
                                    return list;
                                })
                        .check();

        assertThat(statusKinds(report)).containsExactly(ViolationKind.STATUS_DISAGREES);
    }

    @Test
    void aLineStateThatIsNotItsOutcomeDisagrees() {
        Report report =
                ContractExample.named("17")
                        .withStatuses(
                                list -> {
                                    // o1 was cancelled while B waited: A RELEASED, B CANCELLED. Say
                                    // A was cancelled too.
                                    ObjectNode cancelled =
                                            list.stream()
                                                    .filter(
                                                            s ->
                                                                    s.get("eventId")
                                                                            .asText()
                                                                            .equals("o1/status/2"))
                                                    .findFirst()
                                                    .orElseThrow();
                                    ((ObjectNode) cancelled.get("lines").get(0))
                                            .put("state", "CANCELLED")
                                            .remove("reservedAt");
                                    return list;
                                })
                        .check();

        assertThat(statusKinds(report)).containsExactly(ViolationKind.STATUS_DISAGREES);
    }

    @Test
    void statusRecordsOutOfSeqOrderAreCaught() {
        // Example 21 writes o1's seq 1, 2, 3; here 1, 3, 2.
        Report report =
                ContractExample.named("21")
                        .withStatuses(
                                list -> {
                                    List<ObjectNode> swapped = new ArrayList<>(list);
                                    ObjectNode second = swapped.remove(1);
                                    swapped.add(second);
                                    return swapped;
                                })
                        .check();

        assertThat(statusKinds(report)).contains(ViolationKind.STATUS_SEQUENCE);
    }

    @Test
    void aStatusRecordWithAnotherOrdersEventIdIsCaught() {
        Report report =
                ContractExample.named("01")
                        .withStatuses(
                                list -> {
                                    list.get(0).put("eventId", "o9/status/1");
                                    return list;
                                })
                        .check();

        assertThat(statusKinds(report)).containsExactly(ViolationKind.STATUS_SEQUENCE);
    }

    /**
     * A BACKORDER line reserved at its order's instant, then a stocktake that counted the stock
     * without those units, then the order confirmed when its other line fills: the replay takes the
     * reservation at its reservedAt, before the stocktake. At the confirmation's time it would seem
     * to oversell, which is what a verifier without the status topic had to assume.
     */
    @Test
    void aReservationBeforeAStocktakeCountsWhereItHappenedNotAtTheConfirmation() {
        long t0 = Instants.parse("2026-11-26T10:00:00.000Z");
        InvariantChecker withStatus = fedBackorder(t0, true);
        InvariantChecker withoutStatus = fedBackorder(t0, false);

        Report report = withStatus.check();
        assertThat(report.violations()).as(report.format()).isEmpty();
        assertThat(withoutStatus.check().violations())
                .extracting(Report.ViolationSummary::kind)
                .containsExactly(ViolationKind.OVERSOLD, ViolationKind.STATUS_MISSING);
    }

    private static InvariantChecker fedBackorder(long t0, boolean statuses) {
        InvariantChecker checker = new InvariantChecker();
        inventory(
                checker,
                0,
                t0,
                "{\"eventId\":\"a0\",\"type\":\"StockCounted\",\"occurredAt\":\"%s\",\"sku\":\"A\",\"available\":2}");
        checker.acceptInput(
                InputTopic.ORDERS,
                new KafkaRecord(
                        "orders",
                        0,
                        0,
                        t0 + 100,
                        "o1",
                        String.format(
                                        "{\"eventId\":\"e-o1\",\"type\":\"OrderPlaced\",\"occurredAt\":\"%s\",\"orderId\":\"o1\",\"customerId\":\"c\","
                                            + "\"currency\":\"EUR\",\"fulfilment\":\"BACKORDER\",\"lines\":[{\"sku\":\"A\",\"quantity\":2,\"unitPrice\":100},"
                                            + "{\"sku\":\"B\",\"quantity\":1,\"unitPrice\":100}]}",
                                        Instants.format(t0 + 100))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        inventory(
                checker,
                1,
                t0 + 200,
                "{\"eventId\":\"a1\",\"type\":\"StockCounted\",\"occurredAt\":\"%s\",\"sku\":\"A\",\"available\":0}");
        inventory(
                checker,
                2,
                t0 + 500,
                "{\"eventId\":\"b1\",\"type\":\"StockReceived\",\"occurredAt\":\"%s\",\"sku\":\"B\",\"quantity\":1}");
        ObjectNode confirmation =
                InvariantCheckerTest.confirmation(
                        "o1",
                        "c",
                        InvariantCheckerTest.lines("A", 2, 100, "B", 1, 100),
                        300,
                        "e-o1",
                        t0 + 500);
        confirmation.put("backordered", true);
        checker.acceptConfirmation(
                ContractExample.output("order-confirmations", 0, confirmation, "o1"));
        if (statuses) {
            checker.acceptStatus(
                    ContractExample.output(
                            "order-status",
                            0,
                            status(
                                    1,
                                    "WAITING",
                                    t0 + 100,
                                    0,
                                    "RESERVED",
                                    t0 + 100,
                                    "WAITING",
                                    null),
                            "o1"));
            checker.acceptStatus(
                    ContractExample.output(
                            "order-status",
                            1,
                            status(
                                    2,
                                    "CONFIRMED",
                                    t0 + 500,
                                    300,
                                    "RESERVED",
                                    t0 + 100,
                                    "RESERVED",
                                    t0 + 500),
                            "o1"));
        }
        return checker;
    }

    private static void inventory(InvariantChecker checker, long offset, long at, String json) {
        checker.acceptInput(
                InputTopic.INVENTORY,
                new KafkaRecord(
                        "inventory",
                        0,
                        offset,
                        at,
                        json.contains("\"A\"") ? "A" : "B",
                        String.format(json, Instants.format(at))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static ObjectNode status(
            int seq,
            String status,
            long at,
            long confirmed,
            String stateA,
            Long reservedA,
            String stateB,
            Long reservedB) {
        ObjectNode s =
                ContractExample.JSON
                        .createObjectNode()
                        .put("eventId", "o1/status/" + seq)
                        .put("type", "OrderStatus")
                        .put("occurredAt", Instants.format(at))
                        .put("orderId", "o1")
                        .put("customerId", "c")
                        .put("currency", "EUR")
                        .put("seq", seq)
                        .put("status", status)
                        .put("confirmedAmount", confirmed)
                        .put("refundedAmount", 0);
        var lines = s.putArray("lines");
        ObjectNode a =
                lines.addObject()
                        .put("sku", "A")
                        .put("quantity", 2)
                        .put("unitPrice", 100)
                        .put("state", stateA);
        ObjectNode b =
                lines.addObject()
                        .put("sku", "B")
                        .put("quantity", 1)
                        .put("unitPrice", 100)
                        .put("state", stateB);
        if (reservedA != null) {
            a.put("reservedAt", Instants.format(reservedA));
        }
        if (reservedB != null) {
            b.put("reservedAt", Instants.format(reservedB));
        }
        return s;
    }
}
