package io.orderflow.testkit.generate;

import io.orderflow.schemas.DeadLetterReason;

/** What the generator meant a record to become; tests and reports compare it with the outcome. */
public enum RecordIntent {
    /** A valid event the job applies. */
    APPLY(null),
    /** A resend (same eventId), a re-placement with the same content or a second cancellation. */
    DUPLICATE(null),
    MALFORMED_JSON(DeadLetterReason.MALFORMED_JSON),
    UNKNOWN_TYPE(DeadLetterReason.UNKNOWN_TYPE),
    SCHEMA_VIOLATION(DeadLetterReason.SCHEMA_VIOLATION),
    KEY_MISMATCH(DeadLetterReason.KEY_MISMATCH),
    CONFLICTING_ORDER(DeadLetterReason.CONFLICTING_ORDER);

    private final DeadLetterReason deadLetterReason;

    RecordIntent(DeadLetterReason deadLetterReason) {
        this.deadLetterReason = deadLetterReason;
    }

    /** The dead-letter reason this record should get, or null when it is applied or dropped. */
    public DeadLetterReason deadLetterReason() {
        return deadLetterReason;
    }
}
