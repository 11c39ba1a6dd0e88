package io.orderflow.bench.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.bench.AsyncProfiler;
import io.orderflow.bench.BenchBroker;
import io.orderflow.bench.BenchCommand;
import io.orderflow.bench.BenchOptions;
import io.orderflow.bench.Machine;
import io.orderflow.bench.OutputDigest;
import io.orderflow.bench.VariantProcess;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.Range;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./orderflow bench rivers}: the rivers job against the usual rapids-and-rivers
 * implementation (one plain consumer per river, each reading and filtering the whole rapids) and
 * the copy ceiling, on one generated rapids on a local broker, each variant in its own JVM, rounds
 * alternating the variants: events/s, CPU per event, and the bytes the broker read out and took in.
 */
@Command(
        name = "rivers",
        sortOptions = false,
        description = {
            "the rivers job against one consumer per river",
            "Runs, one after another on one generated rapids and a local broker: ceiling (Flink"
                + " copying every rapids record to one topic, exactly once), rivers (the rivers"
                + " job), river-readers (one consumer per river reading its river topic, as each"
                + " service then does) and consumers (one consumer per river reading and filtering"
                + " the whole rapids, the usual implementation). An event meets about one river on"
                + " average."
        },
        footer = {
            "",
            "Exit codes: 0 every variant ran and every river got the same records both ways; 1 a"
                + " variant failed or they differ; 2 a usage mistake; 4 the bench itself failed."
        })
public final class RiversBench implements Callable<Integer> {

    static final long SEED = 7L;

    @Mixin private HelpOption help;

    @Option(names = "--quick", description = "100,000 events and one round: a few minutes")
    private boolean quick;

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "rapids events [1000000; 100000 with --quick]")
    @Range(min = 1000, max = 100_000_000)
    private Long events;

    @Option(
            names = "--rivers",
            paramLabel = "N",
            description =
                    "rivers in the spec, and consumers of the usual implementation"
                            + " [${DEFAULT-VALUE}]")
    @Range(min = 1, max = 200)
    private int rivers = 20;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            description = "rounds, each running every variant once in turn [3; 1 with --quick]")
    @Range(min = 1, max = 20)
    private Integer repeatOption;

    @Option(
            names = "--variants",
            paramLabel = "VARIANT",
            split = ",",
            splitSynopsisLabel = ",",
            converter = VariantsConverter.class,
            description =
                    "run only these, e.g. --variants rivers,consumers"
                            + " [ceiling,rivers,river-readers,consumers]")
    private List<RiversVariant> variantsOption;

    @Option(
            names = "--partitions",
            paramLabel = "P",
            description = "partitions of the rapids and every output topic [${DEFAULT-VALUE}]")
    @Range(min = 1, max = 64)
    private int partitions = 4;

    @Option(
            names = "--checkpoint-interval-ms",
            paramLabel = "N",
            description = "the Flink variants' checkpoint interval [the job's default: 2000]")
    @Range(min = 10, max = 3_600_000)
    private Integer checkpointIntervalMs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "results folder [$$ORDERFLOW_HOME/bench/results]: rivers-results.md and .json")
    private Path outDir;

    @Option(
            names = "--jvm-option",
            paramLabel = "O",
            description = "extra JVM option for every variant's JVM (repeatable)")
    private List<String> jvmOptions = new ArrayList<>();

    @Option(
            names = "--kafka-property",
            paramLabel = "K=V",
            description =
                    "a Kafka client setting for both Flink variants alike, ceiling and rivers"
                            + " (repeatable; to measure a sink setting)")
    private List<String> kafkaProperties = new ArrayList<>();

    @Option(
            names = BenchBroker.OPTION,
            paramLabel = "K=V",
            description = "a setting of the bench's broker (repeatable)")
    private List<String> brokerConfig = new ArrayList<>();

    @Option(
            names = "--profile",
            paramLabel = "VARIANT",
            converter = ProfileConverter.class,
            description =
                    "CPU profile (async-profiler) of VARIANT's runs: collapsed stacks and a"
                            + " summary")
    private RiversVariant profile;

    @Option(
            names = "--patch-classpath",
            paramLabel = "CP",
            description =
                    "put CP first on the rivers variant's class path (to measure a change to the"
                            + " job)")
    private String patchClasspath;

    private final PrintStream out;
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private RapidsWorkload workload;
    private int repeat;
    private List<RiversVariant> variants;
    private Path workDir;
    private KafkaConnection kafka;
    private long brokerPid;
    private BrokerTraffic traffic;

    private RiversBench(PrintStream out) {
        this.out = out;
    }

    /** The command, printing to {@code out}: {@code bench rivers}. */
    public static RiversBench printingTo(PrintStream out) {
        return new RiversBench(out);
    }

    @Override
    public Integer call() throws Exception {
        variants = variantsOption != null ? variantsOption : List.of(RiversVariant.values());
        if (variants.contains(RiversVariant.RIVER_READERS)
                && !variants.contains(RiversVariant.RIVERS)) {
            throw new UsageException(
                    "--variants: river-readers read what the rivers variant wrote; name rivers"
                            + " too");
        }
        // A malformed --broker-config is a usage mistake, before any work.
        Map<String, String> brokerSettings = BenchBroker.settings(brokerConfig);
        workload =
                new RapidsWorkload(
                        rivers, events != null ? events : quick ? 100_000 : 1_000_000, SEED);
        repeat = repeatOption != null ? repeatOption : quick ? 1 : 3;
        workDir = Files.createTempDirectory("orderflow-bench-rivers-");
        out.println("bench rivers: work dir " + workDir + " (children's logs, checkpoints)");
        try (KafkaBroker broker = BenchBroker.start(workDir.resolve("kafka"), brokerSettings)) {
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
        out.printf(
                Locale.ROOT,
                "bench rivers: writing %,d rapids events for %d rivers (spec: %s)%n",
                workload.events(),
                workload.rivers(),
                spec);
        long rapidsBytes = workload.write(kafka, rapids);
        out.printf(
                Locale.ROOT,
                "bench rivers: %,d bytes of values, %.0f bytes per event%n",
                rapidsBytes,
                (double) rapidsBytes / workload.events());

        Map<RiversVariant, List<RiversRun>> runs = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        for (int round = 0; round < repeat; round++) {
            String riversPrefix = prefix(round, RiversVariant.RIVERS);
            for (RiversVariant v : variants) {
                RiversRun r = new RiversRun(v, round, workload.events());
                runs.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                try {
                    String prefix =
                            v == RiversVariant.RIVER_READERS ? riversPrefix : prefix(round, v);
                    measure(
                            r,
                            rapids,
                            spec,
                            prefix,
                            "bench-rivers-" + runId + "-" + round + "-" + v.id());
                } catch (Exception e) {
                    r.error = e.getMessage();
                    out.println("bench rivers: " + v.id() + " failed: " + e.getMessage());
                }
            }
            mismatches.addAll(RiversCheck.compare(round, runs));
        }
        List<RiversRun.Row> rows =
                runs.entrySet().stream().map(e -> RiversRun.row(e.getKey(), e.getValue())).toList();
        RiversReport report =
                new RiversReport(workload, rows, mismatches, rapidsBytes, partitions, repeat);
        report.write(BenchOptions.resultsDir(outDir), out);
        BenchCommand.deleteQuietly(workDir.resolve("kafka"));
        out.println(report.closingLine());
        boolean failed = rows.stream().anyMatch(r -> r.error() != null) || !mismatches.isEmpty();
        return failed ? 1 : 0;
    }

    private String prefix(int round, RiversVariant v) {
        return "rv-" + runId + "-" + round + "-" + v.id() + "-";
    }

    /** One run of one variant in its own JVM, from a fresh consumer group into fresh topics. */
    private void measure(RiversRun r, String rapids, Path spec, String prefix, String group)
            throws Exception {
        RiversVariant v = r.variant;
        if (v == RiversVariant.RIVERS) {
            List<String> outputs =
                    new ArrayList<>(
                            workload.riverNames().stream()
                                    .map(n -> prefix + "river." + n)
                                    .toList());
            outputs.add(prefix + "river-problems");
            outputs.add(prefix + Topics.DEAD_LETTERS.name());
            createTopics(outputs);
        } else if (v == RiversVariant.CEILING) {
            createTopics(List.of(prefix + "copy"));
        }
        List<String> childArgs =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--rapids-topic",
                                rapids,
                                "--spec",
                                spec.toString(),
                                "--output-prefix",
                                prefix,
                                "--group-id",
                                group,
                                "--events",
                                Long.toString(r.inputRecords)));
        if (checkpointIntervalMs != null) {
            childArgs.addAll(List.of("--checkpoint-interval-ms", checkpointIntervalMs.toString()));
        }
        for (String property : kafkaProperties) {
            childArgs.addAll(List.of(RiversVariantMain.KAFKA_PROPERTY, property));
        }
        List<String> jvm = new ArrayList<>(jvmOptions);
        Path profile =
                v == this.profile ? workDir.resolve(v.id() + "-" + r.round + ".collapsed") : null;
        if (profile != null) {
            jvm.add(AsyncProfiler.agentOption(profile));
        }
        out.printf(Locale.ROOT, "bench rivers: %-14s round %d...%n", v.id(), r.round + 1);
        Path dir = workDir.resolve(v.id());
        JsonNode result;
        BrokerTraffic.Snapshot before;
        long brokerCpuBefore;
        String classpath = System.getProperty("java.class.path");
        if (v == RiversVariant.RIVERS && patchClasspath != null) {
            classpath = patchClasspath + java.io.File.pathSeparator + classpath;
        }
        try (VariantProcess child =
                VariantProcess.start(
                        RiversVariantMain.class.getName(),
                        v.id(),
                        childArgs,
                        classpath,
                        jvm,
                        dir,
                        "run-" + r.round)) {
            child.awaitReady(Duration.ofMinutes(2));
            before = traffic.snapshot();
            brokerCpuBefore = brokerCpuNanos();
            result = child.awaitExit(Duration.ofMinutes(40));
        }
        BrokerTraffic.Snapshot moved = traffic.snapshot().minus(before);
        r.brokerCpuMicrosPerEvent = (brokerCpuNanos() - brokerCpuBefore) / 1000.0 / r.inputRecords;
        r.read(result);
        r.brokerBytesOut = moved.bytesOut();
        r.brokerBytesIn = moved.bytesIn();
        r.loadAverage = Machine.loadAverage();
        if (v == RiversVariant.RIVERS) {
            r.problemRecords =
                    (long)
                            OutputDigest.read(kafka, List.of(prefix + "river-problems"), partitions)
                                    .length;
            r.deadLetterRecords =
                    (long)
                            OutputDigest.read(
                                            kafka,
                                            List.of(prefix + Topics.DEAD_LETTERS.name()),
                                            partitions)
                                    .length;
        }
        out.println(r.progressLine());
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
        return ProcessHandle.of(brokerPid)
                .flatMap(h -> h.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(0L);
    }

    private static RiversVariant variant(String option, String id) {
        return BenchOptions.oneOf(option, id.trim(), RiversVariant.values(), RiversVariant::id);
    }

    /** The variants of --variants by their ids. */
    static final class VariantsConverter implements ITypeConverter<RiversVariant> {
        @Override
        public RiversVariant convert(String id) {
            return variant("--variants", id);
        }
    }

    /** The variant of --profile by its id. */
    static final class ProfileConverter implements ITypeConverter<RiversVariant> {
        @Override
        public RiversVariant convert(String id) {
            return variant("--profile", id);
        }
    }
}
