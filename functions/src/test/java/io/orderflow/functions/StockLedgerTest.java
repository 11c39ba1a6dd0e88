package io.orderflow.functions;

import static io.orderflow.functions.Fixtures.TTL;
import static io.orderflow.functions.Fixtures.WINDOW;
import static io.orderflow.functions.Fixtures.at;
import static io.orderflow.functions.Fixtures.backorder;
import static io.orderflow.functions.Fixtures.counted;
import static io.orderflow.functions.Fixtures.finalOutcomes;
import static io.orderflow.functions.Fixtures.line;
import static io.orderflow.functions.Fixtures.order;
import static io.orderflow.functions.Fixtures.received;
import static io.orderflow.functions.Fixtures.reserve;
import static io.orderflow.functions.LineOutcome.Result.REJECTED;
import static io.orderflow.functions.LineOutcome.Result.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.orderflow.schemas.OrderPlaced;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StockLedgerTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, LedgerEntry, Long, OrderOutcomes>
            harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = Fixtures.ledger(new StockLedger(TTL), 128, 1, 0);
        harness.setStateTtlProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(LedgerEntry e) throws Exception {
        harness.processElement1(new StreamRecord<>(e, e.time()));
    }

    private void advanceTo(long watermark) throws Exception {
        harness.processBothWatermarks(new Watermark(watermark));
    }

    /** Goes on in a new ledger restored from {@code snapshot}. */
    private void restoreFrom(OperatorSubtaskState snapshot) throws Exception {
        harness.close();
        harness = Fixtures.ledger(new StockLedger(TTL), 128, 1, 0);
        harness.setStateTtlProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
    }

    /** A reader's input ended, having read up to {@code time}. */
    private void runEnd(long time) throws Exception {
        harness.processElement2(new StreamRecord<>(time));
    }

    @Test
    void theOutcomeOfTheEntryCarryingAnOrderCarriesItAndNoOtherDoes() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 2, 100), line("B", 1, 100));
        send(received("r-a", "A", 5, 50));
        send(reserve(o1, 0).carrying(o1));
        send(reserve(o1, 1));
        advanceTo(at(100));
        // A late entry applies on arrival; its outcome carries its order too.
        OrderPlaced o2 = order("o2", 90, line("A", 1, 100));
        send(reserve(o2, 0).carrying(o2));

        assertThat(harness.extractOutputValues())
                .extracting(OrderOutcomes::orderId, OrderOutcomes::order)
                .as("the lines of o1 on one ledger step leave as one record, with o1")
                .containsExactly(tuple("o1", o1), tuple("o2", o2));
    }

    @Test
    void entriesWaitForTheWatermarkThenApplyInContractOrder() throws Exception {
        // Arrival order is the opposite of the contract's order at one instant.
        OrderPlaced o2 = order("o2", 100, line("A", 2, 100));
        OrderPlaced o1 = order("o1", 100, line("A", 2, 100));
        send(reserve(o2, 0));
        send(reserve(o1, 0));
        send(received("r100", "A", 3, 100));
        assertThat(finalOutcomes(harness.extractOutputValues())).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("they wait in memory, with no timer").isZero();

        advanceTo(at(100));

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(
                        new LineOutcome("o1", 0, at(100), RESERVED, false),
                        new LineOutcome("o2", 0, at(100), REJECTED, false));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theOutcomesOneStepMakesForOneOrderLeaveAsOneRecord() throws Exception {
        send(counted("A", 5, 0));
        send(counted("B", 5, 0));
        OrderPlaced o1 = order("o1", 100, line("A", 2, 100), line("B", 9, 100), line("A", 1, 100));
        OrderPlaced o2 = order("o2", 100, line("B", 1, 100));
        send(reserve(o1, 0));
        send(reserve(o1, 1));
        send(reserve(o2, 0));
        send(reserve(o1, 2));

        advanceTo(at(100));

        List<OrderOutcomes> sent = harness.extractOutputValues();
        assertThat(sent).extracting(OrderOutcomes::orderId).containsExactlyInAnyOrder("o1", "o2");
        OrderOutcomes first = sent.get(0).orderId().equals("o1") ? sent.get(0) : sent.get(1);
        assertThat(first.outcomes())
                .containsExactlyInAnyOrder(
                        new LineOutcome("o1", 0, at(100), RESERVED, false),
                        new LineOutcome("o1", 1, at(100), REJECTED, false),
                        new LineOutcome("o1", 2, at(100), RESERVED, false));
    }

    @Test
    void releaseAppliesBeforeAReservationOfTheSameInstant() throws Exception {
        send(counted("A", 2, 0));
        OrderPlaced o1 = order("o1", 100, line("A", 2, 300));
        send(reserve(o1, 0));
        advanceTo(at(100));
        OrderPlaced o2 = order("o2", 500, line("A", 2, 300));
        send(reserve(o2, 0));
        send(LedgerEntry.release(o1, 0, at(500)));
        advanceTo(at(500));

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(
                        new LineOutcome("o1", 0, at(100), RESERVED, false),
                        new LineOutcome("o2", 0, at(500), RESERVED, false));
    }

    @Test
    void resentStockEventCountsOnce() throws Exception {
        send(received("r1", "A", 2, 0));
        send(received("r1", "A", 2, 0));
        send(reserve(order("o1", 100, line("A", 3, 100)), 0));
        advanceTo(at(100));

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(new LineOutcome("o1", 0, at(100), REJECTED, false));
    }

    @Test
    void aRestoredLedgerStillDropsAStockEventItSawBeforeTheCheckpoint() throws Exception {
        send(received("r1", "A", 2, 0));
        advanceTo(at(0));
        harness.prepareSnapshotPreBarrier(1);
        restoreFrom(harness.snapshot(1, 1));

        send(received("r1", "A", 2, 0));
        send(reserve(order("o1", 100, line("A", 3, 100)), 0));
        advanceTo(at(100));

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .as("r1 counted once although the filter of stock eventIds was rebuilt")
                .containsExactly(new LineOutcome("o1", 0, at(100), REJECTED, false));
    }

    @Test
    void aBusyStepWritesTheBooksItChangedBeforeTheBarrier() throws Exception {
        for (int i = 0; i < FlushTime.WRITE_AHEAD_AT; i++) {
            send(counted("sku-" + i, 1, 0));
        }
        advanceTo(at(0));
        // A snapshot without the writes before the barrier: only what the step wrote is in it.
        restoreFrom(harness.snapshot(1, 1));

        send(reserve(order("o1", 100, line("sku-7", 1, 100)), 0));
        advanceTo(at(100));

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(new LineOutcome("o1", 0, at(100), RESERVED, false));
    }

    @Test
    void lateEntryAppliesOnArrival() throws Exception {
        advanceTo(at(1000));
        send(counted("A", 1, 0));
        send(reserve(order("o1", 100, line("A", 1, 100)), 0));

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(new LineOutcome("o1", 0, at(100), RESERVED, false));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aSkuBackToNothingLeavesNoBookBehind() throws Exception {
        OrderPlaced o1 = order("o1", 100, line("A", 1, 100));
        send(reserve(o1, 0));
        advanceTo(at(100));

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(new LineOutcome("o1", 0, at(100), REJECTED, false));
        harness.prepareSnapshotPreBarrier(1);
        assertThat(harness.numKeyedStateEntries())
                .as("no book, no pending entries: only o1's rejected line")
                .isEqualTo(1);
    }

    @Test
    void backorderExpiresAtItsDeadlineBeforeStockOfThatInstant() throws Exception {
        send(counted("A", 1, 0));
        OrderPlaced o1 = backorder("o1", 100, line("A", 3, 100));
        send(reserve(o1, 0));
        long deadline = at(100) + WINDOW.toMillis() + 1;
        send(
                LedgerEntry.stock(
                        io.orderflow.schemas.InputRecord.of(
                                new io.orderflow.schemas.StockReceived(
                                        "late-stock", deadline, "A", 5))));
        advanceTo(at(100));
        assertThat(finalOutcomes(harness.extractOutputValues())).isEmpty();

        advanceTo(deadline);

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(new LineOutcome("o1", 0, deadline, REJECTED, true));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void stockAtTheLastInstantOfTheWindowStillFillsIt() throws Exception {
        OrderPlaced o1 = backorder("o1", 100, line("A", 1, 100));
        send(reserve(o1, 0));
        long lastInstant = at(100) + WINDOW.toMillis();
        send(
                LedgerEntry.stock(
                        io.orderflow.schemas.InputRecord.of(
                                new io.orderflow.schemas.StockReceived("r", lastInstant, "A", 1))));
        advanceTo(Long.MAX_VALUE);

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(new LineOutcome("o1", 0, lastInstant, RESERVED, true));
    }

    @Test
    void endOfInputDoesNotExpireLinesWhoseWindowTheInputNeverReached() throws Exception {
        send(reserve(backorder("o1", 100, line("A", 1, 100)), 0));
        runEnd(at(100));
        advanceTo(Long.MAX_VALUE);

        assertThat(finalOutcomes(harness.extractOutputValues())).isEmpty();
        assertThat(harness.numEventTimeTimers())
                .as("nothing left to wake up for in this run")
                .isZero();
    }

    @Test
    void endOfInputExpiresALineWhoseDeadlineTheRunReachedOnAnotherSku() throws Exception {
        send(reserve(backorder("o1", 100, line("A", 3, 100)), 0));
        long deadline = at(100) + WINDOW.toMillis() + 1;
        // One reader ended early; another read an event (of some other sku) at the deadline.
        runEnd(at(100));
        runEnd(deadline);
        advanceTo(Long.MAX_VALUE);

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(new LineOutcome("o1", 0, deadline, REJECTED, true));
    }

    @Test
    void endOfInputKeepsALineWaitingWhenTheRunEndedOneMillisecondBeforeItsDeadline()
            throws Exception {
        send(reserve(backorder("o1", 100, line("A", 3, 100)), 0));
        long deadline = at(100) + WINDOW.toMillis() + 1;
        runEnd(deadline - 1);
        runEnd(at(100));
        advanceTo(Long.MAX_VALUE);

        assertThat(finalOutcomes(harness.extractOutputValues())).isEmpty();
    }

    @Test
    void endOfInputWithNoRunEndKnownExpiresNothing() throws Exception {
        send(reserve(backorder("o1", 100, line("A", 3, 100)), 0));
        advanceTo(Long.MAX_VALUE);

        assertThat(finalOutcomes(harness.extractOutputValues())).isEmpty();
    }

    @Test
    void betweenCheckpointsNothingButStockEventIdsTouchesKeyedStateAndACheckpointKeepsWhatWaits()
            throws Exception {
        send(counted("A", 5, 0));
        send(reserve(order("o1", 100, line("A", 2, 100)), 0));
        send(reserve(order("o2", 900, line("A", 4, 100)), 0));
        advanceTo(at(500));
        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(new LineOutcome("o1", 0, at(100), RESERVED, false));
        assertThat(harness.numKeyedStateEntries())
                .as("only the stock event's id, kept for dedup")
                .isEqualTo(1);

        harness.prepareSnapshotPreBarrier(1);
        var checkpoint = harness.snapshot(1, 1);

        assertThat(harness.numKeyedStateEntries())
                .as(
                        "seen id and book (o1's reserved line writes nothing); o2's waiting bucket"
                                + " is in raw keyed state")
                .isEqualTo(2);
        restoreFrom(checkpoint);
        advanceTo(at(1_000));
        assertThat(finalOutcomes(harness.extractOutputValues()))
                .as("o2 waited through the restore and meets the 3 units o1 left")
                .containsExactly(new LineOutcome("o2", 0, at(900), REJECTED, false));
    }

    @Test
    void entriesBeyondTheMemoryBudgetWaitInKeyedStateAndStillApplyInContractOrder()
            throws Exception {
        harness.close();
        harness = Fixtures.ledger(new StockLedger(TTL, 2), 128, 1, 0);
        harness.setStateTtlProcessingTime(0);
        harness.open();
        // Sent latest first: each new entry is earlier than what waits, so memory keeps the
        // earliest two.
        send(reserve(order("o3", 500, line("A", 1, 100)), 0));
        send(reserve(order("o2", 400, line("A", 2, 100)), 0));
        send(received("r300", "A", 2, 300));
        send(reserve(order("o1", 100, line("A", 1, 100)), 0));
        send(counted("A", 1, 50));
        assertThat(harness.numEventTimeTimers())
                .as("three buckets wait in keyed state")
                .isEqualTo(3);

        advanceTo(at(1_000));

        assertThat(finalOutcomes(harness.extractOutputValues()))
                .containsExactly(
                        new LineOutcome("o1", 0, at(100), RESERVED, false),
                        new LineOutcome("o2", 0, at(400), RESERVED, false),
                        new LineOutcome("o3", 0, at(500), REJECTED, false));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /**
     * A replay reads inventory far ahead of the orders in event time: thousands of stock entries
     * wait for a watermark that the orders hold back. Memory holds at most the budget however long
     * the backlog, and the outcomes are those of a ledger with room for everything.
     */
    @Test
    void aBacklogFarBeyondTheMemoryBudgetNeverHoldsMoreThanTheBudgetInMemoryAndDecidesAlike()
            throws Exception {
        List<LineOutcome> unbounded =
                replayWithInventoryFarAhead(new StockLedger(TTL, 1_000_000), Integer.MAX_VALUE);
        List<LineOutcome> bounded = replayWithInventoryFarAhead(new StockLedger(TTL, 50), 50);

        assertThat(bounded).hasSize(400).isEqualTo(unbounded);
        assertThat(bounded).extracting(LineOutcome::result).contains(RESERVED, REJECTED);
    }

    /**
     * 5,000 stock events over 20 skus and 5,000 s, then 400 orders over the same time; checks the
     * budget after every record.
     */
    private static List<LineOutcome> replayWithInventoryFarAhead(StockLedger ledger, int budget)
            throws Exception {
        try (var h = Fixtures.ledger(ledger, 128, 1, 0)) {
            h.setStateTtlProcessingTime(0);
            h.open();
            for (int i = 0; i < 5_000; i++) {
                // A count now and then sets the stock low again, so that some lines are rejected.
                LedgerEntry stock =
                        i % 7 == 0
                                ? counted("S" + (i % 20), 1, i * 1_000L)
                                : received("r" + i, "S" + (i % 20), 1, i * 1_000L);
                h.processElement1(new StreamRecord<>(stock, stock.time()));
                assertThat(ledger.entriesInMemory()).isLessThanOrEqualTo(budget);
            }
            for (int i = 0; i < 400; i++) {
                LedgerEntry line =
                        reserve(
                                order(
                                        "o" + i,
                                        i * 12_500L + 1,
                                        line("S" + (i % 20), 1 + i % 3, 100)),
                                0);
                h.processElement1(new StreamRecord<>(line, line.time()));
                assertThat(ledger.entriesInMemory()).isLessThanOrEqualTo(budget);
                if (i % 50 == 49) {
                    h.processBothWatermarks(new Watermark(line.time()));
                    h.prepareSnapshotPreBarrier(i);
                    assertThat(ledger.entriesInMemory()).isLessThanOrEqualTo(budget);
                }
            }
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            return new ArrayList<>(finalOutcomes(h.extractOutputValues()));
        }
    }
}
