package io.orderflow.local.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.RefundReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

class InvariantCheckerTest {

    static List<ContractExample> examples() {
        return ContractExample.all();
    }

    static Stream<ContractExample> examplesWithoutBackorder() {
        return examples().stream().filter(e -> !e.usesBackorder());
    }

    @Test
    void readsAllTwentyOneWorkedExamples() {
        assertThat(examples()).hasSize(io.orderflow.jobs.ContractExample.COUNT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleWithItsExpectedOutputsHolds(ContractExample example) {
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
        OrderConfirmed confirmation = example.confirmations().get(0);

        Report report =
                example.withOutputs(list -> append(list, confirmation), same(), same()).check();

        assertThat(report.ok()).isFalse();
        assertThat(onlyKinds(report)).containsExactly(ViolationKind.DUPLICATE_OUTPUT);
        assertThat(report.violations().get(0).examples()).containsExactly("o1: 2 OrderConfirmed");
        assertThat(report.format()).contains("DUPLICATE_OUTPUT: 1", "invariant 1", "VIOLATED");
    }

    @Test
    void confirmingALineBeyondStockIsOversold() {
        // Example 02 has 1 unit of B; confirm all 3 as well and drop the OUT_OF_STOCK refund.
        ContractExample example = ContractExample.named("02");
        OrderConfirmed original = example.confirmations().get(0);
        List<OrderLine> both = List.of(new OrderLine("A", 2, 1000), new OrderLine("B", 3, 500));
        OrderConfirmed greedy = withLines(original, both, 3500);

        Report report =
                example.withOutputs(list -> List.of(greedy), list -> List.of(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.OVERSOLD);
        assertThat(report.violations().get(0).examples())
                .singleElement()
                .asString()
                .startsWith("B: available -2 after confirming 3 to order o1");
    }

    @Test
    void aCancellationWithoutItsRefundIsAMissingRefund() {
        ContractExample example = ContractExample.named("08");

        Report report =
                example.withOutputs(
                                same(),
                                list ->
                                        list.stream()
                                                .filter(r -> r.reason() != RefundReason.CANCELLED)
                                                .toList(),
                                same())
                        .check();

        // Without the release, o2's confirmation of the same 2 units also oversells A.
        assertThat(onlyKinds(report))
                .containsExactly(ViolationKind.MISSING_REFUND, ViolationKind.OVERSOLD);
        assertThat(report.violations().get(0).examples())
                .containsExactly(
                        "o1: cancelled after its confirmation of 600, but has no CANCELLED refund");
    }

    @Test
    void unconfirmedLinesWithoutAnOutOfStockRefundAreAMissingRefund() {
        ContractExample example = ContractExample.named("02");

        Report report = example.withOutputs(same(), list -> List.of(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.MISSING_REFUND);
    }

    @Test
    void aCancellationBeforeTheOrderWithoutRefundIsAMissingRefund() {
        ContractExample example = ContractExample.named("09");

        Report report = example.withOutputs(same(), list -> List.of(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.MISSING_REFUND);
    }

    @Test
    void aDroppedDeadLetterLeavesAnInputUnaccounted() {
        ContractExample example = ContractExample.named("12");

        Report report =
                example.withOutputs(
                                same(),
                                same(),
                                list ->
                                        list.stream()
                                                .filter(
                                                        d ->
                                                                d.reason()
                                                                        != DeadLetterReason
                                                                                .UNKNOWN_TYPE)
                                                .toList())
                        .check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.UNACCOUNTED_INPUT);
        assertThat(report.violations().get(0).examples())
                .containsExactly(
                        "orders/0/1 (key o9): expected a UNKNOWN_TYPE dead letter, found none");
    }

    @Test
    void aConflictingOrderIsExpectedAsADeadLetter() {
        ContractExample example = ContractExample.named("05");
        Report dropped = example.withOutputs(same(), same(), list -> List.of()).check();
        assertThat(onlyKinds(dropped)).containsExactly(ViolationKind.UNACCOUNTED_INPUT);

        DeadLetter letter = example.deadLetters().get(0);
        DeadLetter mislabelled = relabel(letter, DeadLetterReason.SCHEMA_VIOLATION);
        Report wrong = example.withOutputs(same(), same(), list -> List.of(mislabelled)).check();
        assertThat(onlyKinds(wrong)).containsExactly(ViolationKind.WRONG_DEAD_LETTER);
    }

    @Test
    void deadLettersWithCutValuesStillMatchTheirRecordsByLengthAndHash() {
        ContractExample example = ContractExample.named("12");

        Report report = example.withOutputs(same(), same(), list -> cut(example, list, 3)).check();

        assertThat(cut(example, example.deadLetters(), 3)).allSatisfy(d -> assertThat(d.valueTruncated()).isTrue());
        assertThat(report.ok()).as(report.format()).isTrue();
    }

    @Test
    void aDeadLetterWhoseHashIsNotTheRecordsIsWrong() {
        ContractExample example = ContractExample.named("12");

        Report report = example.withOutputs(same(), same(),
                list -> list.stream().map(d -> withValue(d, d.valueTruncated(), "0".repeat(64))).toList()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_DEAD_LETTER);
    }

    @Test
    void aWholeValueMarkedTruncatedIsWrong() {
        ContractExample example = ContractExample.named("12");

        Report report = example.withOutputs(same(), same(),
                list -> list.stream().map(d -> withValue(d, true, d.valueSha256())).toList()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_DEAD_LETTER);
        assertThat(report.violations().get(0).examples().get(0)).contains("valueTruncated");
    }

    @Test
    void aDeadLetterForAnAppliedRecordIsUnexpected() {
        ContractExample example = ContractExample.named("01");
        RecordOrigin applied = example.inputs().get(1).origin();
        DeadLetter letter = DeadLetter.of(DeadLetterReason.SCHEMA_VIOLATION, "made up", applied);

        Report report = example.withOutputs(same(), same(), list -> append(list, letter)).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.UNEXPECTED_DEAD_LETTER);
    }

    @Test
    void anAmountThatIsNotTheSumOfItsLinesIsWrong() {
        ContractExample example = ContractExample.named("01");
        OrderConfirmed original = example.confirmations().get(0);
        OrderConfirmed wrong = withLines(original, original.lines(), 3999);

        Report report = example.withOutputs(list -> List.of(wrong), same(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_AMOUNT);
        assertThat(report.violations().get(0).examples())
                .containsExactly("o1: OrderConfirmed amount 3999 but its lines sum to 3998");
    }

    @Test
    void aCancelledRefundMustEqualTheConfirmedAmount() {
        ContractExample example = ContractExample.named("08");
        UnaryOperator<List<RefundIssued>> halve =
                list ->
                        list.stream()
                                .map(
                                        r ->
                                                r.reason() == RefundReason.CANCELLED
                                                        ? withLines(
                                                                r,
                                                                List.of(new OrderLine("A", 1, 300)),
                                                                300)
                                                        : r)
                                .toList();

        Report report = example.withOutputs(same(), halve, same()).check();

        assertThat(onlyKinds(report)).contains(ViolationKind.WRONG_AMOUNT);
    }

    @Test
    void aPartialOrderWithoutDecisionIsALostDecision() {
        ContractExample example = ContractExample.named("01");

        Report report = example.withOutputs(list -> List.of(), same(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.LOST_DECISION);
    }

    @Test
    void aBackorderStillWaitingIsInformationOnly() {
        ContractExample example = ContractExample.named("13");

        Report report = example.withOutputs(list -> List.of(), same(), same()).check();

        assertThat(report.ok()).isTrue();
        assertThat(report.undecidedBackorders()).isEqualTo(1);
        assertThat(report.format()).contains("1 BACKORDER orders undecided (still waiting)");
    }

    @Test
    void anOrderCancelledBeforeItWasPlacedMustNotBeConfirmed() {
        ContractExample example = ContractExample.named("09");
        OrderConfirmed confirmation =
                new OrderConfirmed(
                        "o1/confirmed",
                        example.refunds().get(0).occurredAt() - 1,
                        "o1",
                        "c-1",
                        "EUR",
                        List.of(new OrderLine("A", 1, 400)),
                        400,
                        false,
                        "e-o1-placed");

        Report report = example.withOutputs(list -> List.of(confirmation), same(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.UNEXPECTED_OUTPUT);
    }

    @Test
    void aCancelledRefundMustCarryTheTimeTheCancellationTookEffect() {
        ContractExample example = ContractExample.named("10");
        RefundIssued refund = example.refunds().get(0);
        RefundIssued early =
                new RefundIssued(
                        refund.eventId(),
                        refund.occurredAt() - 51, // the cancellation's own, earlier stamp
                        refund.orderId(),
                        refund.customerId(),
                        refund.currency(),
                        refund.reason(),
                        refund.lines(),
                        refund.amount(),
                        refund.causationId());

        Report report = example.withOutputs(same(), list -> List.of(early), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_FIELDS);
    }

    @Test
    void anOutputForAnOrderNeverPlacedIsReported() {
        ContractExample example = ContractExample.named("01");
        OrderConfirmed original = example.confirmations().get(0);
        OrderConfirmed stranger =
                new OrderConfirmed(
                        "o9/confirmed",
                        original.occurredAt(),
                        "o9",
                        "c-9",
                        "EUR",
                        List.of(new OrderLine("A", 1, 5)),
                        5,
                        false,
                        "e-o9-placed");

        Report report = example.withOutputs(list -> append(list, stranger), same(), same()).check();

        assertThat(onlyKinds(report)).containsExactly(ViolationKind.OUTPUT_FOR_UNKNOWN_ORDER);
    }

    @Test
    void outputsWithTheWrongKafkaKeyOrTimestampAreWrongFields() {
        ContractExample example = ContractExample.named("01");
        InvariantChecker checker = new InvariantChecker();
        example.inputs().forEach(i -> checker.acceptInput(i.kind(), i.origin()));
        OrderConfirmed confirmation = example.confirmations().get(0);

        checker.acceptConfirmation(confirmation, "o2", confirmation.occurredAt() + 1);

        Report report = checker.check();
        assertThat(onlyKinds(report)).containsExactly(ViolationKind.WRONG_FIELDS);
        assertThat(report.total(ViolationKind.WRONG_FIELDS)).isEqualTo(2);
    }

    @Test
    void anUnreadableOutputIsAViolation() {
        InvariantChecker checker = new InvariantChecker();

        checker.acceptUnreadableOutput("refunds", 0, 7, "not JSON");

        Report report = checker.check();
        assertThat(onlyKinds(report)).containsExactly(ViolationKind.UNREADABLE_OUTPUT);
        assertThat(report.violations().get(0).examples()).containsExactly("refunds/0/7: not JSON");
    }

    @Test
    void onlyTheFirstFiveExamplesOfAKindAreKeptButAllAreCounted() {
        InvariantChecker checker = new InvariantChecker();
        for (int i = 0; i < 8; i++) {
            checker.acceptUnreadableOutput("refunds", 0, i, "bad");
        }

        Report report = checker.check();
        assertThat(report.total(ViolationKind.UNREADABLE_OUTPUT)).isEqualTo(8);
        assertThat(report.violations().get(0).examples())
                .containsExactly(
                        "refunds/0/0: bad",
                        "refunds/0/1: bad",
                        "refunds/0/2: bad",
                        "refunds/0/3: bad",
                        "refunds/0/4: bad");
    }

    // ---------------------------------------------------------------- helpers

    private static List<ViolationKind> onlyKinds(Report report) {
        return report.violations().stream().map(Report.ViolationSummary::kind).toList();
    }

    private static <T> UnaryOperator<List<T>> same() {
        return list -> list;
    }

    private static <T> List<T> append(List<T> list, T element) {
        List<T> out = new java.util.ArrayList<>(list);
        out.add(element);
        return out;
    }

    private static <T> List<T> without(List<T> list, int index) {
        List<T> out = new java.util.ArrayList<>(list);
        out.remove(index);
        return out;
    }

    private static OrderConfirmed withLines(OrderConfirmed c, List<OrderLine> lines, long amount) {
        return new OrderConfirmed(
                c.eventId(),
                c.occurredAt(),
                c.orderId(),
                c.customerId(),
                c.currency(),
                lines,
                amount,
                c.backordered(),
                c.causationId());
    }

    private static RefundIssued withLines(RefundIssued r, List<OrderLine> lines, long amount) {
        return new RefundIssued(
                r.eventId(),
                r.occurredAt(),
                r.orderId(),
                r.customerId(),
                r.currency(),
                r.reason(),
                lines,
                amount,
                r.causationId());
    }

    private static DeadLetter relabel(DeadLetter d, DeadLetterReason reason) {
        return new DeadLetter(d.eventId(), d.occurredAt(), reason, d.detail(), d.source(), d.key(), d.keyTruncated(),
                d.value(), d.valueBase64(), d.valueTruncated(), d.valueBytes(), d.valueSha256());
    }

    private static DeadLetter withValue(DeadLetter d, boolean truncated, String sha256) {
        return new DeadLetter(d.eventId(), d.occurredAt(), d.reason(), d.detail(), d.source(), d.key(), d.keyTruncated(),
                d.value(), d.valueBase64(), truncated, d.valueBytes(), sha256);
    }

    /** The example's dead letters as a job with {@code --dead-letter-value-bytes valueBytes} writes them. */
    private static List<DeadLetter> cut(ContractExample example, List<DeadLetter> letters, int valueBytes) {
        return letters.stream()
                .map(d -> DeadLetter.of(d.reason(), d.detail(), example.inputs().stream()
                        .map(ContractExample.Input::origin)
                        .filter(o -> d.eventId().equals(o.topic() + "/" + o.partition() + "/" + o.offset()))
                        .findFirst()
                        .orElseThrow(), valueBytes))
                .toList();
    }
}
