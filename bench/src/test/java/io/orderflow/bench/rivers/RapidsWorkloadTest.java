package io.orderflow.bench.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.rivers.RapidsInput;
import io.orderflow.rivers.RapidsJson;
import io.orderflow.rivers.RecordSource;
import io.orderflow.rivers.River;
import io.orderflow.rivers.RiverOutcome;
import io.orderflow.rivers.RiverSpec;
import io.orderflow.rivers.Rivers;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RapidsWorkloadTest {

    private static final int EVENTS = 40_000;

    @Test
    void theSpecIsAValidRiversSpecWithOneRiverPerRequestedRiver() {
        RapidsWorkload workload = new RapidsWorkload(20, EVENTS, 7);
        Rivers rivers = RiverSpec.parse(workload.spec(), "rivers.yaml", "rapids");
        assertThat(rivers.rivers())
                .extracting(River::name)
                .containsExactlyElementsOf(workload.riverNames());
    }

    @Test
    void anEventMeetsAboutOneRiverOnAverageAndEveryRiverGetsRecordsAndProblems() {
        RapidsWorkload workload = new RapidsWorkload(20, EVENTS, 7);
        Rivers rivers = RiverSpec.parse(workload.spec(), "rivers.yaml", "rapids");
        SplittableRandom random = new SplittableRandom(7);
        long[] kept = new long[20];
        long problems = 0;
        long malformed = 0;
        for (long n = 0; n < EVENTS; n++) {
            RapidsInput input = RapidsJson.decode(workload.event(n, random).value(), 1 << 20);
            if (!(input instanceof RapidsInput.Event event)) {
                malformed++;
                continue;
            }
            int i = 0;
            for (RiverOutcome o :
                    rivers.route(event.record(), new RecordSource("rapids", 0, n, 0))) {
                if (o instanceof RiverOutcome.RiverRecord) {
                    kept[i]++;
                } else if (o instanceof RiverOutcome.Problems) {
                    problems++;
                }
                i++;
            }
        }
        double perEvent = (Arrays.stream(kept).sum() + problems) / (double) EVENTS;
        assertThat(perEvent).isBetween(0.9, 1.1);
        assertThat(Arrays.stream(kept).min().orElseThrow()).isPositive();
        assertThat(problems).isBetween(EVENTS / 200L, EVENTS / 20L); // a few percent break a rule
        assertThat(malformed).isBetween(1L, EVENTS / 200L); // about 0.1 % are no JSON
    }

    @Test
    void theSameSeedWritesTheSameEvents() {
        RapidsWorkload workload = new RapidsWorkload(20, EVENTS, 7);
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (long n = 0; n < 100; n++) {
            assertThat(workload.event(n, a).value()).isEqualTo(workload.event(n, b).value());
        }
    }
}
