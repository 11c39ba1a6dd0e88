package io.orderflow.testkit.generate;

import java.time.Instant;

/**
 * What {@link OrderStream} generates. Rates are probabilities per order: {@code duplicateRate} that
 * a sent event is sent again, {@code cancelRate} that an order is cancelled, {@code malformedRate}
 * that a record meant for the dead-letter topic goes along, {@code backorderRate} that an order
 * asks for BACKORDER fulfilment.
 */
public record GeneratorSettings(
        long orders,
        int skus,
        long seed,
        double duplicateRate,
        double cancelRate,
        double malformedRate,
        double backorderRate,
        long startEpochMillis) {

    public static final int DEFAULT_SKUS = 1000;
    public static final long DEFAULT_SEED = 1L;
    public static final double DEFAULT_DUPLICATE_RATE = 0.05;
    public static final double DEFAULT_CANCEL_RATE = 0.02;
    public static final double DEFAULT_MALFORMED_RATE = 0.001;
    public static final double DEFAULT_BACKORDER_RATE = 0.0;
    public static final long DEFAULT_START_EPOCH_MILLIS =
            Instant.parse("2026-11-26T00:00:00Z").toEpochMilli();

    /** Per-sku arrays are sized by {@code skus}; this keeps them within a modest heap. */
    public static final int MAX_SKUS = 1_000_000;

    public GeneratorSettings {
        if (orders < 0) {
            throw new IllegalArgumentException("orders must be 0 or more, was " + orders);
        }
        if (skus < 1 || skus > MAX_SKUS) {
            throw new IllegalArgumentException(
                    "skus must be from 1 to " + MAX_SKUS + ", was " + skus);
        }
        requireRate("duplicateRate", duplicateRate);
        requireRate("cancelRate", cancelRate);
        requireRate("malformedRate", malformedRate);
        requireRate("backorderRate", backorderRate);
    }

    /** {@code orders} orders with every other setting at its default. */
    public static GeneratorSettings defaults(long orders) {
        return new GeneratorSettings(
                orders,
                DEFAULT_SKUS,
                DEFAULT_SEED,
                DEFAULT_DUPLICATE_RATE,
                DEFAULT_CANCEL_RATE,
                DEFAULT_MALFORMED_RATE,
                DEFAULT_BACKORDER_RATE,
                DEFAULT_START_EPOCH_MILLIS);
    }

    public GeneratorSettings withSeed(long newSeed) {
        return new GeneratorSettings(
                orders,
                skus,
                newSeed,
                duplicateRate,
                cancelRate,
                malformedRate,
                backorderRate,
                startEpochMillis);
    }

    public GeneratorSettings withSkus(int newSkus) {
        return new GeneratorSettings(
                orders,
                newSkus,
                seed,
                duplicateRate,
                cancelRate,
                malformedRate,
                backorderRate,
                startEpochMillis);
    }

    public GeneratorSettings withRates(
            double newDuplicateRate,
            double newCancelRate,
            double newMalformedRate,
            double newBackorderRate) {
        return new GeneratorSettings(
                orders,
                skus,
                seed,
                newDuplicateRate,
                newCancelRate,
                newMalformedRate,
                newBackorderRate,
                startEpochMillis);
    }

    /** The same input, its event time starting at {@code newStartEpochMillis}. */
    public GeneratorSettings withStartEpochMillis(long newStartEpochMillis) {
        return new GeneratorSettings(
                orders,
                skus,
                seed,
                duplicateRate,
                cancelRate,
                malformedRate,
                backorderRate,
                newStartEpochMillis);
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be from 0 to 1, was " + rate);
        }
    }
}
