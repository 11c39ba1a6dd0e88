package io.orderflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KnownIdsTest {

    private static final long TTL = 1_000;

    @Test
    void everyOrderIdToldIsAMaybeAcrossGrowingBlocks() {
        var known = new KnownIds(TTL);
        int told = 3 * KnownIds.FIRST_BLOCK_CAPACITY + 7;
        IntStream.range(0, told).forEach(i -> known.add("o-" + i, 0));

        assertThat(IntStream.range(0, told).filter(i -> !known.mightContain("o-" + i, 0)))
                .as("orderIds told but answered no")
                .isEmpty();
    }

    @Test
    void aboutOnePercentOfOrderIdsNeverToldAreAMaybe() {
        var known = new KnownIds(TTL);
        int told = 2 * KnownIds.FIRST_BLOCK_CAPACITY;
        IntStream.range(0, told).forEach(i -> known.add("o-" + i, 0));

        long maybes =
                IntStream.range(told, told + 100_000)
                        .filter(i -> known.mightContain("o-" + i, 0))
                        .count();
        assertThat(maybes).as("false maybes among 100,000 orderIds").isLessThan(2_000);
    }

    @Test
    void anOrderIdStaysAtLeastOneGenerationAfterItWasToldAndGoesAfterTwo() {
        var known = new KnownIds(TTL);
        known.add("o-1", 500);
        known.add("o-2", 500 + TTL - 1);

        assertThat(known.mightContain("o-1", 500 + TTL)).isTrue();
        assertThat(known.mightContain("o-2", 500 + 2 * TTL - 2)).isTrue();
        assertThat(known.mightContain("o-1", 500 + 2 * TTL)).isFalse();
        assertThat(known.mightContain("o-2", 500 + 2 * TTL)).isFalse();
    }

    @Test
    void aFullFilterAnswersMaybeForEverythingAndGrowsNoFurther() {
        long maxBytes = 3 * (long) KnownIds.FIRST_BLOCK_CAPACITY * 12 / 8;
        var known = new KnownIds(TTL, maxBytes);
        IntStream.range(0, 4 * KnownIds.FIRST_BLOCK_CAPACITY).forEach(i -> known.add("o-" + i, 0));

        assertThat(known.bytes()).isLessThanOrEqualTo(maxBytes);
        assertThat(IntStream.range(0, 1_000).filter(i -> !known.mightContain("never-" + i, 0)))
                .as("orderIds answered no by a full filter")
                .isEmpty();
    }

    @Test
    void aGenerationThatFellAwayGivesBackItsBytes() {
        var known = new KnownIds(TTL);
        known.add("o-1", 0);
        long oneBlock = known.bytes();
        known.add("o-2", TTL);
        known.add("o-3", 2 * TTL);

        assertThat(known.bytes()).isEqualTo(2 * oneBlock);
    }
}
