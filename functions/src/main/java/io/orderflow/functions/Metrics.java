package io.orderflow.functions;

/** Names of the job's metrics (Flink counters under each operator's metric group). */
public final class Metrics {

    public static final String RECORDS_APPLIED = "recordsApplied";
    public static final String DUPLICATES_DROPPED = "duplicatesDropped";
    public static final String DEAD_LETTERS = "deadLetters";
    public static final String REASON_GROUP = "reason";
    public static final String LATE_EVENTS = "lateEvents";
    public static final String LINES_RESERVED = "linesReserved";
    public static final String LINES_REJECTED = "linesRejected";
    public static final String CONFIRMATIONS = "confirmations";
    public static final String REFUNDS = "refunds";

    /**
     * Gauges of what a subtask holds in memory, and counters of what went to keyed state instead
     * (over the budget).
     */
    public static final String ENTRIES_IN_MEMORY = "ledgerEntriesInMemory";

    public static final String BUCKETS_SPILLED = "ledgerBucketsSpilled";
    public static final String ORDERS_IN_MEMORY = "ordersInFlightInMemory";
    public static final String ORDERS_SPILLED = "ordersInFlightSpilled";

    /** A gauge: how long the last write to keyed state before a checkpoint barrier took (ms). */
    public static final String FLUSH_BEFORE_BARRIER_MS = "flushBeforeBarrierMs";

    private Metrics() {}
}
