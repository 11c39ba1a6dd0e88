package io.orderflow.verifier;

/**
 * One violation: its kind, what it is about ({@link Subject}: an order, a sku or a record) and a
 * sentence on what is wrong.
 */
public record Violation(ViolationKind kind, Subject subject, String id, String message) {

    /** What a violation is about; {@link #jsonKey()} names its id in {@code verify --json}. */
    public enum Subject {
        ORDER("order_id"),
        SKU("sku"),
        /** An input or output record, {@code topic/partition/offset}. */
        RECORD("record");

        private final String jsonKey;

        Subject(String jsonKey) {
            this.jsonKey = jsonKey;
        }

        public String jsonKey() {
            return jsonKey;
        }
    }

    /** {@code id: message}, as the text report prints it. */
    public String text() {
        return id + ": " + message;
    }
}
