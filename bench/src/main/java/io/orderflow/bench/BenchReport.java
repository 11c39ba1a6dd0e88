package io.orderflow.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench's results as people read them: the markdown table and the closing line. */
final class BenchReport {

    private BenchReport() {}

    static Figures find(List<Figures> all, Variant v) {
        return all.stream().filter(f -> f.variant.equals(v.id())).findFirst().orElse(null);
    }

    /**
     * {@code orderflow <N> events/s = <R1>x kafka-streams, <R2> of ceiling, p99 <L> ms}; a figure
     * that was not measured reads n/a.
     */
    static String closingLine(List<Figures> all) {
        Figures of = find(all, Variant.ORDERFLOW);
        Figures ks = find(all, Variant.KAFKA_STREAMS);
        Figures ceiling = find(all, Variant.CEILING);
        Double rate = of == null ? null : of.eventsPerSecond;
        String n = rate == null ? "n/a" : String.format(Locale.ROOT, "%.0f", rate);
        String r1 = ratio(rate, ks == null ? null : ks.eventsPerSecond, "%.2fx");
        String r2 = ratio(rate, ceiling == null ? null : ceiling.eventsPerSecond, null);
        String p99 = of == null || of.latencyP99Ms == null ? "n/a" : Long.toString(of.latencyP99Ms);
        return "orderflow "
                + n
                + " events/s = "
                + r1
                + " kafka-streams, "
                + r2
                + " of ceiling, p99 "
                + p99
                + " ms";
    }

    private static String ratio(Double a, Double b, String format) {
        if (a == null || b == null || b <= 0) {
            return "n/a";
        }
        return format == null
                ? String.format(Locale.ROOT, "%.0f%%", 100 * a / b)
                : String.format(Locale.ROOT, format, a / b);
    }

    static String table(List<Figures> all) {
        Figures ks = find(all, Variant.KAFKA_STREAMS);
        Figures ceiling = find(all, Variant.CEILING);
        StringBuilder t = new StringBuilder();
        t.append(
                "| variant | events/s | runs | vs kafka-streams | of ceiling | CPU µs/event | runs"
                    + " | + broker µs/event | p50 ms | p99 ms | p99.9 ms | peak RSS MiB | state MiB"
                    + " | verify | load |\n");
        t.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|\n");
        for (Figures f : all) {
            t.append("| ")
                    .append(f.variant)
                    .append(" | ")
                    .append(
                            f.eventsPerSecond == null
                                    ? "failed"
                                    : String.format(Locale.ROOT, "%,.0f", f.eventsPerSecond))
                    .append(" | ")
                    .append(runs(f.eventsPerSecondRuns, "%,.0f"))
                    .append(" | ")
                    .append(
                            ratio(
                                    f.eventsPerSecond,
                                    ks == null ? null : ks.eventsPerSecond,
                                    "%.2fx"))
                    .append(" | ")
                    .append(
                            ratio(
                                    f.eventsPerSecond,
                                    ceiling == null ? null : ceiling.eventsPerSecond,
                                    null))
                    .append(" | ")
                    .append(
                            f.cpuMicrosPerEvent == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%.0f", f.cpuMicrosPerEvent))
                    .append(" | ")
                    .append(runs(f.cpuMicrosPerEventRuns, "%.0f"))
                    .append(" | ")
                    .append(
                            f.brokerCpuMicrosPerEvent == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%.0f", f.brokerCpuMicrosPerEvent))
                    .append(" | ")
                    .append(num(f.latencyP50Ms))
                    .append(" | ")
                    .append(num(f.latencyP99Ms))
                    .append(" | ")
                    .append(num(f.latencyP999Ms))
                    .append(" | ")
                    .append(
                            f.peakRssKb() == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%,d", f.peakRssKb() / 1024))
                    .append(" | ")
                    .append(
                            f.stateBytes == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%,.1f", f.stateBytes / 1048576.0))
                    .append(" | ")
                    .append(verdict(f))
                    .append(" | ")
                    .append(
                            f.loadAverage == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%.1f", f.loadAverage))
                    .append(" |\n");
        }
        return t.toString();
    }

    /** Every run's figure, in run order, when there was more than one. */
    private static String runs(List<Double> values, String format) {
        if (values == null || values.size() < 2) {
            return "";
        }
        return String.join(
                " / ",
                values.stream()
                        .map(v -> v == null ? "?" : String.format(Locale.ROOT, format, v))
                        .toList());
    }

    private static String num(Long v) {
        return v == null ? "" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String verdict(Figures f) {
        if (f.error != null) {
            return "error";
        }
        if (f.verifyOk == null) {
            return "n/a";
        }
        String v = f.verifyOk ? "OK" : "FAILED (" + f.violations + ")";
        if (f.differencesFromOrderflow != null) {
            String other =
                    f.comparedWith == null || f.comparedWith.equals(Variant.ORDERFLOW.id())
                            ? ""
                            : " as " + f.comparedWith;
            if (f.comparedWith != null && f.comparedWith.equals(f.variant)) {
                v += ", reference";
            } else {
                v +=
                        f.differencesFromOrderflow == 0
                                ? ", same outputs" + other
                                : String.format(
                                        Locale.ROOT,
                                        ", %,d outputs differ from %s",
                                        f.differencesFromOrderflow,
                                        f.comparedWith == null
                                                ? Variant.ORDERFLOW.id()
                                                : f.comparedWith);
            }
        }
        return v;
    }

    /** The whole results page: context, the table, notes and the charts. */
    static String markdown(
            Map<String, String> machine,
            Map<String, Object> input,
            List<Figures> all,
            String closingLine) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ");
        machine.forEach((k, v) -> md.append(k).append(' ').append(v).append("; "));
        md.setLength(md.length() - 2);
        md.append(".\n\nInput: ");
        input.forEach(
                (k, v) ->
                        md.append(k.replace('_', ' ')) // a JSON key, read as words
                                .append(' ')
                                .append(
                                        v instanceof Number n
                                                ? String.format(Locale.ROOT, "%,d", n.longValue())
                                                : v)
                                .append(", "));
        md.setLength(md.length() - 2);
        md.append(".\n\n");
        md.append(table(all)).append('\n');
        md.append("`").append(closingLine).append("`\n\n");
        md.append(
                "events/s: input records (all of them: duplicates and malformed too) over the time"
                    + " from the job's start to the moment its last output was visible to a"
                    + " read_committed reader. Latency: at a steady offered load of half of"
                    + " orderflow's throughput, from the broker's append time of an OrderPlaced to"
                    + " the moment its first decision (confirmation or refund) was visible to a"
                    + " read_committed consumer. State: Flink's largest checkpointed state (full"
                    + " size, from the REST API); Kafka Streams' changelog topics. verify:"
                    + " `./orderflow verify` invariants 1 to 4 on the committed outputs, and"
                    + " whether the outputs are byte-identical to orderflow's (or, when orderflow"
                    + " failed verify, to the first variant that passed it). load: the machine's"
                    + " 1-minute load average at the end of the variant's throughput run (2 cores:"
                    + " above 2, other work was competing). CPU µs/event: CPU time of the variant's"
                    + " JVM (all threads) from its start to its end, per input event: what it"
                    + " costs, whatever else runs on the machine. + broker µs/event: CPU time of"
                    + " the Kafka broker's JVM over the same run, per input event: the broker work"
                    + " the variant causes (its reads and writes, and for Kafka Streams its"
                    + " repartition and changelog topics). runs: with --repeat, every run's figure"
                    + " in run order; variants alternate, and the row shows the median run (by"
                    + " events/s) with the median CPU.\n\n");
        md.append(ThreadCpu.table(all));
        md.append("![throughput](throughput.png)\n![latency](latency.png)\n");
        return md.toString();
    }
}
