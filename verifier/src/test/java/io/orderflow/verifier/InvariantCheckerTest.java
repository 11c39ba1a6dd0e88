package io.orderflow.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checker on the contract's worked examples: with the outputs the examples expect every
 * invariant holds and the counts are the examples' own; each way of breaking those outputs is named
 * by its kind.
 */
class InvariantCheckerTest {

    static List<ContractExample> examples() {
        return ContractExample.all();
    }

    static Stream<ContractExample> examplesWithoutBackorder() {
        return examples().stream().filter(e -> !e.usesBackorder());
    }

    @Test
    void readsAllTwentyOneWorkedExamples() {
        assertThat(examples()).hasSize(ContractExample.COUNT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleWithItsExpectedOutputsHoldsWithTheExamplesCounts(ContractExample example) {
        Report report = example.check();

        assertThat(report.violations()).as(report.format()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.recordsReadTotal()).isEqualTo(example.counts().get("records"));
        assertThat(report.applied()).isEqualTo(example.counts().get("applied"));
        assertThat(report.duplicates()).isEqualTo(example.counts().get("duplicates"));
        assertThat(report.deadLettersExpected()).isEqualTo(example.counts().get("dead"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void anyOutputWrittenTwiceIsADuplicate(ContractExample example) {
        for (int i = 0; i < example.confirmations().size(); i++) {
            int index = i;
            Report report =
                    example.withOutputs(list -> append(list, list.get(index)), same(), same())
                            .check();
            assertThat(report.total(ViolationKind.DUPLICATE_OUTPUT)).isEqualTo(1);
        }
        for (int i = 0; i < example.refunds().size(); i++) {
            int index = i;
            Report report =
                    example.withOutputs(same(), list -> append(list, list.get(index)), same())
                            .check();
            assertThat(report.total(ViolationKind.DUPLICATE_OUTPUT)).isEqualTo(1);
        }
        for (int i = 0; i < example.deadLetters().size(); i++) {
            int index = i;
            Report report =
                    example.withOutputs(same(), same(), list -> append(list, list.get(index)))
                            .check();
            assertThat(report.total(ViolationKind.DUPLICATE_OUTPUT)).isEqualTo(1);
        }
    }

    /** Without BACKORDER every output is due at once, so each one missing is a violation. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examplesWithoutBackorder")
    void anyOutputMissingIsCaught(ContractExample example) {
        for (int i = 0; i < example.confirmations().size(); i++) {
            int index = i;
            Report report =
                    example.withOutputs(list -> without(list, index), same(), same()).check();
            assertThat(report.ok()).as("without confirmation %d", index).isFalse();
        }
        for (int i = 0; i < example.refunds().size(); i++) {
            int index = i;
            Report report =
                    example.withOutputs(same(), list -> without(list, index), same()).check();
            assertThat(report.ok()).as("without refund %d", index).isFalse();
        }
        for (int i = 0; i < example.deadLetters().size(); i++) {
            int index = i;
            Report report =
                    example.withOutputs(same(), same(), list -> without(list, index)).check();
            assertThat(report.total(ViolationKind.UNACCOUNTED_INPUT)).isEqualTo(1);
        }
    }

    @Test
    void aDuplicateConfirmationIsNamed() {
        ContractExample example = ContractExample.named("01");
        ObjectNode confirmation = example.confirmations().get(0);

        Report report =
                example.withOutputs(list -> append(list, confirmation), same(), same()).check();

        assertThat(report.ok()).isFalse();
        assertThat(onlyKinds(report)).containsExactly(ViolationKind.DUPLICATE_OUTPUT);
        assertThat(report.violations().get(0).texts()).containsExactly("o1: 2 OrderConfirmed");
        assertThat(report.format()).contains("DUPLICATE_OUTPUT: 1", "invariant 1", "VIOLATED");
    }

    @Test
    void confirmingALineBeyondStockIsOversold() {
        // Example 02 has 1 unit of B; confirm all 3 as well and drop the OUT_OF_STOCK refund.
        ContractExample example = ContractExample.named("02");
        ObjectNode greedy =
                withLines(example.confirmations().get(0), lines("A", 2, 1000, "B", 3, 500), 3500);

        // Without status records the replay takes reservations at the confirmation (StatusCheckTest
        // and ReportJsonTest oversell through a status record's reservedAt).
        Report report =
                example.withOutputs(list -> List.of(greedy), list -> List.of(), same())
                        .withStatuses(list -> List.of())
                        .check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.OVERSOLD);
        assertThat(report.violations().get(0).texts())
                .singleElement()
                .asString()
                .startsWith("B: available -2 after reserving 3 to order o1");
    }

    @Test
    void aCancellationWithoutItsRefundIsAMissingRefund() {
        ContractExample example = ContractExample.named("08");

        Report report =
                example.withOutputs(same(), list -> reasonOtherThan(list, "CANCELLED"), same())
                        .withStatuses(list -> List.of())
                        .check();

        // Without the release (no status says o1's line was released), o2's confirmation of the
        // same 2 units also oversells A.
        assertThat(onlyKinds(report))
                .containsExactly(ViolationKind.MISSING_REFUND, ViolationKind.OVERSOLD);
        assertThat(report.violations().get(0).texts())
                .containsExactly(
                        "o1: cancelled after its confirmation of 600, but has no CANCELLED refund");
    }

    @Test
    void unconfirmedLinesWithoutAnOutOfStockRefundAreAMissingRefund() {
        Report report =
                ContractExample.named("02").withOutputs(same(), list -> List.of(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.MISSING_REFUND);
    }

    @Test
    void aCancellationBeforeTheOrderWithoutRefundIsAMissingRefund() {
        Report report =
                ContractExample.named("09").withOutputs(same(), list -> List.of(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.MISSING_REFUND);
    }

    @Test
    void aDroppedDeadLetterLeavesAnInputUnaccounted() {
        ContractExample example = ContractExample.named("12");

        Report report =
                example.withOutputs(same(), same(), list -> reasonOtherThan(list, "UNKNOWN_TYPE"))
                        .check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.UNACCOUNTED_INPUT);
        Violation violation = report.violations().get(0).examples().get(0);
        assertThat(violation.subject()).isEqualTo(Violation.Subject.RECORD);
        assertThat(violation.text())
                .isEqualTo("orders/0/1: expected a UNKNOWN_TYPE dead letter (key o9), found none");
    }

    @Test
    void aConflictingOrderIsExpectedAsADeadLetter() {
        ContractExample example = ContractExample.named("05");
        Report dropped = example.withOutputs(same(), same(), list -> List.of()).check();
        assertThat(onlyKinds(dropped)).containsExactly(ViolationKind.UNACCOUNTED_INPUT);

        Report wrong =
                example.withOutputs(
                                same(),
                                same(),
                                list -> {
                                    list.get(0).put("reason", "SCHEMA_VIOLATION");
                                    return list;
                                })
                        .check();
        assertThat(onlyKinds(wrong)).containsExactly(ViolationKind.WRONG_DEAD_LETTER);
    }

    @Test
    void deadLettersWithCutValuesStillMatchTheirRecordsByLengthAndHash() {
        ContractExample example = ContractExample.named("12");
        List<ObjectNode> cut = cut(example, 3);

        Report report = example.withOutputs(same(), same(), list -> cut).check();

        assertThat(cut).allSatisfy(d -> assertThat(d.get("valueTruncated").asBoolean()).isTrue());
        assertThat(report.ok()).as(report.format()).isTrue();
    }

    @Test
    void aDeadLetterWhoseHashIsNotTheRecordsIsWrong() {
        ContractExample example = ContractExample.named("12");

        Report report =
                example.withOutputs(
                                same(),
                                same(),
                                list -> {
                                    list.forEach(d -> d.put("valueSha256", "0".repeat(64)));
                                    return list;
                                })
                        .check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_DEAD_LETTER);
    }

    @Test
    void aWholeValueMarkedTruncatedIsWrong() {
        ContractExample example = ContractExample.named("12");

        Report report =
                example.withOutputs(
                                same(),
                                same(),
                                list -> {
                                    list.forEach(d -> d.put("valueTruncated", true));
                                    return list;
                                })
                        .check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_DEAD_LETTER);
        assertThat(report.violations().get(0).texts().get(0)).contains("valueTruncated");
    }

    @Test
    void aDeadLetterForAnAppliedRecordIsUnexpected() {
        ContractExample example = ContractExample.named("01");
        ObjectNode letter =
                DeadLetters.of(example.inputs().get(1).record(), "SCHEMA_VIOLATION", 65536);

        Report report = example.withOutputs(same(), same(), list -> append(list, letter)).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.UNEXPECTED_DEAD_LETTER);
    }

    @Test
    void anAmountThatIsNotTheSumOfItsLinesIsWrong() {
        ContractExample example = ContractExample.named("01");

        Report report =
                example.withOutputs(
                                list -> {
                                    list.get(0).put("amount", 3999);
                                    return list;
                                },
                                same(),
                                same())
                        .check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_AMOUNT);
        assertThat(report.violations().get(0).texts())
                .containsExactly("o1: OrderConfirmed amount 3999 but its lines sum to 3998");
    }

    @Test
    void aCancelledRefundMustEqualTheConfirmedAmount() {
        ContractExample example = ContractExample.named("08");

        Report report =
                example.withOutputs(
                                same(),
                                list -> {
                                    list.replaceAll(
                                            r ->
                                                    r.get("reason").asText().equals("CANCELLED")
                                                            ? withLines(r, lines("A", 1, 300), 300)
                                                            : r);
                                    return list;
                                },
                                same())
                        .check();

        assertThat(onlyKinds(report)).contains(ViolationKind.WRONG_AMOUNT);
    }

    @Test
    void aPartialOrderWithoutDecisionIsALostDecision() {
        Report report =
                ContractExample.named("01").withOutputs(list -> List.of(), same(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.LOST_DECISION);
    }

    @Test
    void aBackorderStillWaitingIsInformationOnly() {
        // As a run that ended while the line waited: no confirmation, and the status still WAITING.
        Report report =
                ContractExample.named("13")
                        .withOutputs(list -> List.of(), same(), same())
                        .withStatuses(list -> list.subList(0, 1))
                        .check();

        assertThat(report.ok()).as(report.format()).isTrue();
        assertThat(report.undecidedBackorders()).isEqualTo(1);
        assertThat(report.format()).contains("1 BACKORDER orders undecided (still waiting)");
    }

    @Test
    void anOrderCancelledBeforeItWasPlacedMustNotBeConfirmed() {
        ContractExample example = ContractExample.named("09");
        ObjectNode refund = example.refunds().get(0);
        ObjectNode confirmation =
                confirmation(
                        "o1",
                        "c-1",
                        lines("A", 1, 400),
                        400,
                        "e-o1-placed",
                        Instants.parse(refund.get("occurredAt").asText()) - 1);

        Report report = example.withOutputs(list -> List.of(confirmation), same(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.UNEXPECTED_OUTPUT);
    }

    @Test
    void aCancelledRefundMustCarryTheTimeTheCancellationTookEffect() {
        ContractExample example = ContractExample.named("10");

        Report report =
                example.withOutputs(
                                same(),
                                list -> {
                                    ObjectNode refund = list.get(0);
                                    // The cancellation's own, earlier stamp instead of the order's
                                    // time + 1 ms.
                                    long early =
                                            Instants.parse(refund.get("occurredAt").asText()) - 51;
                                    refund.put("occurredAt", Instants.format(early));
                                    return list;
                                },
                                same())
                        .check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_FIELDS);
    }

    @Test
    void anOutputForAnOrderNeverPlacedIsReported() {
        ContractExample example = ContractExample.named("01");
        long at = Instants.parse(example.confirmations().get(0).get("occurredAt").asText());
        ObjectNode stranger = confirmation("o9", "c-9", lines("A", 1, 5), 5, "e-o9-placed", at);

        Report report = example.withOutputs(list -> append(list, stranger), same(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.OUTPUT_FOR_UNKNOWN_ORDER);
    }

    @Test
    void outputsWithTheWrongKafkaKeyOrTimestampAreWrongFields() {
        ContractExample example = ContractExample.named("01");
        InvariantChecker checker = new InvariantChecker();
        example.inputs().forEach(i -> checker.acceptInput(i.topic(), i.record()));
        KafkaRecord right =
                ContractExample.output(
                        "order-confirmations", 0, example.confirmations().get(0), "o1");

        checker.acceptConfirmation(
                new KafkaRecord(right.topic(), 0, 0, right.timestamp() + 1, "o2", right.value()));

        Report report = checker.check();
        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_FIELDS);
        assertThat(report.total(ViolationKind.WRONG_FIELDS)).isEqualTo(2);
    }

    @Test
    void anUnreadableOutputIsAViolationNamingItsRecord() {
        InvariantChecker checker = new InvariantChecker();

        checker.acceptRefund(
                new KafkaRecord(
                        "refunds", 0, 7, 0, "o1", "not JSON".getBytes(StandardCharsets.UTF_8)));

        Report report = checker.check();
        assertThat(onlyKinds(report)).containsExactly(ViolationKind.UNREADABLE_OUTPUT);
        assertThat(report.violations().get(0).texts())
                .singleElement()
                .asString()
                .startsWith("refunds/0/7: value is not valid JSON");
    }

    @Test
    void anOutputMissingAFieldTheContractNamesIsUnreadable() {
        ContractExample example = ContractExample.named("01");

        Report report =
                example.withOutputs(
                                list -> {
                                    list.get(0).remove("causationId");
                                    return list;
                                },
                                same(),
                                same())
                        .check();

        assertThat(report.total(ViolationKind.UNREADABLE_OUTPUT)).isEqualTo(1);
    }

    @Test
    void onlyTheFirstFiveExamplesOfAKindAreKeptButAllAreCounted() {
        InvariantChecker checker = new InvariantChecker();
        for (int i = 0; i < 8; i++) {
            checker.acceptRefund(new KafkaRecord("refunds", 0, i, 0, "o1", null));
        }

        Report report = checker.check();
        assertThat(report.total(ViolationKind.UNREADABLE_OUTPUT)).isEqualTo(8);
        assertThat(report.violations().get(0).examples())
                .extracting(Violation::id)
                .containsExactly(
                        "refunds/0/0", "refunds/0/1", "refunds/0/2", "refunds/0/3", "refunds/0/4");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The kinds of violation found, but those of invariant 6: a mutated decision also makes the
     * example's unchanged status records disagree, which {@link StatusCheckTest} tests on its own.
     */
    static List<ViolationKind> onlyKinds(Report report) {
        return report.violations().stream()
                .map(Report.ViolationSummary::kind)
                .filter(k -> k.invariant() != 6)
                .toList();
    }

    private static UnaryOperator<List<ObjectNode>> same() {
        return list -> list;
    }

    private static List<ObjectNode> append(List<ObjectNode> list, ObjectNode element) {
        List<ObjectNode> out = new ArrayList<>(list);
        out.add(element.deepCopy());
        return out;
    }

    private static List<ObjectNode> without(List<ObjectNode> list, int index) {
        List<ObjectNode> out = new ArrayList<>(list);
        out.remove(index);
        return out;
    }

    private static List<ObjectNode> reasonOtherThan(List<ObjectNode> list, String reason) {
        return list.stream().filter(n -> !n.get("reason").asText().equals(reason)).toList();
    }

    /** Lines from (sku, quantity, unitPrice) triples. */
    static ArrayNode lines(Object... triples) {
        ArrayNode lines = ContractExample.JSON.createArrayNode();
        for (int i = 0; i < triples.length; i += 3) {
            lines.addObject()
                    .put("sku", (String) triples[i])
                    .put("quantity", (Integer) triples[i + 1])
                    .put("unitPrice", (Integer) triples[i + 2]);
        }
        return lines;
    }

    private static ObjectNode withLines(ObjectNode output, ArrayNode lines, long amount) {
        ObjectNode copy = output.deepCopy();
        copy.set("lines", lines);
        copy.put("amount", amount);
        return copy;
    }

    static ObjectNode confirmation(
            String orderId,
            String customerId,
            ArrayNode lines,
            long amount,
            String causationId,
            long at) {
        ObjectNode c =
                ContractExample.JSON
                        .createObjectNode()
                        .put("eventId", orderId + "/confirmed")
                        .put("type", "OrderConfirmed")
                        .put("occurredAt", Instants.format(at))
                        .put("orderId", orderId)
                        .put("customerId", customerId)
                        .put("currency", "EUR");
        c.set("lines", lines);
        return c.put("amount", amount).put("backordered", false).put("causationId", causationId);
    }

    /**
     * The example's dead letters as a job with {@code --dead-letter-value-bytes valueBytes} writes
     * them.
     */
    private static List<ObjectNode> cut(ContractExample example, int valueBytes) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode letter : example.deadLetters()) {
            KafkaRecord input =
                    example.inputs().stream()
                            .map(ContractExample.Input::record)
                            .filter(r -> r.coordinates().equals(letter.get("eventId").asText()))
                            .findFirst()
                            .orElseThrow();
            out.add(DeadLetters.of(input, letter.get("reason").asText(), valueBytes));
        }
        return out;
    }
}
