package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.generate.GeneratorSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's latency runs: a variant under a steady offered load of re-stamped events, from the
 * broker's append time of an OrderPlaced to the moment its first decision is visible to a
 * read_committed reader ({@link LatencyRun}).
 */
final class LatencyPhase {

    /**
     * When a variant has caught up ({@link CatchUp}): its freshest visible decision is of an order
     * sent at most this long before. At 1 s checkpoints a keeping-up job shows decisions 1 to 2 s
     * old just before each commit; a backlog shows older ones.
     */
    static final Duration CAUGHT_UP_LAG = Duration.ofSeconds(3);

    /** ... and this held without a break for this long. */
    static final Duration CAUGHT_UP_HOLD = Duration.ofSeconds(5);

    private final BenchOptions options;
    private final BenchChildren children;
    private final KafkaConnection kafka;
    private final int partitions;
    private final Path workDir;
    private final String runId;
    private final PrintStream out;

    /** Latency runs so far: each gets its own topics. */
    private int runs;

    LatencyPhase(
            BenchOptions options,
            BenchChildren children,
            KafkaConnection kafka,
            Path workDir,
            String runId,
            PrintStream out) {
        this.options = options;
        this.children = children;
        this.kafka = kafka;
        this.partitions = options.partitions();
        this.workDir = workDir;
        this.runId = runId;
        this.out = out;
    }

    /**
     * One latency run of {@code v} at {@code rate} events/s offered; fills the latency figures of
     * {@code f}.
     */
    void run(Variant v, Figures f, double rate) throws Exception {
        // Numbered, so that a rate given twice (--latency-rates 2000,2000) repeats it in new
        // topics.
        String prefix = "lat-" + runId + "-" + runs++ + "-" + v.id() + "-" + Math.round(rate) + "-";
        String orders = prefix + "orders";
        String inventory = prefix + "inventory";
        List<String> outputs =
                List.of(
                        prefix + "confirmations",
                        prefix + "refunds",
                        prefix + "dead-letters",
                        prefix + Topics.ORDER_STATUS.name());
        children.createTopics(Map.of(orders, partitions, inventory, partitions), true);
        // LogAppendTime: a decision's timestamp tells when the sink wrote it (LatencyParts).
        children.createTopics(children.topicMap(outputs), true);
        String group = "bench-" + prefix + "group";
        Duration measured = Duration.ofSeconds(options.latencySeconds());
        LatencyRun.WarmUp warmup =
                new LatencyRun.WarmUp(
                        Duration.ofSeconds(options.quick() ? 5 : 15),
                        Duration.ofSeconds(options.quick() ? 30 : 120),
                        CAUGHT_UP_LAG,
                        CAUGHT_UP_HOLD);
        GeneratorSettings settings =
                BenchCommand.settingsFor(
                        (long)
                                        (rate
                                                * (measured.toSeconds()
                                                        + warmup.max().toSeconds()
                                                        + BenchCommand.TAIL.toSeconds())
                                                * 1.1)
                                + BenchCommand.SKUS,
                        2L);
        out.printf(
                Locale.ROOT,
                "bench: %-18s latency run (%d s after a warm-up of %d to %d s)...%n",
                v.id(),
                measured.toSeconds(),
                warmup.min().toSeconds(),
                warmup.max().toSeconds());
        JsonNode result;
        LatencyRun.Outcome outcome;
        try (VariantProcess child =
                VariantProcess.start(
                        v,
                        children.childArgs(v, orders, inventory, outputs, group),
                        children.classpathFor(v),
                        options.jvmOptions(),
                        workDir.resolve(v.id()),
                        "latency")) {
            child.awaitReady(Duration.ofMinutes(2));
            List<String> decisions = v.decides() ? outputs.subList(0, 2) : outputs.subList(0, 1);
            outcome =
                    new LatencyRun(kafka, orders, inventory, decisions, partitions)
                            .run(
                                    settings,
                                    rate,
                                    warmup,
                                    measured,
                                    BenchCommand.TAIL,
                                    Duration.ofSeconds(20));
            result = child.stop(Duration.ofMinutes(2));
        }
        f.offeredRate = outcome.offeredRate();
        f.achievedRate = outcome.achievedRate();
        f.ordersMeasured = outcome.ordersMeasured();
        f.ordersUndecided = outcome.ordersUndecided();
        f.latencyWarmupS = (outcome.windowStart() - outcome.start()) / 1000.0;
        f.latencyCaughtUp = outcome.caughtUp();
        if (outcome.ordersMeasured() > 0) {
            f.latencyP50Ms = outcome.latencies().getValueAtPercentile(50);
            f.latencyP99Ms = outcome.latencies().getValueAtPercentile(99);
            f.latencyP999Ms = outcome.latencies().getValueAtPercentile(99.9);
            f.latencyMaxMs = outcome.latencies().getMaxValue();
        }
        checkpointsIn(result, outcome.windowStart(), outcome.windowEnd(), f);
        LatencyParts.Split parts =
                outcome.parts().split(result.path("checkpoints").path("history"), 1);
        if (parts.decisions() > 0) {
            f.latencyPartsMedianMs = parts.medians();
            f.latencyPartsSlowestMs = parts.tailMeans();
        }
        f.peakRssKbLatency = result.path("vmHwmKb").asLong();
        f.loadAverageLatency = Machine.loadAverage();
        f.stateFrom(result, true);
        out.printf(
                Locale.ROOT,
                "bench: %-18s p50 %s ms, p99 %s ms, p99.9 %s ms over %,d orders (%,d undecided),"
                        + " sent %,.0f/s, after %.0f s of warm-up (%s)%s%n",
                v.id(),
                f.latencyP50Ms,
                f.latencyP99Ms,
                f.latencyP999Ms,
                f.ordersMeasured,
                f.ordersUndecided,
                f.achievedRate,
                f.latencyWarmupS,
                outcome.caughtUp() ? "caught up" : "did not catch up: measured anyway",
                f.checkpointMedianMs == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; checkpoints %d ms median, %d ms longest",
                                f.checkpointMedianMs,
                                f.checkpointMaxMs));
        if (parts.decisions() > 0) {
            out.printf(
                    Locale.ROOT,
                    "bench: %-18s latency parts, median / mean of the slowest 1 %%: %s%n",
                    v.id(),
                    describe(parts));
        }
        if (f.checkpointTasksMedianMs != null) {
            out.printf(
                    Locale.ROOT,
                    "bench: %-18s checkpoints by task, median ms: %s%n",
                    v.id(),
                    CheckpointTasks.describe(f.checkpointTasksMedianMs));
            out.printf(
                    Locale.ROOT,
                    "bench: %-18s the longest checkpoint by task, ms: %s%n",
                    v.id(),
                    CheckpointTasks.describe(f.checkpointTasksLongestMs));
        }
        BenchCommand.deleteQuietly(workDir.resolve(v.id()).resolve("checkpoints"));
        BenchCommand.deleteQuietly(workDir.resolve(v.id()).resolve("kafka-streams-state"));
    }

    /** "to decision 150 / 160 ms, to trigger ..." */
    static String describe(LatencyParts.Split parts) {
        List<String> each = new ArrayList<>();
        for (String name : LatencyParts.NAMES) {
            each.add(
                    String.format(
                            Locale.ROOT,
                            "%s %d / %d ms",
                            words(name),
                            parts.medians().get(name),
                            parts.tailMeans().get(name)));
        }
        return String.join(", ", each);
    }

    private static String words(String camel) {
        return camel.replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT);
    }

    /**
     * The end-to-end durations of the Flink checkpoints triggered in the measured window (the part
     * of a decision's latency spent between the barrier and the commit).
     */
    static void checkpointsIn(JsonNode result, long windowStart, long windowEnd, Figures f) {
        List<Long> durations = new ArrayList<>();
        List<JsonNode> tasks = new ArrayList<>();
        JsonNode longest = null;
        for (JsonNode c : result.path("checkpoints").path("history")) {
            long at = c.path("triggeredAt").asLong();
            if (at >= windowStart && at < windowEnd) {
                durations.add(c.path("durationMs").asLong());
                if (c.has("tasks")) {
                    tasks.add(c.path("tasks"));
                    if (longest == null
                            || c.path("durationMs").asLong()
                                    > longest.path("durationMs").asLong()) {
                        longest = c;
                    }
                }
            }
        }
        if (!durations.isEmpty()) {
            Collections.sort(durations);
            f.checkpointMedianMs = durations.get((durations.size() - 1) / 2);
            f.checkpointMaxMs = durations.get(durations.size() - 1);
        }
        if (!tasks.isEmpty()) {
            f.checkpointTasksMedianMs = CheckpointTasks.medians(tasks);
            f.checkpointTasksLongestMs = CheckpointTasks.medians(List.of(longest.path("tasks")));
        }
    }
}
