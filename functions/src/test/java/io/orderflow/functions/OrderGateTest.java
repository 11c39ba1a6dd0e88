package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.WINDOW;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.cancelled;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.Fixtures.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderPlaced;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderGateTest {

    private KeyedOneInputStreamOperatorTestHarness<String, InputRecord, LedgerEntry> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = open(new OrderGate(Fulfilment.PARTIAL, WINDOW, TTL), null);
    }

    /** A gate as the job runs it, restored from {@code snapshot} when there is one. */
    private static KeyedOneInputStreamOperatorTestHarness<String, InputRecord, LedgerEntry> open(
            OrderGate gate, OperatorSubtaskState snapshot) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderGateOperator(gate), InputRecord::key, Types.STRING);
        h.setStateTtlProcessingTime(0);
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(InputRecord record) throws Exception {
        harness.processElement(new StreamRecord<>(record, record.occurredAt()));
    }

    private List<OrderUpdate> updates() {
        return Fixtures.sideOutput(harness, OrderGate.ORDER_UPDATES);
    }

    private List<DeadLetter> deadLetters() {
        return Fixtures.sideOutput(harness, OrderGate.DEAD_LETTERS);
    }

    @Test
    void acceptedOrderBecomesOneReservationPerLineTheFirstCarryingTheOrderAndNoUpdate()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10), line("B", 1, 5));
        send(placed(o1));

        assertThat(harness.extractOutputValues())
                .containsExactly(
                        LedgerEntry.reserve(o1, 0, false, 0).carrying(o1),
                        LedgerEntry.reserve(o1, 1, false, 0));
        assertThat(updates())
                .as("the order reaches the decider with its first line's outcome")
                .isEmpty();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void resentEventAndSameContentUnderANewEventIdAreDuplicates() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10));
        send(placed(o1));
        send(placed(o1));
        send(placed(order("o1", "e-o1-again", 150, Fulfilment.PARTIAL, line("A", 2, 10))));

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void differentContentUnderTheSameOrderIdIsAConflictingOrderDeadLetter() throws Exception {
        send(placed(order("o1", 100, line("A", 2, 10))));
        InputRecord conflicting = placed(order("o1", "e-o1-v2", 200, null, line("A", 3, 10)));
        send(conflicting);

        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        dl -> {
                            assertThat(dl.reason()).isEqualTo(DeadLetterReason.CONFLICTING_ORDER);
                            assertThat(dl.detail()).contains("lines");
                            assertThat(dl.eventId()).isEqualTo("orders/0/7");
                            assertThat(dl.value())
                                    .isEqualTo(
                                            new String(
                                                    conflicting.origin().value(),
                                                    java.nio.charset.StandardCharsets.UTF_8));
                            assertThat(dl.valueTruncated()).isFalse();
                            assertThat(dl.valueBytes())
                                    .isEqualTo(conflicting.origin().value().length);
                            assertThat(dl.valueSha256()).hasSize(64);
                        });
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void aConflictingOrdersDeadLetterHoldsAtMostTheConfiguredValueBytes() throws Exception {
        harness.close();
        harness = open(new OrderGate(Fulfilment.PARTIAL, WINDOW, TTL, 5), null);
        send(placed(order("o1", 100, line("A", 2, 10))));
        InputRecord conflicting = placed(order("o1", "e-o1-v2", 200, null, line("A", 3, 10)));
        send(conflicting);

        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        dl -> {
                            assertThat(dl.value()).isEqualTo("{\"eve");
                            assertThat(dl.valueTruncated()).isTrue();
                            assertThat(dl.valueBytes())
                                    .isEqualTo(conflicting.origin().value().length);
                        });
    }

    @Test
    void cancellationAfterTheOrderReleasesEveryLineOneMillisecondAfterItAtTheEarliest()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10), line("B", 1, 5));
        send(placed(o1));
        send(cancelled("o1", 50));
        send(cancelled("o1", 60));

        assertThat(harness.extractOutputValues())
                .containsExactly(
                        LedgerEntry.reserve(o1, 0, false, 0).carrying(o1),
                        LedgerEntry.reserve(o1, 1, false, 0),
                        LedgerEntry.release(o1, 0, at(101)),
                        LedgerEntry.release(o1, 1, at(101)));
        assertThat(updates()).containsExactly(OrderUpdate.cancelled(o1, "e-o1-cancel", at(101)));
    }

    @Test
    void cancellationBeforeTheOrderIsRememberedAndNothingIsReserved() throws Exception {
        send(cancelled("o1", 90));
        assertThat(updates()).isEmpty();
        OrderPlaced o1 = order("o1", 100, line("A", 1, 400));
        send(placed(o1));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(updates())
                .containsExactly(OrderUpdate.placedAlreadyCancelled(o1, "e-o1-cancel", at(101)));
    }

    @Test
    void backorderLinesCarryTheirDeadline() throws Exception {
        OrderPlaced o1 = order("o1", "e1", 100, Fulfilment.BACKORDER, line("A", 1, 1));
        send(placed(o1));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.backorder()).isTrue();
                            assertThat(e.deadline()).isEqualTo(at(100) + WINDOW.toMillis() + 1);
                        });
    }

    @Test
    void aResentOrderAfterARestoreIsStillADuplicateAndItsCancellationReleasesItsLines()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10));
        send(placed(o1));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = open(new OrderGate(Fulfilment.PARTIAL, WINDOW, TTL), snapshot);
        send(placed(o1));
        send(cancelled("o1", 500));

        assertThat(updates())
                .as("the restored gate knows o1 although its filter of orderIds was rebuilt")
                .containsExactly(OrderUpdate.cancelled(o1, "e-o1-cancel", at(500)));
        assertThat(harness.extractOutputValues())
                .containsExactly(LedgerEntry.release(o1, 0, at(500)));
    }

    @Test
    void anOrderPlacedMoreThanADedupTtlOfProcessingTimeAgoIsStillKnownWhileItsStateLives()
            throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10));
        harness.setProcessingTime(1_000);
        send(placed(o1));
        // The filter's generations turn over with processing time, the state's TTL with its own
        // clock: here the state has not expired, so the filter must still let o1 be looked up.
        harness.setProcessingTime(1_000 + TTL.toMillis() + 1);
        send(placed(o1));

        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void stateIsForgottenAfterTheDedupTtl() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 10));
        send(placed(o1));
        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        send(placed(o1));

        assertThat(harness.extractOutputValues())
                .as("after the TTL the same event is new again")
                .hasSize(2);
    }
}
