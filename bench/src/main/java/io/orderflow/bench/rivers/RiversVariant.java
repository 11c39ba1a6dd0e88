package io.orderflow.bench.rivers;

import java.util.Locale;

/** What {@code ./orderflow bench rivers} runs, one after another, each in its own JVM. */
enum RiversVariant {
    CEILING(
            "ceiling",
            true,
            "Flink, the rivers job's source and exactly-once sink, copies every rapids record to"
                    + " one topic"),
    RIVERS(
            "rivers",
            true,
            "the rivers job as shipped: exactly-once, parallelism 2, every river filtered once"),
    RIVER_READERS(
            "river-readers",
            false,
            "after the rivers job: one plain consumer per river reading its river topic (what each"
                    + " service then reads)"),
    CONSUMERS(
            "consumers",
            false,
            "the usual implementation: one plain consumer per river, each reading and filtering the"
                    + " whole rapids");

    private final String id;
    private final boolean flink;
    private final String description;

    RiversVariant(String id, boolean flink, String description) {
        this.id = id;
        this.flink = flink;
        this.description = description;
    }

    String id() {
        return id;
    }

    /** Whether it is a Flink job that ends by itself on a bounded input (else plain consumers). */
    boolean flink() {
        return flink;
    }

    String description() {
        return description;
    }

    static RiversVariant of(String id) {
        for (RiversVariant v : values()) {
            if (v.id.equals(id.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "'");
    }
}
