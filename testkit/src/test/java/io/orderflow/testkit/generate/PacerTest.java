package io.orderflow.testkit.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    /** A clock that only moves when the pacer sleeps, or when the test says so. */
    private long now = 1_000_000_000L;

    private final List<Long> sleeps = new ArrayList<>();

    private Pacer pacer(double perSecond) {
        return new Pacer(
                perSecond,
                () -> now,
                nanos -> {
                    sleeps.add(nanos);
                    now += nanos;
                });
    }

    @Test
    void holdsTheRateOverManyPermitsWithoutDrift() {
        Pacer pacer = pacer(1000);
        long start = now;

        for (int i = 0; i < 10_000; i++) {
            pacer.acquire();
        }

        // 10,000 permits at 1,000/s take 10 s, less the burst allowed at the start.
        double seconds = (now - start) / 1e9;
        assertThat(seconds).isBetween(10.0 - Pacer.BURST_SECONDS - 0.002, 10.0);
    }

    @Test
    void aSenderThatFellBehindCatchesUpOnlyByTheBurst() {
        Pacer pacer = pacer(1000);
        pacer.acquire();
        now += 5_000_000_000L; // the sender stalled for 5 s
        sleeps.clear();

        int withoutWaiting = 0;
        while (sleeps.isEmpty()) {
            pacer.acquire();
            withoutWaiting++;
        }

        assertThat(withoutWaiting).isBetween(50, 52); // 0.05 s of permits, not 5 s of them
    }

    @Test
    void rejectsARateThatIsNotPositive() {
        assertThatThrownBy(() -> pacer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
