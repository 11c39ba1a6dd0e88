package io.orderflow.bench.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.bench.Repeats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What one run of one variant measured, and the rows made of a variant's runs. */
final class RiversRun {

    final RiversVariant variant;
    final int round;
    final long inputRecords;
    Double seconds;
    Double eventsPerSecond;
    Double cpuMicrosPerEvent;
    Double brokerCpuMicrosPerEvent;

    /** Events/s and CPU per event between a quarter and nine tenths of the input: after warm-up. */
    Double steadyEventsPerSecond;

    Double steadyCpuMicrosPerEvent;

    /** Bytes the broker served to readers during the run (all topics). */
    Long brokerBytesOut;

    /** Bytes the broker took from writers during the run (all topics). */
    Long brokerBytesIn;

    Long peakRssKb;
    Double loadAverage;

    /** What each river's consumer kept (consumer variants). */
    JsonNode tallies;

    /** Records the rivers job wrote to river-problems and dead-letters (the rivers variant). */
    Long problemRecords;

    Long deadLetterRecords;
    String error;

    RiversRun(RiversVariant variant, int round, long inputRecords) {
        this.variant = variant;
        this.round = round;
        this.inputRecords = inputRecords;
    }

    /** Takes what the variant's JVM reported at its end: throws when it failed. */
    void read(JsonNode result) {
        if (!result.path("ok").asBoolean()) {
            throw new IllegalStateException(result.path("error").asText());
        }
        seconds = (result.path("finishedAt").asLong() - result.path("startedAt").asLong()) / 1000.0;
        eventsPerSecond = inputRecords / seconds;
        cpuMicrosPerEvent =
                (result.path("cpuNanosAtFinish").asLong() - result.path("cpuNanosAtStart").asLong())
                        / 1000.0
                        / inputRecords;
        peakRssKb = result.path("vmHwmKb").asLong();
        tallies = result.get("rivers");
        if (result.has("steadyEventsPerSecond")) {
            steadyEventsPerSecond = result.path("steadyEventsPerSecond").asDouble();
            steadyCpuMicrosPerEvent = result.path("steadyCpuMicrosPerEvent").asDouble();
        }
    }

    /** The line printed when the run ends. */
    String progressLine() {
        return String.format(
                Locale.ROOT,
                "bench rivers: %-14s round %d: %,.0f events/s (%.1f s), %.1f CPU us/event (+ broker"
                    + " %.1f); after warm-up %s; broker read %,.1f MiB, took %,.1f MiB, peak RSS"
                    + " %,d MiB, load %.1f",
                variant.id(),
                round + 1,
                eventsPerSecond,
                seconds,
                cpuMicrosPerEvent,
                brokerCpuMicrosPerEvent,
                steadyEventsPerSecond == null
                        ? "n/a"
                        : String.format(
                                Locale.ROOT,
                                "%,.0f events/s, %.1f CPU us/event",
                                steadyEventsPerSecond,
                                steadyCpuMicrosPerEvent),
                brokerBytesOut / 1048576.0,
                brokerBytesIn / 1048576.0,
                peakRssKb / 1024,
                loadAverage);
    }

    boolean measured() {
        return eventsPerSecond != null && error == null;
    }

    /**
     * A variant's row: its median run by events/s (the lower middle one of an even number), medians
     * and spread beside.
     */
    static Row row(RiversVariant variant, List<RiversRun> runs) {
        List<RiversRun> measured = runs.stream().filter(RiversRun::measured).toList();
        String error =
                runs.stream().map(r -> r.error).filter(e -> e != null).findFirst().orElse(null);
        if (measured.isEmpty()) {
            return new Row(
                    variant, null, List.of(), List.of(), null, null, null, null, null, null, error);
        }
        List<RiversRun> byRate = new ArrayList<>(measured);
        byRate.sort(Comparator.comparingDouble(r -> r.eventsPerSecond));
        RiversRun median = byRate.get((byRate.size() - 1) / 2);
        List<Double> rates = measured.stream().map(r -> r.eventsPerSecond).toList();
        List<Double> cpu = measured.stream().map(r -> r.cpuMicrosPerEvent).toList();
        return new Row(
                variant,
                median,
                rates,
                cpu,
                Repeats.lowerMedian(cpu),
                Repeats.lowerMedian(measured.stream().map(r -> r.brokerCpuMicrosPerEvent).toList()),
                Repeats.lowerMedian(
                        measured.stream()
                                .map(
                                        r ->
                                                r.brokerBytesOut == null
                                                        ? null
                                                        : (double) r.brokerBytesOut)
                                .toList()),
                Repeats.lowerMedian(
                        measured.stream()
                                .map(r -> r.brokerBytesIn == null ? null : (double) r.brokerBytesIn)
                                .toList()),
                Repeats.lowerMedian(measured.stream().map(r -> r.steadyEventsPerSecond).toList()),
                Repeats.lowerMedian(measured.stream().map(r -> r.steadyCpuMicrosPerEvent).toList()),
                error);
    }

    /** One variant's figures over its runs. */
    record Row(
            RiversVariant variant,
            RiversRun median,
            List<Double> eventsPerSecondRuns,
            List<Double> cpuMicrosPerEventRuns,
            Double cpuMicrosPerEvent,
            Double brokerCpuMicrosPerEvent,
            Double brokerBytesOut,
            Double brokerBytesIn,
            Double steadyEventsPerSecond,
            Double steadyCpuMicrosPerEvent,
            String error) {

        Double eventsPerSecond() {
            return median == null ? null : median.eventsPerSecond;
        }
    }
}
