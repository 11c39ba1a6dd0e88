package io.orderflow.local;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.verifier.DeadLetterReason;
import io.orderflow.verifier.RefundReason;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.VerifyOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./orderflow demo}: everything on this machine, then gone. Starts a Kafka broker in a
 * temporary folder, creates the topics, writes sample orders, runs the order-processing job over
 * them in a local mini-cluster (web UI on localhost), checks the committed outputs against the
 * contract's invariants and prints a summary.
 */
public final class DemoCommand {

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: orderflow demo [--orders N] [--seed S] [--parallelism N] [--partitions N] [--web-ui-port P] [--secure] [--keep]",
                    "       orderflow demo rivers [--help]   the rapids and rivers pattern: the rivers job over the order flow's outputs",
                    "Starts a local Kafka broker, writes sample orders (with duplicates, cancellations and some",
                    "malformed records), runs order-processing over them in a local Flink mini-cluster, checks",
                    "the committed outputs against the contract and prints a summary. Stops all it started.",
                    "  --orders N        orders to generate [100000]",
                    "  --seed S          generator seed [1]",
                    "  --parallelism N   job parallelism [2]",
                    "  --partitions N    partitions per topic [3]",
                    "  --web-ui-port P   first port to try for the Flink web UI [8081]; 0 = any",
                    "  --secure          the broker's only client listener is SASL_SSL (SCRAM over TLS); every step uses --kafka-config",
                    "  --keep            keep the temporary folder (broker data, checkpoints) afterwards");

    private DemoCommand() {}

    public static int run(List<String> argv) throws Exception {
        if (!argv.isEmpty() && argv.get(0).equals("rivers")) {
            return RiversDemo.run(argv.subList(1, argv.size()));
        }
        Args a = Args.parse(argv, Set.of("--orders", "--seed", "--parallelism", "--partitions", "--web-ui-port"), Set.of("--keep", "--secure"));
        if (a.help()) {
            System.out.println(USAGE);
            return 0;
        }
        long orders = a.longIn("--orders", 100_000, 1, 100_000_000);
        long seed = a.longIn("--seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        int parallelism = a.intIn("--parallelism", 2, 1, 64);
        int partitions = a.intIn("--partitions", 3, 1, 64);
        int webUiPort = a.intIn("--web-ui-port", 8081, 0, 65535);
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "' (see --help)");
        }
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("orderflow-demo-");
        try {
            return demo(dir, orders, seed, parallelism, partitions, webUiPort, a.flag("--secure"), out) ? 0 : 1;
        } finally {
            if (a.flag("--keep")) {
                out.println("Kept " + dir);
            } else {
                deleteRecursively(dir);
            }
        }
    }

    private static boolean demo(Path dir, long orders, long seed, int parallelism, int partitions, int webUiPort, boolean secure,
            PrintStream out) throws Exception {
        out.println("== 1/5  Starting a Kafka broker (KRaft, single node" + (secure ? ", SASL_SSL only" : "") + ") in " + dir);
        KafkaBroker.Builder builder = KafkaBroker.builder().dataDir(dir.resolve("kafka"));
        try (KafkaBroker broker = (secure ? builder.secure() : builder).build()) {
            broker.start();
            String bootstrap = broker.bootstrapServers();
            KafkaConnection kafka = new KafkaConnection(bootstrap, broker.clientConfig());
            out.println("       broker at " + bootstrap + (secure ? ", client settings in " + broker.clientConfigFile() : ""));

            out.println("== 2/5  Creating the contract's topics with " + partitions + " partitions each");
            TopicAdmin.createOrderProcessingTopics(kafka, partitions, TopicAdmin.TopicNames.defaults());

            out.println("== 3/5  Writing " + String.format(Locale.ROOT, "%,d", orders) + " sample orders and their inventory events");
            GeneratorSettings settings = GeneratorSettings.defaults(orders).withSeed(seed);
            GeneratorReport generated = OrderWriter.produce(kafka, settings, TopicNames.defaults(), 0, out);
            out.println("       " + generated.summaryLine());

            out.println("== 4/5  Running order-processing in a local Flink mini-cluster (bounded: up to the latest offsets)");
            List<String> jobArgs = new ArrayList<>(List.of(
                    "--bootstrap-servers", bootstrap,
                    "--starting-offsets", "earliest",
                    "--stop-at", "latest",
                    "--parallelism", Integer.toString(parallelism),
                    "--group-id", "orderflow-demo",
                    "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString()));
            if (secure) {
                jobArgs.addAll(List.of(KafkaClientConfig.OPTION, broker.clientConfigFile().toString()));
            }
            OrderProcessingOptions options = OrderProcessingOptions.parse(jobArgs);
            long started = System.nanoTime();
            try (InputProgress progress = InputProgress.start(kafka, options, out)) {
                RunCommand.runLocally(options, webUiPort, out);
            }
            out.println("       the job read all " + generated.records() + " input records and committed its outputs");
            double seconds = (System.nanoTime() - started) / 1e9;

            out.println("== 5/5  Checking the committed outputs against the contract (read_committed)");
            Report report = VerifyCommand.verify(kafka, VerifyOptions.defaults(), null);
            printSummary(report, StatusCommand.latestCounts(kafka, options.statusTopic), seconds, out);
            return report.ok();
        }
    }

    static void printSummary(Report r, Map<OrderStatus.Status, Long> byStatus, double jobSeconds, PrintStream out) {
        out.println();
        out.println("orderflow demo: summary");
        out.println("--------------------------------------------------------------------------");
        row(out, "input records", r.recordsReadTotal(), joinCounts(r.recordsRead()));
        row(out, "applied", r.applied(), "");
        row(out, "duplicates dropped", r.duplicates(), "");
        long dead = r.deadLettersWritten().values().stream().mapToLong(Long::longValue).sum();
        row(out, "dead letters", dead, joinReasons(r.deadLettersWritten()));
        row(out, "orders confirmed", r.confirmations(), "amount " + money(r.amountConfirmed()));
        for (RefundReason reason : RefundReason.values()) {
            row(out, "refunds " + reason, r.refunds().getOrDefault(reason, 0L), "amount " + money(r.amountRefunded().getOrDefault(reason, 0L)));
        }
        row(out, "orders by status", byStatus.values().stream().mapToLong(Long::longValue).sum(),
                "by their latest record on order-status (./orderflow status ORDER_ID)");
        byStatus.forEach((status, orders) -> row(out, "  " + status, orders, ""));
        row(out, "throughput", Math.round(r.recordsReadTotal() / jobSeconds), String.format(Locale.ROOT, "input records/s (job ran %.1f s, start-up included)", jobSeconds));
        out.println("--------------------------------------------------------------------------");
        if (r.ok()) {
            out.println("contract invariants: all held (one decision of each kind per order, money conserved,");
            out.println("no sku oversold, every input record accounted for, each order's latest status agreeing with its decisions)");
        } else {
            out.println("contract invariants: VIOLATED");
            out.println(r.format());
        }
    }

    private static void row(PrintStream out, String label, long value, String note) {
        out.println(String.format(Locale.ROOT, "%-22s %,12d   %s", label, value, note).stripTrailing());
    }

    private static String money(long minorUnits) {
        return String.format(Locale.ROOT, "%,.2f (EUR)", minorUnits / 100.0);
    }

    private static String joinCounts(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + " " + String.format(Locale.ROOT, "%,d", v)));
        return String.join(", ", parts);
    }

    private static String joinReasons(Map<DeadLetterReason, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> {
            if (v > 0) {
                parts.add(k + " " + v);
            }
        });
        return String.join(", ", parts);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
