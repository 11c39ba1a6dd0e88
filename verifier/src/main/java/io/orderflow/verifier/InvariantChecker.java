package io.orderflow.verifier;

import java.util.List;

/**
 * An independent checker of the contract's invariants 1 to 4 and 6 (CONTRACT.md section 5) on
 * committed outputs. It shares nothing with the job: which inputs are applied, dropped as
 * duplicates or dead-lettered, and what each applied order calls for, it derives from the input
 * records itself.
 *
 * <p>Feed it every input record, in offset order within each partition (records of one key share a
 * partition, and only their order matters), and every output record, in any order; then call {@link
 * #check()}. It keeps a compact summary per order and per sku, not the records.
 *
 * <p>The checks, one class per part of the contract: {@link Accounting} (invariant 4 and the
 * counts), {@link MoneyCheck} (1 and 2), {@link StockReplayCheck} (3), {@link DeadLetterCheck}
 * (dead letters, the rest of 4), {@link StatusCheck} (6). {@link Check} says how to add one.
 */
public final class InvariantChecker {

    private final Observations seen = new Observations();
    private final Accounting accounting;
    private final OrderOutputs outputs = new OrderOutputs(seen);
    private final DeadLetterCheck deadLetters = new DeadLetterCheck(seen);
    private final OrderStatuses statuses = new OrderStatuses(seen);
    private final List<Check> checks;

    /** A checker for a job run with the default options. */
    public InvariantChecker() {
        this(Fulfilment.PARTIAL, InputRules.DEFAULT_MAX_RECORD_BYTES);
    }

    /** A checker for a job run with these {@code --default-fulfilment} and max record bytes. */
    public InvariantChecker(Fulfilment defaultFulfilment, int maxRecordBytes) {
        accounting = new Accounting(seen, defaultFulfilment, maxRecordBytes);
        checks =
                List.of(
                        accounting,
                        new MoneyCheck(),
                        new StockReplayCheck(),
                        deadLetters,
                        new StatusCheck());
    }

    /** One record of an input topic; records of one partition must come in offset order. */
    public void acceptInput(InputTopic topic, KafkaRecord record) {
        accounting.accept(topic, record);
    }

    /** One record of the confirmations topic. */
    public void acceptConfirmation(KafkaRecord record) {
        try {
            outputs.accept(
                    OutputEvents.confirmation(record.value()), record.key(), record.timestamp());
        } catch (IllegalArgumentException e) {
            acceptUnreadableOutput(record, e.getMessage());
        }
    }

    /** One record of the refunds topic. */
    public void acceptRefund(KafkaRecord record) {
        try {
            outputs.accept(OutputEvents.refund(record.value()), record.key(), record.timestamp());
        } catch (IllegalArgumentException e) {
            acceptUnreadableOutput(record, e.getMessage());
        }
    }

    /** One record of the order-status topic, read in offset order within each partition. */
    public void acceptStatus(KafkaRecord record) {
        try {
            statuses.accept(OutputEvents.status(record.value()), record.key(), record.timestamp());
        } catch (IllegalArgumentException e) {
            acceptUnreadableOutput(record, e.getMessage());
        }
    }

    /** One record of the dead-letters topic. */
    public void acceptDeadLetter(KafkaRecord record) {
        try {
            deadLetters.accept(
                    OutputEvents.deadLetter(record.value()), record.key(), record.timestamp());
        } catch (IllegalArgumentException e) {
            acceptUnreadableOutput(record, e.getMessage());
        }
    }

    private void acceptUnreadableOutput(KafkaRecord record, String problem) {
        seen.atIntake.record(ViolationKind.UNREADABLE_OUTPUT, record.coordinates(), problem);
    }

    /** Checks everything accepted so far. May be called again after more input. */
    public Report check() {
        Violations found = seen.atIntake.copy();
        for (Check check : checks) {
            check.check(seen, found);
        }
        return new Report(
                seen.recordsRead,
                seen.applied,
                seen.duplicates,
                seen.expectedByReason,
                Accounting.ordersApplied(seen),
                seen.confirmations,
                seen.amountConfirmed,
                seen.refunds,
                seen.amountRefunded,
                seen.writtenByReason,
                seen.orders.values().stream().filter(OrderSummary::waiting).count(),
                Accounting.cancelledNeverPlaced(seen),
                found.summaries());
    }
}
