package io.orderflow.verifier;

/** The reasons a DeadLetter may give (CONTRACT.md section 4). */
public enum DeadLetterReason {
    MALFORMED_JSON,
    SCHEMA_VIOLATION,
    UNKNOWN_TYPE,
    KEY_MISMATCH,
    CONFLICTING_ORDER,
    TOO_LARGE
}
