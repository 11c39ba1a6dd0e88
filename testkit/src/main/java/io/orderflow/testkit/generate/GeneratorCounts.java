package io.orderflow.testkit.generate;

/**
 * What a generated stream held, by topic and by intent. {@code shortLines} counts the lines the
 * generator's own rough stock model expected to be out of stock; the job decides for real.
 */
public record GeneratorCounts(
        long ordersRecords,
        long inventoryRecords,
        long ordersPlaced,
        long orderLines,
        long shortLines,
        long stockCounts,
        long restocks,
        long cancels,
        long duplicates,
        long malformedJson,
        long unknownType,
        long schemaViolations,
        long keyMismatches,
        long conflictingOrders) {

    public long records() {
        return ordersRecords + inventoryRecords;
    }

    /** Records meant for the dead-letter topic, conflicting re-placements included. */
    public long deadLetters() {
        return malformedJson + unknownType + schemaViolations + keyMismatches + conflictingOrders;
    }

    public long count(RecordIntent intent) {
        switch (intent) {
            case DUPLICATE:
                return duplicates;
            case MALFORMED_JSON:
                return malformedJson;
            case UNKNOWN_TYPE:
                return unknownType;
            case SCHEMA_VIOLATION:
                return schemaViolations;
            case KEY_MISMATCH:
                return keyMismatches;
            case CONFLICTING_ORDER:
                return conflictingOrders;
            default:
                return records() - duplicates - deadLetters();
        }
    }
}
