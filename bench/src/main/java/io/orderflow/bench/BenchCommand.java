package io.orderflow.bench;

import io.orderflow.bench.rivers.RiversBench;
import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.options.KafkaConnection;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./orderflow bench [--quick] [--events N] [--rate R]}: orderflow side by side with a
 * byte-copying Flink ceiling and a Kafka Streams peer, on one generated input on a local broker,
 * each variant in its own JVM from a fresh consumer group into fresh output topics. Writes
 * results.md, results.json and two charts to bench/results/, and with --update-readme the READMEs'
 * tables.
 */
@Command(
        name = "bench",
        sortOptions = false,
        description = {
            "orderflow side by side with the copy ceiling and a Kafka Streams peer",
            "Runs, one after another on one generated input and a local broker: ceiling (Flink"
                + " copying bytes), orderflow (as shipped), orderflow-hashmap, orderflow-alo,"
                + " orderflow-p1 and kafka-streams. Measures throughput, then latency at half of"
                + " orderflow's throughput, peak RSS and state size of each.",
            "orderflow bench jmh [JMH options]: the JMH benchmarks of the hot paths (JMH's own"
                    + " options: bench jmh -h)."
        },
        footer = {
            "",
            "Exit codes: 0 every variant ran, passed verify and decided as the reference did; 1 one"
                    + " did not; 2 a usage mistake; 3 the given Kafka did not answer; 4 the bench"
                    + " itself failed."
        })
public final class BenchCommand implements Callable<Integer> {

    static final int SKUS = 10_000;

    /** Load goes on this long after the measured window of a latency run. */
    static final Duration TAIL = Duration.ofSeconds(10);

    @Mixin private HelpOption help;

    @Mixin private BenchOptions options;

    private final PrintStream out;
    private final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    private Path workDir;
    private KafkaConnection kafka;
    private long brokerPid = -1;
    private BenchChildren children;
    private LatencyPhase latencyPhase;
    private ThroughputPhase throughputPhase;

    private BenchCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * {@code bench} with its subcommands {@code dedup} and {@code rivers}, printing to {@code out}.
     */
    static CommandLine commandLine(PrintStream out) {
        CommandLine bench = new CommandLine(new BenchCommand(out));
        bench.addSubcommand(DedupBench.printingTo(out));
        bench.addSubcommand(RiversBench.printingTo(out));
        return bench;
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = List.of(argv);
        if (!args.isEmpty() && args.get(0).equals("bench")) {
            args = args.subList(1, args.size());
        }
        if (!args.isEmpty() && args.get(0).equals("jmh")) {
            org.openjdk.jmh.Main.main(
                    args.subList(1, args.size())
                            .toArray(String[]::new)); // JMH parses its own options
            return;
        }
        System.exit(run(args, System.out, System.err));
    }

    /**
     * {@code argv}: the arguments after {@code bench}; help, usage mistakes and failures included,
     * returns the exit code.
     */
    static int run(List<String> argv, PrintStream out, PrintStream err) {
        return Commands.run(commandLine(out), argv, out, err);
    }

    // ---------------------------------------------------------------- the run

    @Override
    public Integer call() throws Exception {
        kafka =
                options.givenKafka()
                        ? options.kafka()
                        : null; // a missing --kafka-config file is a usage mistake: before anything
        // starts
        // A malformed --broker-config is a usage mistake too, before anything starts.
        Map<String, String> brokerSettings = BenchBroker.settings(options.brokerConfig());
        workDir = Files.createTempDirectory("orderflow-bench-");
        out.println("bench: work dir " + workDir + " (children's logs, checkpoints, state)");
        KafkaBroker broker = null;
        try {
            if (kafka == null) {
                out.println("bench: starting a Kafka broker");
                broker = BenchBroker.start(workDir.resolve("kafka"), brokerSettings);
                kafka = KafkaConnection.plain(broker.bootstrapServers());
                brokerPid = broker.pid();
            }
            children = new BenchChildren(options, kafka);
            latencyPhase = new LatencyPhase(options, children, kafka, workDir, runId, out);
            throughputPhase =
                    new ThroughputPhase(
                            options,
                            children,
                            kafka,
                            workDir,
                            runId,
                            out,
                            this::brokerCpuNanos,
                            brokerPid);
            return bench();
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /**
     * CPU time the bench's broker (its own JVM) has used so far; -1 when it is not ours
     * (--bootstrap-servers).
     */
    private long brokerCpuNanos() {
        if (brokerPid < 0) {
            return -1;
        }
        return ProcessHandle.of(brokerPid)
                .flatMap(h -> h.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(-1L);
    }

    private int bench() throws Exception {
        if (options.latencyRates() != null) {
            String settings =
                    String.format(
                            Locale.ROOT,
                            "commit interval %s ms, out-of-orderness %s ms (both each variant's"
                                    + " default when empty), %d s measured per point",
                            orEmpty(options.checkpointIntervalMs()),
                            orEmpty(options.outOfOrdernessMs()),
                            options.latencySeconds());
            return new LatencyCurve(latencyPhase, options.variants(), out)
                    .run(options.latencyRates(), settings, options.resultsDir());
        }
        String inOrders = "bench-" + runId + "-orders";
        String inInventory = "bench-" + runId + "-inventory";
        int partitions = options.partitions();
        children.createTopics(Map.of(inOrders, partitions, inInventory, partitions), false);
        GeneratorSettings settings = settingsFor(options.events(), 1L);
        out.printf(
                Locale.ROOT,
                "bench: generating %,d orders over %,d skus (about %,d events)%n",
                settings.orders(),
                SKUS,
                options.events());
        GeneratorReport generated =
                OrderWriter.produce(
                        kafka, settings, new TopicNames(inOrders, inInventory), 0, null);
        out.println("bench: " + generated.summaryLine());
        long inputRecords = generated.records();

        // Rounds alternate the variants, so that slow phases of a noisy machine fall on all of
        // them.
        Map<Variant, List<Figures>> runs = new LinkedHashMap<>();
        Map<Variant, long[]> digests = new LinkedHashMap<>();
        for (int round = 0; round < options.repeat(); round++) {
            for (Variant v : options.variants()) {
                Figures f = new Figures(v);
                f.inputRecords = inputRecords;
                runs.computeIfAbsent(v, k -> new ArrayList<>()).add(f);
                try {
                    long[] digest = throughputPhase.run(v, f, inOrders, inInventory, round);
                    if (digest != null && v.decides() && round == 0) {
                        digests.put(v, digest);
                    } else if (digest != null
                            && digests.containsKey(v)
                            && OutputDigest.difference(digests.get(v), digest) != 0) {
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
        if (options.latency()) {
            double rate = offeredRate(figures);
            out.printf(Locale.ROOT, "bench: latency phase at %,.0f events/s offered%n", rate);
            for (Variant v : options.variants()) {
                Figures f = BenchReport.find(figures, v);
                try {
                    latencyPhase.run(v, f, rate);
                } catch (Exception e) {
                    f.error =
                            (f.error == null ? "" : f.error + "; ") + "latency: " + e.getMessage();
                    out.println("bench: " + v.id() + " latency failed: " + e.getMessage());
                }
            }
        }
        String closing = BenchReport.closingLine(figures);
        new ResultsWriter(options.resultsDir(), out)
                .write(
                        figures,
                        generated,
                        closing,
                        partitions,
                        options.quick(),
                        options.updateReadme());
        deleteQuietly(workDir.resolve("kafka"));
        out.println(closing);
        // A variant that failed, broke an invariant, or decided otherwise than the reference fails
        // the bench.
        boolean failed =
                figures.stream()
                        .anyMatch(
                                f ->
                                        f.error != null
                                                || Boolean.FALSE.equals(f.verifyOk)
                                                || (f.differencesFromOrderflow != null
                                                        && f.differencesFromOrderflow != 0));
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
            if (Boolean.TRUE.equals(f.verifyOk)
                    && (reference == null || e.getKey() == Variant.ORDERFLOW)) {
                reference = e.getKey();
            }
        }
        if (reference == null) {
            return;
        }
        for (Map.Entry<Variant, long[]> e : digests.entrySet()) {
            Figures f = BenchReport.find(figures, e.getKey());
            f.comparedWith = reference.id();
            f.differencesFromOrderflow =
                    OutputDigest.difference(digests.get(reference), e.getValue());
        }
    }

    private double offeredRate(List<Figures> figures) {
        if (options.rate() != null) {
            return options.rate();
        }
        Figures of = BenchReport.find(figures, Variant.ORDERFLOW);
        if (of != null && of.eventsPerSecond != null) {
            return of.eventsPerSecond / 2;
        }
        return 5000;
    }

    /**
     * The bench input: the generator's defaults over {@link #SKUS} skus, sized to about {@code
     * events} records.
     */
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

    // ---------------------------------------------------------------- helpers

    private static String orEmpty(Long value) {
        return value == null ? "" : value.toString();
    }

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
