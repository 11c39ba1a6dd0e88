package io.orderflow.schemas.json;

import io.orderflow.schemas.DeadLetterReason;

/** Why a record is dead; thrown only for bad input, so it carries no stack trace. */
final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    final DeadLetterReason reason;
    final String detail;

    Rejection(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    /** The record breaks a schema rule of its event type. */
    static Rejection violation(String detail) {
        return new Rejection(DeadLetterReason.SCHEMA_VIOLATION, detail);
    }

    /** The record is not a JSON object at all. */
    static Rejection malformed(String detail) {
        return new Rejection(DeadLetterReason.MALFORMED_JSON, detail);
    }
}
