package io.orderflow.bench.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bench.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The rivers bench's results: rivers-results.md (a table and what it means) and rivers-results.json
 * (every figure).
 */
final class RiversReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024.0 * 1024.0;

    /** The goal: the rivers job at this share of the copy ceiling's events/s or better. */
    static final double CEILING_GOAL = 0.8;

    private final RapidsWorkload workload;
    private final List<RiversRun.Row> rows;
    private final List<String> mismatches;
    private final long rapidsBytes;
    private final int partitions;
    private final int rounds;

    RiversReport(
            RapidsWorkload workload,
            List<RiversRun.Row> rows,
            List<String> mismatches,
            long rapidsBytes,
            int partitions,
            int rounds) {
        this.workload = workload;
        this.rows = rows;
        this.mismatches = mismatches;
        this.rapidsBytes = rapidsBytes;
        this.partitions = partitions;
        this.rounds = rounds;
    }

    private RiversRun.Row row(RiversVariant v) {
        return rows.stream()
                .filter(r -> r.variant() == v && r.median() != null)
                .findFirst()
                .orElse(null);
    }

    /**
     * Bytes the broker read out for the rivers way: the job's reads plus what the river readers
     * read.
     */
    Double riversWayBytesOut() {
        RiversRun.Row job = row(RiversVariant.RIVERS);
        RiversRun.Row readers = row(RiversVariant.RIVER_READERS);
        return job == null || job.brokerBytesOut() == null
                ? null
                : job.brokerBytesOut()
                        + (readers == null || readers.brokerBytesOut() == null
                                ? 0
                                : readers.brokerBytesOut());
    }

    /** River records per rapids event, as the consumers counted them. */
    Double riversPerEvent() {
        RiversRun.Row consumers = row(RiversVariant.CONSUMERS);
        if (consumers == null || consumers.median().tallies == null) {
            return null;
        }
        long kept = 0;
        for (JsonNode t : consumers.median().tallies) {
            kept += t.path("kept").asLong();
        }
        return (double) kept / workload.events();
    }

    /**
     * The job's events/s over the copy's in each round, where the two ran one after the other: a
     * steadier comparison on a noisy machine than the ratio of the two medians. Empty unless both
     * ran in every round.
     */
    List<Double> ceilingRatiosByRound() {
        RiversRun.Row job = row(RiversVariant.RIVERS);
        RiversRun.Row ceiling = row(RiversVariant.CEILING);
        if (job == null
                || ceiling == null
                || job.eventsPerSecondRuns().size() != rounds
                || ceiling.eventsPerSecondRuns().size() != rounds) {
            return List.of();
        }
        return IntStream.range(0, rounds)
                .mapToObj(
                        i ->
                                job.eventsPerSecondRuns().get(i)
                                        / ceiling.eventsPerSecondRuns().get(i))
                .toList();
    }

    String closingLine() {
        RiversRun.Row job = row(RiversVariant.RIVERS);
        RiversRun.Row ceiling = row(RiversVariant.CEILING);
        RiversRun.Row consumers = row(RiversVariant.CONSUMERS);
        StringBuilder s = new StringBuilder("rivers");
        if (job != null) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            " %,.0f events/s, %.1f CPU us/event",
                            job.eventsPerSecond(),
                            job.cpuMicrosPerEvent()));
            if (ceiling != null) {
                s.append(
                        String.format(
                                Locale.ROOT,
                                " = %.2f of ceiling (goal %.1f)",
                                job.eventsPerSecond() / ceiling.eventsPerSecond(),
                                CEILING_GOAL));
                List<Double> byRound = ceilingRatiosByRound();
                if (byRound.size() > 1) {
                    s.append(" (by round ")
                            .append(
                                    byRound.stream()
                                            .map(r -> String.format(Locale.ROOT, "%.2f", r))
                                            .collect(Collectors.joining(" / ")))
                            .append(')');
                }
                if (job.steadyEventsPerSecond() != null
                        && ceiling.steadyEventsPerSecond() != null) {
                    s.append(
                            String.format(
                                    Locale.ROOT,
                                    ", %.2f after warm-up",
                                    job.steadyEventsPerSecond() / ceiling.steadyEventsPerSecond()));
                }
            }
        }
        Double riversWay = riversWayBytesOut();
        if (riversWay != null && consumers != null && consumers.brokerBytesOut() != null) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "; broker read %,.0f MiB (job + river readers) against %,.0f MiB for %d"
                                    + " consumers (%.1fx less)",
                            riversWay / MIB,
                            consumers.brokerBytesOut() / MIB,
                            workload.rivers(),
                            consumers.brokerBytesOut() / riversWay));
        }
        s.append(
                mismatches.isEmpty()
                        ? "; same river records both ways"
                        : "; OUTPUTS DIFFER (" + mismatches.size() + ")");
        return s.toString();
    }

    void write(Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rivers-results.md"), markdown());
        Files.writeString(
                dir.resolve("rivers-results.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json()));
        out.println(
                "bench rivers: results in "
                        + dir.resolve("rivers-results.md")
                        + " and rivers-results.json");
    }

    String markdown() {
        StringBuilder m = new StringBuilder("# orderflow bench rivers\n\n");
        m.append(
                String.format(
                        Locale.ROOT,
                        "%,d rapids events (%.0f bytes each on average, %d partitions), %d rivers,"
                                + " %s river records per event; %d round(s), variants alternating;"
                                + " %s.%n%n",
                        workload.events(),
                        (double) rapidsBytes / workload.events(),
                        partitions,
                        workload.rivers(),
                        riversPerEvent() == null
                                ? "about 1"
                                : String.format(Locale.ROOT, "%.2f", riversPerEvent()),
                        rounds,
                        Instant.now()));
        m.append(
                "| variant | events/s | runs | CPU µs/event | runs | after warm-up: events/s | CPU"
                    + " µs/event | + broker CPU µs/event | broker read MiB | broker took MiB | peak"
                    + " RSS MiB |\n");
        m.append("|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (RiversRun.Row r : rows) {
            if (r.median() == null) {
                m.append("| ")
                        .append(r.variant().id())
                        .append(" | failed: ")
                        .append(r.error())
                        .append(" |||||||\n");
                continue;
            }
            m.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,.0f | %s | %.1f | %s | %s | %s | %.1f | %,.1f | %,.1f | %,d"
                                    + " |%n",
                            r.variant().id(),
                            r.eventsPerSecond(),
                            join(r.eventsPerSecondRuns(), "%,.0f"),
                            r.cpuMicrosPerEvent(),
                            join(r.cpuMicrosPerEventRuns(), "%.1f"),
                            orBlank(r.steadyEventsPerSecond(), "%,.0f"),
                            orBlank(r.steadyCpuMicrosPerEvent(), "%.1f"),
                            r.brokerCpuMicrosPerEvent(),
                            r.brokerBytesOut() / MIB,
                            r.brokerBytesIn() / MIB,
                            r.median().peakRssKb / 1024));
        }
        m.append("\n").append(closingLine()).append("\n\n");
        if (!mismatches.isEmpty()) {
            m.append("Differences:\n");
            mismatches.forEach(x -> m.append("- ").append(x).append('\n'));
            m.append('\n');
        }
        m.append(
                String.format(
                        Locale.ROOT,
                        "events/s: input events over the time from the variant's start to its end"
                            + " (a Flink job ends once its bounded input is read and committed;"
                            + " consumers once each read to the end); CPU: the variant's JVM, all"
                            + " threads; after warm-up: between %.0f %% and %.0f %% of the input"
                            + " taken in (the JIT compilers alone take seconds of CPU at the"
                            + " start); + broker: the broker JVM's CPU over the run; broker read /"
                            + " took: the bytes the broker served to readers and took from writers"
                            + " over the run (its BytesOutPerSec and BytesInPerSec meters).%n%n",
                        ProgressSampler.FROM * 100,
                        ProgressSampler.TO * 100));
        m.append("Variants:\n");
        for (RiversVariant v : RiversVariant.values()) {
            m.append("- `").append(v.id()).append("`: ").append(v.description()).append('\n');
        }
        m.append("\nMachine: ").append(Machine.describe()).append('\n');
        return m.toString();
    }

    private static String orBlank(Double value, String format) {
        return value == null ? "" : String.format(Locale.ROOT, format, value);
    }

    private static String join(List<Double> values, String format) {
        return values.stream()
                .map(v -> v == null ? "?" : String.format(Locale.ROOT, format, v))
                .collect(Collectors.joining(" / "));
    }

    ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode input = root.putObject("input");
        input.put("events", workload.events());
        input.put("value_bytes", rapidsBytes);
        input.put("rivers", workload.rivers());
        input.put("partitions", partitions);
        if (riversPerEvent() != null) {
            input.put("river_records_per_event", riversPerEvent());
        }
        root.put("rounds", rounds);
        ArrayNode byRound = root.putArray("rivers_over_ceiling_by_round");
        ceilingRatiosByRound().forEach(byRound::add);
        ArrayNode variants = root.putArray("variants");
        for (RiversRun.Row r : rows) {
            ObjectNode v = variants.addObject();
            v.put("variant", r.variant().id());
            if (r.error() != null) {
                v.put("error", r.error());
            }
            if (r.median() == null) {
                continue;
            }
            v.put("events_per_second", r.eventsPerSecond());
            r.eventsPerSecondRuns().forEach(v.putArray("events_per_second_runs")::add);
            v.put("cpu_us_per_event", r.cpuMicrosPerEvent());
            r.cpuMicrosPerEventRuns().forEach(v.putArray("cpu_us_per_event_runs")::add);
            if (r.steadyEventsPerSecond() != null) {
                v.put("after_warm_up_events_per_second", r.steadyEventsPerSecond());
                v.put("after_warm_up_cpu_us_per_event", r.steadyCpuMicrosPerEvent());
            }
            v.put("broker_cpu_us_per_event", r.brokerCpuMicrosPerEvent());
            v.put("broker_bytes_out", r.brokerBytesOut());
            v.put("broker_bytes_in", r.brokerBytesIn());
            v.put("seconds", r.median().seconds);
            v.put("peak_rss_kib", r.median().peakRssKb);
            v.put("load_average", r.median().loadAverage);
        }
        root.put("same_river_records", mismatches.isEmpty());
        mismatches.forEach(root.putArray("differences")::add);
        root.put("closing_line", closingLine());
        root.set("machine", JSON.valueToTree(Machine.describe()));
        return root;
    }
}
