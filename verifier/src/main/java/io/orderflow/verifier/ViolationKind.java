package io.orderflow.verifier;

/** The ways committed outputs can break the contract, by the invariant of section 5 they break. */
public enum ViolationKind {
    DUPLICATE_OUTPUT(1, "an order has two outputs of one kind, or an output eventId repeats"),
    LOST_DECISION(
            2, "an order that must be decided has no OrderConfirmed and no OUT_OF_STOCK refund"),
    MISSING_REFUND(
            2,
            "money owed back has no refund: a cancellation without its CANCELLED refund, or"
                    + " unconfirmed lines without an OUT_OF_STOCK refund"),
    WRONG_AMOUNT(2, "an amount differs from its lines or from what the order calls for"),
    WRONG_LINES(2, "an output's lines are not the lines of its order it should cover"),
    UNEXPECTED_OUTPUT(2, "an output that the inputs do not call for"),
    WRONG_FIELDS(
            2,
            "an output's eventId, causationId, customer, currency, occurredAt, key or timestamp"
                    + " differs from what its inputs imply"),
    OVERSOLD(3, "a sku's available stock went below zero"),
    UNACCOUNTED_INPUT(4, "an input record that should be a dead letter has none"),
    WRONG_DEAD_LETTER(
            4, "a dead letter whose reason, key, value or source differs from its record"),
    UNEXPECTED_DEAD_LETTER(
            4,
            "a dead letter for a record that was applied, dropped as a duplicate, or never read"),
    OUTPUT_FOR_UNKNOWN_ORDER(4, "an output names an orderId that no applied OrderPlaced has"),
    UNREADABLE_OUTPUT(4, "an output record that is not a valid event of its topic"),
    STATUS_MISSING(6, "an applied order has no status record"),
    STATUS_DISAGREES(
            6,
            "an order's latest status disagrees with its confirmation and refunds: status, amounts,"
                    + " line states or occurredAt"),
    STATUS_SEQUENCE(
            6,
            "an order's status records are not numbered 1, 2, ... in the order they were written,"
                    + " or one's eventId, key, timestamp or fields are not its own");

    private final int invariant;
    private final String meaning;

    ViolationKind(int invariant, String meaning) {
        this.invariant = invariant;
        this.meaning = meaning;
    }

    /** The number of the invariant in section 5 of the contract. */
    public int invariant() {
        return invariant;
    }

    public String meaning() {
        return meaning;
    }
}
