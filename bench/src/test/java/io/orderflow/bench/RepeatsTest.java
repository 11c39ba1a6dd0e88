package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatsTest {

    private static Figures run(double rate, double cpu, double broker) {
        Figures f = new Figures(Variant.ORDERFLOW);
        f.eventsPerSecond = rate;
        f.cpuMicrosPerEvent = cpu;
        f.brokerCpuMicrosPerEvent = broker;
        f.loadAverage = rate / 1000;
        return f;
    }

    @Test
    void theRowIsTheMedianRunByRateWithTheMedianCpuAndEveryRunKeptInRunOrder() {
        Figures row =
                Repeats.median(
                        List.of(run(9_000, 60, 20), run(12_000, 50, 22), run(10_000, 70, 21)));

        assertThat(row.eventsPerSecond).isEqualTo(10_000);
        assertThat(row.loadAverage).as("the median run's own figures").isEqualTo(10.0);
        assertThat(row.cpuMicrosPerEvent)
                .as("median CPU, whichever run it came from")
                .isEqualTo(60);
        assertThat(row.brokerCpuMicrosPerEvent).isEqualTo(21);
        assertThat(row.eventsPerSecondRuns).containsExactly(9_000.0, 12_000.0, 10_000.0);
        assertThat(row.cpuMicrosPerEventRuns).containsExactly(60.0, 50.0, 70.0);
    }

    @Test
    void aFailedRunIsLeftOutOfTheMedianButItsErrorIsKept() {
        Figures failed = new Figures(Variant.ORDERFLOW);
        failed.error = "throughput: boom";

        Figures row = Repeats.median(List.of(run(9_000, 60, 20), failed, run(11_000, 50, 22)));

        assertThat(row.eventsPerSecond).as("lower middle of two").isEqualTo(9_000);
        assertThat(row.error).isEqualTo("throughput: boom");
    }

    @Test
    void theTableShowsEveryRunBesideTheMedian() {
        Figures row =
                Repeats.median(
                        List.of(run(9_000, 60, 20), run(12_000, 50, 22), run(10_000, 70, 21)));

        assertThat(BenchReport.table(List.of(row)))
                .contains(
                        "| orderflow | 10,000 | 9,000 / 12,000 / 10,000 | n/a | n/a | 60 | 60 / 50"
                                + " / 70 | 21 |");
    }

    @Test
    void theVerdictOfTheRoundThatRanVerifyIsKeptWhicheverRunIsTheMedian() {
        Figures first = run(9_000, 60, 20);
        first.verifyOk = true;
        first.violations = 0L;
        first.outputRecords = 1_000L;

        Figures row = Repeats.median(List.of(first, run(12_000, 50, 22), run(10_000, 70, 21)));

        assertThat(row.eventsPerSecond).isEqualTo(10_000);
        assertThat(row.verifyOk).isTrue();
        assertThat(row.violations).isZero();
        assertThat(row.outputRecords).isEqualTo(1_000L);
    }
}
