package io.orderflow.bench.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.bench.AsyncProfiler;
import io.orderflow.bench.BenchCommand;
import io.orderflow.bench.Machine;
import io.orderflow.bench.OutputDigest;
import io.orderflow.bench.VariantProcess;
import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./orderflow bench rivers}: the rivers job against the usual rapids-and-rivers
 * implementation (one plain consumer per river, each reading and filtering the whole rapids) and
 * the copy ceiling, on one generated rapids on a local broker, each variant in its own JVM, rounds
 * alternating the variants: events/s, CPU per event, and the bytes the broker read out and took in.
 */
public final class RiversBench {

    static final String USAGE = String.join("\n",
            "usage: orderflow bench rivers [--quick] [--events N] [--rivers N] [options]",
            "",
            "Runs, one after another on one generated rapids and a local broker: ceiling (Flink copying every rapids",
            "record to one topic, exactly once), rivers (the rivers job), river-readers (one consumer per river reading",
            "its river topic, as each service then does) and consumers (one consumer per river reading and filtering",
            "the whole rapids, the usual implementation). An event meets about one river on average.",
            "",
            "  --quick                 100,000 events and one round: a few minutes",
            "  --events N              rapids events [1000000; 100000 with --quick]",
            "  --rivers N              rivers in the spec, and consumers of the usual implementation [20]",
            "  --repeat N              rounds, each running every variant once in turn [3; 1 with --quick]",
            "  --variants a,b,...      run only these [ceiling,rivers,river-readers,consumers]",
            "  --partitions P          partitions of the rapids and every output topic [4]",
            "  --checkpoint-interval-ms N  the Flink variants' checkpoint interval [the job's default: 2000]",
            "  --out DIR               results folder [$ORDERFLOW_HOME/bench/results]: rivers-results.md and .json",
            "  --jvm-option O          extra JVM option for every variant's JVM (repeatable)",
            "  --profile VARIANT       CPU profile (async-profiler) of VARIANT's runs: collapsed stacks and a summary",
            "  --patch-classpath CP    put CP first on the rivers variant's class path (to measure a change to the job)",
            "");

    static final Set<String> VALUED = Set.of("--events", "--rivers", "--repeat", "--variants", "--partitions", "--checkpoint-interval-ms",
            "--out", "--jvm-option", "--profile", "--patch-classpath");
    static final Set<String> FLAGS = Set.of("--quick");
    static final long SEED = 7L;

    private final Args args;
    private final PrintStream out;
    private final RapidsWorkload workload;
    private final int repeat;
    private final int partitions;
    private final List<RiversVariant> variants;
    private final Path resultsDir;
    private final Path workDir;
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private KafkaConnection kafka;
    private long brokerPid;
    private BrokerTraffic traffic;

    private RiversBench(Args args, PrintStream out) throws Exception {
        this.args = args;
        this.out = out;
        boolean quick = args.flag("--quick");
        this.workload = new RapidsWorkload(args.intIn("--rivers", 20, 1, 200), args.longIn("--events", quick ? 100_000 : 1_000_000, 1000, 100_000_000), SEED);
        this.repeat = args.intIn("--repeat", quick ? 1 : 3, 1, 20);
        this.partitions = args.intIn("--partitions", 4, 1, 64);
        this.variants = args.has("--variants")
                ? Arrays.stream(args.get("--variants", "").split(",")).map(String::trim).map(RiversBench::variant).toList()
                : List.of(RiversVariant.values());
        if (variants.contains(RiversVariant.RIVER_READERS) && !variants.contains(RiversVariant.RIVERS)) {
            throw new UsageException("--variants: river-readers read what the rivers variant wrote; name rivers too");
        }
        if (args.has("--profile")) {
            variant(args.get("--profile", ""));
        }
        args.intIn("--checkpoint-interval-ms", 2000, 10, 3_600_000);
        String home = System.getenv().getOrDefault("ORDERFLOW_HOME", ".");
        this.resultsDir = Path.of(args.get("--out", Path.of(home, "bench", "results").toString())).toAbsolutePath();
        this.workDir = Files.createTempDirectory("orderflow-bench-rivers-");
    }

    private static RiversVariant variant(String id) {
        try {
            return RiversVariant.of(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + "; variants: "
                    + String.join(", ", Arrays.stream(RiversVariant.values()).map(RiversVariant::id).toList()));
        }
    }

    /** {@code argv}: the arguments after {@code bench rivers}; returns the exit code. */
    public static int run(List<String> argv, PrintStream out) throws Exception {
        return BenchCommand.runCommand(argv, VALUED, FLAGS, USAGE, "orderflow bench rivers", out, a -> new RiversBench(a, out)::run);
    }

    private int run() throws Exception {
        out.println("bench rivers: work dir " + workDir + " (children's logs, checkpoints)");
        try (KafkaBroker broker = KafkaBroker.builder().dataDir(workDir.resolve("kafka")).build().start()) {
            kafka = KafkaConnection.plain(broker.bootstrapServers());
            brokerPid = broker.pid();
            try (BrokerTraffic t = BrokerTraffic.attach(brokerPid)) {
                traffic = t;
                return bench();
            }
        }
    }

    private int bench() throws Exception {
        String rapids = "rapids-" + runId;
        TopicAdmin.createTopics(kafka, Map.of(rapids, partitions), (short) 1);
        Path spec = workDir.resolve("rivers.yaml");
        Files.writeString(spec, workload.spec());
        out.printf(Locale.ROOT, "bench rivers: writing %,d rapids events for %d rivers (spec: %s)%n", workload.events(), workload.rivers(), spec);
        long rapidsBytes = workload.write(kafka, rapids);
        out.printf(Locale.ROOT, "bench rivers: %,d bytes of values, %.0f bytes per event%n", rapidsBytes, (double) rapidsBytes / workload.events());

        Map<RiversVariant, List<RiversRun>> runs = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        for (int round = 0; round < repeat; round++) {
            String riversPrefix = prefix(round, RiversVariant.RIVERS);
            for (RiversVariant v : variants) {
                RiversRun r = new RiversRun(v, round, workload.events());
                runs.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                try {
                    String prefix = v == RiversVariant.RIVER_READERS ? riversPrefix : prefix(round, v);
                    measure(r, rapids, spec, prefix, "bench-rivers-" + runId + "-" + round + "-" + v.id());
                } catch (Exception e) {
                    r.error = e.getMessage();
                    out.println("bench rivers: " + v.id() + " failed: " + e.getMessage());
                }
            }
            mismatches.addAll(RiversCheck.compare(round, runs));
        }
        List<RiversRun.Row> rows = runs.entrySet().stream().map(e -> RiversRun.row(e.getKey(), e.getValue())).toList();
        RiversReport report = new RiversReport(workload, rows, mismatches, rapidsBytes, partitions, repeat);
        report.write(resultsDir, out);
        BenchCommand.deleteQuietly(workDir.resolve("kafka"));
        out.println(report.closingLine());
        boolean failed = rows.stream().anyMatch(r -> r.error() != null) || !mismatches.isEmpty();
        return failed ? 1 : 0;
    }

    private String prefix(int round, RiversVariant v) {
        return "rv-" + runId + "-" + round + "-" + v.id() + "-";
    }

    /** One run of one variant in its own JVM, from a fresh consumer group into fresh topics. */
    private void measure(RiversRun r, String rapids, Path spec, String prefix, String group) throws Exception {
        RiversVariant v = r.variant;
        if (v == RiversVariant.RIVERS) {
            List<String> outputs = new ArrayList<>(workload.riverNames().stream().map(n -> prefix + "river." + n).toList());
            outputs.add(prefix + "river-problems");
            outputs.add(prefix + Topics.DEAD_LETTERS.name());
            createTopics(outputs);
        } else if (v == RiversVariant.CEILING) {
            createTopics(List.of(prefix + "copy"));
        }
        List<String> childArgs = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--rapids-topic", rapids,
                "--spec", spec.toString(), "--output-prefix", prefix, "--group-id", group, "--events", Long.toString(r.inputRecords)));
        if (args.has("--checkpoint-interval-ms")) {
            childArgs.addAll(List.of("--checkpoint-interval-ms", args.get("--checkpoint-interval-ms", "")));
        }
        List<String> jvm = new ArrayList<>(args.all("--jvm-option"));
        Path profile = v.id().equals(args.get("--profile", "")) ? workDir.resolve(v.id() + "-" + r.round + ".collapsed") : null;
        if (profile != null) {
            jvm.add(AsyncProfiler.agentOption(profile));
        }
        out.printf(Locale.ROOT, "bench rivers: %-14s round %d...%n", v.id(), r.round + 1);
        Path dir = workDir.resolve(v.id());
        JsonNode result;
        BrokerTraffic.Snapshot before;
        long brokerCpuBefore;
        String classpath = System.getProperty("java.class.path");
        if (v == RiversVariant.RIVERS && args.has("--patch-classpath")) {
            classpath = args.get("--patch-classpath", "") + java.io.File.pathSeparator + classpath;
        }
        try (VariantProcess child = VariantProcess.start(RiversVariantMain.class.getName(), v.id(), childArgs, classpath, jvm, dir, "run-" + r.round)) {
            child.awaitReady(Duration.ofMinutes(2));
            before = traffic.snapshot();
            brokerCpuBefore = brokerCpuNanos();
            result = child.awaitExit(Duration.ofMinutes(40));
        }
        BrokerTraffic.Snapshot moved = traffic.snapshot().minus(before);
        r.brokerCpuMicrosPerEvent = (brokerCpuNanos() - brokerCpuBefore) / 1000.0 / r.inputRecords;
        if (!result.path("ok").asBoolean()) {
            throw new IllegalStateException(result.path("error").asText());
        }
        r.seconds = (result.path("finishedAt").asLong() - result.path("startedAt").asLong()) / 1000.0;
        r.eventsPerSecond = r.inputRecords / r.seconds;
        r.cpuMicrosPerEvent = (result.path("cpuNanosAtFinish").asLong() - result.path("cpuNanosAtStart").asLong()) / 1000.0 / r.inputRecords;
        r.brokerBytesOut = moved.bytesOut();
        r.brokerBytesIn = moved.bytesIn();
        r.peakRssKb = result.path("vmHwmKb").asLong();
        r.loadAverage = Machine.loadAverage();
        r.tallies = result.get("rivers");
        if (result.has("steadyEventsPerSecond")) {
            r.steadyEventsPerSecond = result.path("steadyEventsPerSecond").asDouble();
            r.steadyCpuMicrosPerEvent = result.path("steadyCpuMicrosPerEvent").asDouble();
        }
        if (v == RiversVariant.RIVERS) {
            r.problemRecords = (long) OutputDigest.read(kafka, List.of(prefix + "river-problems"), partitions).length;
            r.deadLetterRecords = (long) OutputDigest.read(kafka, List.of(prefix + Topics.DEAD_LETTERS.name()), partitions).length;
        }
        out.printf(Locale.ROOT, "bench rivers: %-14s round %d: %,.0f events/s (%.1f s), %.1f CPU us/event (+ broker %.1f); after warm-up %s;"
                        + " broker read %,.1f MiB, took %,.1f MiB, peak RSS %,d MiB, load %.1f%n",
                v.id(), r.round + 1, r.eventsPerSecond, r.seconds, r.cpuMicrosPerEvent, r.brokerCpuMicrosPerEvent,
                r.steadyEventsPerSecond == null ? "n/a" : String.format(Locale.ROOT, "%,.0f events/s, %.1f CPU us/event", r.steadyEventsPerSecond, r.steadyCpuMicrosPerEvent),
                r.brokerBytesOut / 1048576.0,
                r.brokerBytesIn / 1048576.0, r.peakRssKb / 1024, r.loadAverage);
        if (profile != null && Files.exists(profile)) {
            List<String> summary = AsyncProfiler.summary(profile, 25);
            Files.write(workDir.resolve(v.id() + "-" + r.round + ".profile.txt"), summary);
            out.printf(Locale.ROOT, "bench rivers: %-14s profile %s:%n", v.id(), profile);
            summary.forEach(line -> out.println("bench rivers:   " + line));
        }
        BenchCommand.deleteQuietly(dir.resolve("checkpoints"));
    }

    private void createTopics(List<String> topics) throws Exception {
        Map<String, Integer> m = new LinkedHashMap<>();
        topics.forEach(t -> m.put(t, partitions));
        TopicAdmin.createTopics(kafka, m, (short) 1);
    }

    private long brokerCpuNanos() {
        return ProcessHandle.of(brokerPid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }
}
