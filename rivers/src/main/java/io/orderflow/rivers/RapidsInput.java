package io.orderflow.rivers;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A rapids record's value as read: an event for the rivers, or why it is a dead letter. */
public sealed interface RapidsInput {

    /** The dead-letter reasons of a rapids record (the names of contract section 4). */
    enum Reason {
        MALFORMED_JSON,
        SCHEMA_VIOLATION,
        TOO_LARGE
    }

    /** A JSON object with a string {@code type}, its numbers held exactly. */
    record Event(ObjectNode record) implements RapidsInput {}

    /** A dead letter: the reason and a one-line detail naming what is wrong. */
    record Rejected(Reason reason, String detail) implements RapidsInput {}
}
