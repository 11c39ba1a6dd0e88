package io.orderflow.jobs.options;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Where a job starts reading its input topics. */
public enum StartingOffsets {
    EARLIEST,
    LATEST,
    /** The consumer group's committed offsets, or the earliest where the group has none. */
    COMMITTED;

    public static final String FORMS = "earliest, latest or committed";

    public static StartingOffsets parse(String option, String text) {
        switch (text.trim()) {
            case "earliest":
                return EARLIEST;
            case "latest":
                return LATEST;
            case "committed":
                return COMMITTED;
            default:
                throw new UsageException(option + " must be " + FORMS + ", was '" + text + "'");
        }
    }

    @SuppressWarnings("deprecation") // the connector still takes the Kafka 3 enum
    public OffsetsInitializer initializer() {
        switch (this) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }
}
