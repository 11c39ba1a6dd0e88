package io.orderflow.bench.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rivers bench's closing line: the job against the copy, over the medians and by round. */
class RiversReportTest {

    private static List<RiversRun> runs(RiversVariant variant, Double... eventsPerSecond) {
        List<RiversRun> runs = new ArrayList<>();
        for (int round = 0; round < eventsPerSecond.length; round++) {
            RiversRun run = new RiversRun(variant, round, 1_000_000);
            run.eventsPerSecond = eventsPerSecond[round];
            run.cpuMicrosPerEvent = 10.0;
            if (eventsPerSecond[round] == null) {
                run.error = "failed";
            }
            runs.add(run);
        }
        return runs;
    }

    private static RiversReport report(List<RiversRun> ceiling, List<RiversRun> rivers) {
        return new RiversReport(
                new RapidsWorkload(20, 1_000_000, 7),
                List.of(
                        RiversRun.row(RiversVariant.CEILING, ceiling),
                        RiversRun.row(RiversVariant.RIVERS, rivers)),
                List.of(),
                0,
                4,
                ceiling.size());
    }

    @Test
    void theClosingLineGivesTheRatioOfTheMediansAndTheRatioOfEachRoundsPair() {
        RiversReport report =
                report(
                        runs(RiversVariant.CEILING, 100_000.0, 200_000.0, 150_000.0),
                        runs(RiversVariant.RIVERS, 90_000.0, 120_000.0, 150_000.0));
        assertThat(report.ceilingRatiosByRound()).containsExactly(0.9, 0.6, 1.0);
        assertThat(report.closingLine())
                .startsWith(
                        "rivers 120,000 events/s, 10.0 CPU us/event = 0.80 of ceiling (goal 0.8)"
                                + " (by round 0.90 / 0.60 / 1.00)");
    }

    @Test
    void noRoundIsPairedWhenARunOfEitherFailed() {
        RiversReport report =
                report(
                        runs(RiversVariant.CEILING, 100_000.0, null, 150_000.0),
                        runs(RiversVariant.RIVERS, 90_000.0, 120_000.0, 150_000.0));
        assertThat(report.ceilingRatiosByRound()).isEmpty();
        assertThat(report.closingLine()).doesNotContain("by round");
    }
}
