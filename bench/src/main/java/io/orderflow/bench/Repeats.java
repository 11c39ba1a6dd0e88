package io.orderflow.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Repeated throughput runs of one variant made into one row: the figures of its median run (by
 * events/s; of an even number of runs, the lower middle one), with the median CPU per event and
 * every run's events/s and CPU per event kept beside them as the spread, and the verdict of the
 * round that ran verify.
 */
public final class Repeats {

    private Repeats() {}

    static Figures median(List<Figures> runs) {
        List<Figures> measured = runs.stream().filter(f -> f.eventsPerSecond != null).toList();
        if (measured.isEmpty()) {
            return runs.get(0);
        }
        List<Figures> byRate = new ArrayList<>(measured);
        byRate.sort(Comparator.comparingDouble(f -> f.eventsPerSecond));
        Figures row = byRate.get((byRate.size() - 1) / 2);
        row.eventsPerSecondRuns = measured.stream().map(f -> f.eventsPerSecond).toList();
        row.cpuMicrosPerEventRuns = measured.stream().map(f -> f.cpuMicrosPerEvent).toList();
        row.brokerCpuMicrosPerEventRuns =
                measured.stream().map(f -> f.brokerCpuMicrosPerEvent).toList();
        row.cpuMicrosPerEvent = lowerMedian(row.cpuMicrosPerEventRuns);
        row.brokerCpuMicrosPerEvent = lowerMedian(row.brokerCpuMicrosPerEventRuns);
        row.cpuMicrosPerEventByThread =
                ThreadCpu.medians(measured.stream().map(f -> f.cpuMicrosPerEventByThread).toList());
        row.brokerCpuMicrosPerEventByThread =
                ThreadCpu.medians(
                        measured.stream().map(f -> f.brokerCpuMicrosPerEventByThread).toList());
        for (Figures f : runs) {
            if (f.error != null && row.error == null) {
                row.error = f.error;
            }
            if (f.verifyOk != null && row.verifyOk == null) { // verify runs in the first round only
                row.verifyOk = f.verifyOk;
                row.violations = f.violations;
                row.outputRecords = f.outputRecords;
            }
        }
        return row;
    }

    public static Double lowerMedian(List<Double> values) {
        List<Double> known = new ArrayList<>(values.stream().filter(v -> v != null).toList());
        if (known.isEmpty()) {
            return null;
        }
        known.sort(Comparator.naturalOrder());
        return known.get((known.size() - 1) / 2);
    }
}
