package io.orderflow.bench;

import io.orderflow.bench.rivers.RiversBench;
import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.HelpRequested;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderStream;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./orderflow bench [--quick] [--events N] [--rate R]}: orderflow side by side with a
 * byte-copying Flink ceiling and a Kafka Streams peer, on one generated input on a local broker,
 * each variant in its own JVM from a fresh consumer group into fresh output topics. Writes
 * results.md, results.json and two charts to bench/results/, and with --update-readme the READMEs' tables.
 */
public final class BenchCommand {

    static final String USAGE = String.join("\n",
            "usage: orderflow bench [--quick] [--events N] [--rate R] [options]",
            "       orderflow bench jmh [JMH options]      (the JMH benchmarks of the hot paths)",
            "       orderflow bench dedup [--orders N] [--heap SIZE]   (dedup state of N orders in a fixed heap; --help)",
            "       orderflow bench rivers [--events N] [--rivers N]   (the rivers job against one consumer per river; --help)",
            "",
            "Runs, one after another on one generated input and a local broker: ceiling (Flink copying bytes),",
            "orderflow (as shipped), orderflow-hashmap, orderflow-alo, orderflow-p1 and kafka-streams. Measures",
            "throughput, then latency at half of orderflow's throughput, peak RSS and state size of each.",
            "",
            "  --quick                 a smaller input and shorter latency runs: a few minutes [1,000,000 events, 60 s]",
            "  --events N              about N input events [1000000; 100000 with --quick]",
            "  --rate R                offered load of the latency phase, events/s [half of orderflow's throughput]",
            "  --variants a,b,...      run only these [all]",
            "  --latency-seconds S     measured part of each latency run [60; 20 with --quick]",
            "  --repeat N              throughput runs of each variant, alternating [3; 1 with --quick]: medians and spread",
            "  --no-latency            throughput phase only",
            "  --latency-rates R1,R2.. a latency curve instead of both phases: each deciding variant at each offered",
            "                          load, alternating; into latency-curve.md and latency-curve.png",
            "  --checkpoint-interval-ms N  every variant commits its outputs this often: Flink's checkpoint interval,",
            "                          Kafka Streams' commit.interval.ms [each one's default: 2000]",
            "  --out-of-orderness-ms N every variant's bound on out-of-orderness (the job's --max-out-of-orderness,",
            "                          the peer's grace) [500]",
            "  --no-verify             skip ./orderflow verify and the output comparison",
            "  --partitions P          partitions of every topic [4]",
            "  --out DIR               results folder [$ORDERFLOW_HOME/bench/results]",
            "  --update-readme         also write the results into README.md and bench/README.md (not with --out)",
            "  --job-arg A             extra order-processing option for the orderflow variants (repeatable)",
            "  --flink-config K=V      extra Flink configuration for the orderflow variants (repeatable)",
            "  --jvm-option O          extra JVM option for every variant's JVM (repeatable), e.g. -XX:+UseParallelGC",
            "  --patch-classpath CP    put CP first on the orderflow variants' class path (to measure job changes)",
            "  --profile VARIANT       CPU profile (async-profiler, native frames too) of VARIANT's throughput run:",
            "                          collapsed stacks and a summary in the work dir",
            "  --bootstrap-servers H:P use this broker instead of starting one",
            "  --kafka-config FILE     its Kafka client settings (security), for every client and variant (docs/security.md)",
            "");

    static final Set<String> VALUED = Set.of("--events", "--rate", "--variants", "--latency-seconds", "--partitions", "--out", "--repeat",
            "--job-arg", "--flink-config", "--jvm-option", "--latency-rates", "--checkpoint-interval-ms", "--out-of-orderness-ms", "--patch-classpath", "--profile", "--bootstrap-servers", KafkaClientConfig.OPTION);
    static final Set<String> FLAGS = Set.of("--quick", "--no-latency", "--no-verify", "--update-readme");

    static final int SKUS = 10_000;
    /** Load goes on this long after the measured window of a latency run. */
    static final Duration TAIL = Duration.ofSeconds(10);

    private final Args args;
    private final PrintStream out;
    private final boolean quick;
    private final int repeat;
    private final long events;
    private final int partitions;
    private final List<Variant> variants;
    private final Path resultsDir;
    private final Path workDir;
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private KafkaConnection kafka;
    private long brokerPid = -1;
    private BenchChildren children;
    private LatencyPhase latencyPhase;
    private ThroughputPhase throughputPhase;

    private BenchCommand(Args args, PrintStream out) throws IOException {
        this.args = args;
        this.out = out;
        this.quick = args.flag("--quick");
        this.events = args.longIn("--events", quick ? 100_000 : 1_000_000, 20_000, 100_000_000);
        this.partitions = args.intIn("--partitions", 4, 1, 64);
        this.repeat = args.intIn("--repeat", quick ? 1 : 3, 1, 20);
        this.variants = args.has("--variants")
                ? Arrays.stream(args.get("--variants", "").split(",")).map(String::trim).map(BenchCommand::variant).toList()
                : List.of(Variant.values());
        String home = System.getenv().getOrDefault("ORDERFLOW_HOME", ".");
        this.resultsDir = Path.of(args.get("--out", Path.of(home, "bench", "results").toString())).toAbsolutePath();
        this.workDir = Files.createTempDirectory("orderflow-bench-");
    }

    private static Variant variant(String id) {
        try {
            return Variant.of(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + "; variants: "
                    + String.join(", ", Arrays.stream(Variant.values()).map(Variant::id).toList()));
        }
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && argv[0].equals("bench")) {
            argv = Arrays.copyOfRange(argv, 1, argv.length);
        }
        if (argv.length > 0 && argv[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(argv, 1, argv.length));
            return;
        }
        if (argv.length > 0 && argv[0].equals("dedup")) {
            System.exit(DedupBench.run(Arrays.asList(argv).subList(1, argv.length), System.out));
        }
        if (argv.length > 0 && argv[0].equals("rivers")) {
            System.exit(RiversBench.run(Arrays.asList(argv).subList(1, argv.length), System.out));
        }
        System.exit(run(Arrays.asList(argv), System.out));
    }

    static int run(List<String> argv, PrintStream out) throws Exception {
        return runCommand(argv, VALUED, FLAGS, USAGE, "orderflow bench", out, args -> new BenchCommand(args, out)::run);
    }

    /** A bench command made from its arguments, ready to run; returns the exit code. */
    @FunctionalInterface
    public interface Command {
        int run() throws Exception;
    }

    /** Makes a command from parsed arguments; throws {@link UsageException} for a bad option. */
    @FunctionalInterface
    public interface CommandFactory {
        Command create(Args args) throws Exception;
    }

    /** Parses, then runs: the usage on --help (exit 0), one line naming the mistake otherwise (exit 2). */
    public static int runCommand(List<String> argv, Set<String> valued, Set<String> flags, String usage, String name, PrintStream out,
            CommandFactory factory) throws Exception {
        Command command;
        try {
            Args args = Args.parse(argv, valued, flags);
            if (args.help()) {
                throw new HelpRequested(usage);
            }
            if (!args.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + args.positional().get(0) + "' (see --help)");
            }
            command = factory.create(args);
        } catch (HelpRequested help) {
            out.print(usage);
            return 0;
        } catch (UsageException e) {
            System.err.println(name + ": " + e.getMessage());
            return UsageException.EXIT_CODE;
        }
        return command.run();
    }

    // ---------------------------------------------------------------- the run

    private int run() throws Exception {
        out.println("bench: work dir " + workDir + " (children's logs, checkpoints, state)");
        KafkaBroker broker = null;
        try {
            if (args.has("--bootstrap-servers") || args.has(KafkaClientConfig.OPTION)) {
                kafka = KafkaConnection.fromArgs(args);
            } else {
                out.println("bench: starting a Kafka broker");
                broker = KafkaBroker.builder().dataDir(workDir.resolve("kafka")).build().start();
                kafka = KafkaConnection.plain(broker.bootstrapServers());
                brokerPid = broker.pid();
            }
            children = new BenchChildren(args, kafka, partitions);
            latencyPhase = new LatencyPhase(args, children, kafka, partitions, workDir, runId, quick, out);
            throughputPhase = new ThroughputPhase(args, children, kafka, partitions, workDir, runId, out, this::brokerCpuNanos);
            return bench();
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** CPU time the bench's broker (its own JVM) has used so far; -1 when it is not ours (--bootstrap-servers). */
    private long brokerCpuNanos() {
        if (brokerPid < 0) {
            return -1;
        }
        return ProcessHandle.of(brokerPid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    private int bench() throws Exception {
        if (args.has("--latency-rates")) {
            String settings = String.format(Locale.ROOT, "commit interval %s ms, out-of-orderness %s ms (both each variant's default when empty), %d s measured per point",
                    args.get("--checkpoint-interval-ms", ""), args.get("--out-of-orderness-ms", ""),
                    args.longIn("--latency-seconds", quick ? 20 : 60, 5, 3600));
            return new LatencyCurve(latencyPhase, variants, out).run(latencyRates(), settings, resultsDir);
        }
        String inOrders = "bench-" + runId + "-orders";
        String inInventory = "bench-" + runId + "-inventory";
        children.createTopics(Map.of(inOrders, partitions, inInventory, partitions), false);
        GeneratorSettings settings = settingsFor(events, 1L);
        out.printf(Locale.ROOT, "bench: generating %,d orders over %,d skus (about %,d events)%n", settings.orders(), SKUS, events);
        GeneratorReport generated = OrderWriter.produce(kafka, settings, new TopicNames(inOrders, inInventory), 0, null);
        out.println("bench: " + generated.summaryLine());
        long inputRecords = generated.records();

        // Rounds alternate the variants, so that slow phases of a noisy machine fall on all of them.
        Map<Variant, List<Figures>> runs = new LinkedHashMap<>();
        Map<Variant, long[]> digests = new LinkedHashMap<>();
        for (int round = 0; round < repeat; round++) {
            for (Variant v : variants) {
                Figures f = new Figures(v);
                f.inputRecords = inputRecords;
                runs.computeIfAbsent(v, k -> new ArrayList<>()).add(f);
                try {
                    long[] digest = throughputPhase.run(v, f, inOrders, inInventory, round);
                    if (digest != null && v.decides() && round == 0) {
                        digests.put(v, digest);
                    } else if (digest != null && digests.containsKey(v) && OutputDigest.difference(digests.get(v), digest) != 0) {
                        f.error = "round " + (round + 1) + "'s outputs differ from round 1's";
                    }
                } catch (Exception e) {
                    f.error = "throughput: " + e.getMessage();
                    out.println("bench: " + v.id() + " failed: " + e.getMessage());
                }
            }
        }
        List<Figures> figures = new ArrayList<>();
        runs.values().forEach(r -> figures.add(Repeats.median(r)));
        compareOutputs(figures, digests);
        if (!args.flag("--no-latency")) {
            double rate = offeredRate(figures);
            out.printf(Locale.ROOT, "bench: latency phase at %,.0f events/s offered%n", rate);
            for (Variant v : variants) {
                Figures f = BenchReport.find(figures, v);
                try {
                    latencyPhase.run(v, f, rate);
                } catch (Exception e) {
                    f.error = (f.error == null ? "" : f.error + "; ") + "latency: " + e.getMessage();
                    out.println("bench: " + v.id() + " latency failed: " + e.getMessage());
                }
            }
        }
        String closing = BenchReport.closingLine(figures);
        new ResultsWriter(resultsDir, out).write(figures, generated, closing, partitions, quick, args.flag("--update-readme") && !args.has("--out"));
        deleteQuietly(workDir.resolve("kafka"));
        out.println(closing);
        // A variant that failed, broke an invariant, or decided otherwise than the reference fails the bench.
        boolean failed = figures.stream().anyMatch(f -> f.error != null || Boolean.FALSE.equals(f.verifyOk)
                || (f.differencesFromOrderflow != null && f.differencesFromOrderflow != 0));
        return failed ? 1 : 0;
    }

    /**
     * Compares every deciding variant's outputs with a reference: orderflow when it passed verify,
     * else the first variant that did (outputs that break an invariant are no reference).
     */
    private static void compareOutputs(List<Figures> figures, Map<Variant, long[]> digests) {
        Variant reference = null;
        for (Map.Entry<Variant, long[]> e : digests.entrySet()) {
            Figures f = BenchReport.find(figures, e.getKey());
            if (Boolean.TRUE.equals(f.verifyOk) && (reference == null || e.getKey() == Variant.ORDERFLOW)) {
                reference = e.getKey();
            }
        }
        if (reference == null) {
            return;
        }
        for (Map.Entry<Variant, long[]> e : digests.entrySet()) {
            Figures f = BenchReport.find(figures, e.getKey());
            f.comparedWith = reference.id();
            f.differencesFromOrderflow = OutputDigest.difference(digests.get(reference), e.getValue());
        }
    }

    private double offeredRate(List<Figures> figures) {
        if (args.has("--rate")) {
            return args.doubleIn("--rate", 0, 1, 10_000_000);
        }
        Figures of = BenchReport.find(figures, Variant.ORDERFLOW);
        if (of != null && of.eventsPerSecond != null) {
            return of.eventsPerSecond / 2;
        }
        return 5000;
    }

    /** The bench input: the generator's defaults over {@link #SKUS} skus, sized to about {@code events} records. */
    static GeneratorSettings settingsFor(long events, long seed) {
        GeneratorSettings probe = GeneratorSettings.defaults(20_000).withSkus(SKUS).withSeed(seed);
        OrderStream stream = new OrderStream(probe);
        long records = 0;
        while (stream.hasNext()) {
            stream.next();
            records++;
        }
        double perOrder = (records - SKUS) / 20_000.0;
        long orders = Math.max(1000, Math.round((events - SKUS) / perOrder));
        return GeneratorSettings.defaults(orders).withSkus(SKUS).withSeed(seed);
    }

    // ---------------------------------------------------------------- phase 2: latency

    List<Double> latencyRates() {
        List<Double> rates = new ArrayList<>();
        for (String r : args.get("--latency-rates", "").split(",")) {
            try {
                double rate = Double.parseDouble(r.trim());
                if (rate < 1 || rate > 10_000_000) {
                    throw new NumberFormatException();
                }
                rates.add(rate);
            } catch (NumberFormatException e) {
                throw new UsageException("--latency-rates takes offered loads in events/s between 1 and 10,000,000, separated by commas; got '" + r + "'");
            }
        }
        return rates;
    }

    // ---------------------------------------------------------------- helpers

    public static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the OS to clean
        }
    }

}
