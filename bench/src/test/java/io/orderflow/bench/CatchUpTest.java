package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static final long T0 = 1_000_000L;

    /** Min 15 s, max 120 s, lag 3 s, hold 5 s: the bench's own settings. */
    private static CatchUp catchUp() {
        return new CatchUp(
                T0,
                Duration.ofSeconds(15),
                Duration.ofSeconds(120),
                LatencyPhase.CAUGHT_UP_LAG,
                LatencyPhase.CAUGHT_UP_HOLD);
    }

    /**
     * Drives the detector from {@code from} to {@code to} (seconds after T0) in steps of 250 ms,
     * each decision {@code ageMs} old when seen; returns the second the warm-up ended, or -1.
     */
    private static double drive(CatchUp c, double from, double to, long ageMs) {
        for (long t = T0 + (long) (from * 1000); t < T0 + (long) (to * 1000); t += 250) {
            c.decided(t - ageMs);
            if (c.over(t)) {
                return (c.end() - T0) / 1000.0;
            }
        }
        return -1;
    }

    @Test
    void aVariantThatKeepsUpFromTheStartIsMeasuredAfterTheMinimumWarmUp() {
        CatchUp c = catchUp();
        assertThat(drive(c, 1, 200, 1_500)).isEqualTo(15.0);
        assertThat(c.caughtUp()).isTrue();
    }

    @Test
    void aVariantWorkingOffABacklogIsMeasuredOnlyOnceItsDecisionsHaveBeenCurrentForTheHold() {
        CatchUp c = catchUp();
        assertThat(drive(c, 1, 40, 6_000)).isEqualTo(-1);
        assertThat(drive(c, 40, 200, 2_000)).isEqualTo(45.0);
        assertThat(c.caughtUp()).isTrue();
    }

    @Test
    void oneStaleMomentInsideTheHoldStartsTheHoldAgain() {
        CatchUp c = catchUp();
        assertThat(drive(c, 1, 20, 6_000)).isEqualTo(-1);
        assertThat(drive(c, 20, 23, 1_000)).isEqualTo(-1);
        // No decision for 3.5 s: the freshest one grows older than the lag.
        for (long t = T0 + 23_000; t < T0 + 26_500; t += 250) {
            assertThat(c.over(t)).isFalse();
        }
        assertThat(drive(c, 26.5, 200, 1_000)).isEqualTo(31.5);
    }

    @Test
    void aVariantThatNeverCatchesUpIsMeasuredAtTheMaximumAndSaysSo() {
        CatchUp c = catchUp();
        assertThat(drive(c, 1, 200, 4_000)).isEqualTo(120.0);
        assertThat(c.caughtUp()).isFalse();
    }

    @Test
    void withoutAnyDecisionTheWarmUpLastsItsMaximum() {
        CatchUp c = catchUp();
        assertThat(c.over(T0 + 119_999)).isFalse();
        assertThat(c.end()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.over(T0 + 120_000)).isTrue();
        assertThat(c.caughtUp()).isFalse();
    }

    @Test
    void onceOverTheEndStaysWhereItWasEvenIfTheVariantFallsBehind() {
        CatchUp c = catchUp();
        assertThat(drive(c, 1, 200, 1_000)).isEqualTo(15.0);
        assertThat(c.over(T0 + 100_000)).isTrue();
        assertThat(c.end()).isEqualTo(T0 + 15_000);
    }

    @Test
    void aMaximumBelowTheMinimumIsRefused() {
        assertThatThrownBy(
                        () ->
                                new CatchUp(
                                        T0,
                                        Duration.ofSeconds(10),
                                        Duration.ofSeconds(5),
                                        Duration.ofSeconds(3),
                                        Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
