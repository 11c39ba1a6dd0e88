package io.orderflow.schemas;

/** Why an input record could not be applied. */
public enum DeadLetterReason {
    MALFORMED_JSON,
    SCHEMA_VIOLATION,
    UNKNOWN_TYPE,
    KEY_MISMATCH,
    CONFLICTING_ORDER,
    TOO_LARGE
}
