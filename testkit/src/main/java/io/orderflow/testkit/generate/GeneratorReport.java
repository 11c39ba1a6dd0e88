package io.orderflow.testkit.generate;

import java.util.Locale;

/** What {@link OrderWriter#produce} sent, and how fast. */
public record GeneratorReport(GeneratorCounts counts, TopicNames topics, long elapsedNanos) {

    public long records() {
        return counts.records();
    }

    public double recordsPerSecond() {
        return elapsedNanos <= 0 ? 0 : counts.records() * 1e9 / elapsedNanos;
    }

    /** One line for the end of a run. */
    public String summaryLine() {
        return String.format(
                Locale.ROOT,
                "generated %,d records in %.1f s (%,.0f/s): %s %,d, %s %,d; %,d orders,"
                        + " %,d duplicates, %,d cancels, %,d malformed",
                counts.records(),
                elapsedNanos / 1e9,
                recordsPerSecond(),
                topics.orders(),
                counts.ordersRecords(),
                topics.inventory(),
                counts.inventoryRecords(),
                counts.ordersPlaced(),
                counts.duplicates(),
                counts.cancels(),
                counts.deadLetters());
    }
}
