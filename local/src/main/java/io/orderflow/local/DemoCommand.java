package io.orderflow.local;

import io.orderflow.jobs.cli.CommandErrors;
import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.local.cli.WebUiPort;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.KafkaBrokerBuilder;
import io.orderflow.testkit.kafka.TopicAdmin;
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
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./orderflow demo}: everything on this machine, then gone. Starts a Kafka broker in a
 * temporary folder, creates the topics, writes sample orders, runs the order-processing job over
 * them in a local mini-cluster (web UI on localhost), checks the committed outputs against the
 * contract's invariants and prints a summary.
 */
@Command(
        name = "demo",
        sortOptions = false,
        description = {
            "broker + job + sample orders on this machine, then a summary",
            "Starts a local Kafka broker, writes sample orders (with duplicates, cancellations and"
                + " some malformed records), runs order-processing over them in a local Flink"
                + " mini-cluster, checks the committed outputs against the contract and prints a"
                + " summary. Stops all it started.",
            "orderflow demo rivers: the rapids and rivers pattern, the rivers job over the order"
                    + " flow's outputs."
        },
        footer = {
            "",
            "Exit codes: 0 every invariant held, 1 a violation, 2 a usage mistake, 4 the run itself"
                    + " failed."
        })
public final class DemoCommand implements Callable<Integer> {

    /** The options of one demo run. */
    record Settings(
            long orders,
            long seed,
            int parallelism,
            int partitions,
            int webUiPort,
            boolean secure) {}

    /** Runs the demo in {@code dir}, progress to {@code progress}, and says what it found. */
    @FunctionalInterface
    interface Run {
        DemoSummary run(Settings settings, Path dir, PrintStream progress) throws Exception;
    }

    @Mixin private HelpOption help;

    @Option(
            names = "--orders",
            paramLabel = "N",
            description = "orders to generate (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = 100_000_000)
    private long orders = 100_000;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "generator seed (default ${DEFAULT-VALUE})")
    private long seed = 1;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "job parallelism (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = 64)
    private int parallelism = 2;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "partitions per topic (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = 64)
    private int partitions = 3;

    @Mixin private WebUiPort webUi;

    @Option(
            names = "--secure",
            description =
                    "the broker's only client listener is SASL_SSL (SCRAM over TLS); every step"
                            + " uses --kafka-config")
    private boolean secure;

    @Option(
            names = "--keep",
            description = "keep the temporary folder (broker data, checkpoints) afterwards")
    private boolean keep;

    @Option(
            names = "--json",
            description = {
                "print the summary as one JSON object on stdout (snake_case keys, units in their"
                        + " names); the steps on the way go to stderr"
            })
    private boolean json;

    private final Run demo;
    private final PrintStream out;
    private final PrintStream err;

    private DemoCommand(Run demo, PrintStream out, PrintStream err) {
        this.demo = demo;
        this.out = out;
        this.err = err;
    }

    /** The command line's demo, with {@code demo rivers} as its subcommand. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine demo = new CommandLine(new DemoCommand(DemoCommand::demo, out, err));
        demo.addSubcommand(RiversDemo.printingTo(out, err));
        return demo;
    }

    /**
     * {@code ./orderflow demo [rivers] ...} (what a usage mistake or a crash prints and exits with
     * included).
     */
    public static int run(List<String> argv) {
        return Commands.run(commandLine(System.out, System.err), argv, System.out, System.err);
    }

    /**
     * Parses {@code argv} (a mistake throws {@link UsageException}), runs {@code demo} and prints
     * its summary: exit 0 when every invariant held, 1 on a violation, {@link ExitCodes#FAILED}
     * when the run itself failed, whatever the cause (the demo's own broker and job are not an
     * outside input).
     */
    static int run(List<String> argv, Run demo, PrintStream out, PrintStream err)
            throws IOException {
        DemoCommand command = new DemoCommand(demo, out, err);
        return Commands.parse(command, argv, out) ? command.call() : ExitCodes.OK;
    }

    @Override
    public Integer call() throws IOException {
        Settings settings =
                new Settings(orders, seed, parallelism, partitions, webUi.port(), secure);
        // With --json stdout holds the summary's JSON alone; what happens on the way goes to
        // stderr.
        PrintStream progress = json ? err : out;
        Path dir = Files.createTempDirectory("orderflow-demo-");
        try {
            DemoSummary summary;
            try {
                summary = demo.run(settings, dir, progress);
            } catch (Exception e) {
                return CommandErrors.failed("demo", e, err);
            }
            if (json) {
                out.println(summary.toJson());
            } else {
                summary.printText(out);
            }
            return summary.ok() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        } finally {
            if (keep) {
                progress.println("Kept " + dir);
            } else {
                deleteRecursively(dir);
            }
        }
    }

    private static DemoSummary demo(Settings s, Path dir, PrintStream out) throws Exception {
        boolean secure = s.secure();
        out.println(
                "== 1/5  Starting a Kafka broker (KRaft, single node"
                        + (secure ? ", SASL_SSL only" : "")
                        + ") in "
                        + dir);
        KafkaBrokerBuilder builder = KafkaBroker.builder().dataDir(dir.resolve("kafka"));
        try (KafkaBroker broker = (secure ? builder.secure() : builder).build()) {
            broker.start();
            String bootstrap = broker.bootstrapServers();
            KafkaConnection kafka = new KafkaConnection(bootstrap, broker.clientConfig());
            out.println(
                    "       broker at "
                            + bootstrap
                            + (secure ? ", client settings in " + broker.clientConfigFile() : ""));

            out.println(
                    "== 2/5  Creating the contract's topics with "
                            + s.partitions()
                            + " partitions each");
            TopicAdmin.createOrderProcessingTopics(
                    kafka, s.partitions(), TopicAdmin.TopicNames.defaults());

            out.println(
                    "== 3/5  Writing "
                            + String.format(Locale.ROOT, "%,d", s.orders())
                            + " sample orders and their inventory events");
            GeneratorSettings settings = GeneratorSettings.defaults(s.orders()).withSeed(s.seed());
            GeneratorReport generated =
                    OrderWriter.produce(kafka, settings, TopicNames.defaults(), 0, out);
            out.println("       " + generated.summaryLine());

            out.println(
                    "== 4/5  Running order-processing in a local Flink mini-cluster (bounded: up to"
                            + " the latest offsets)");
            List<String> jobArgs =
                    new ArrayList<>(
                            List.of(
                                    "--bootstrap-servers",
                                    bootstrap,
                                    "--starting-offsets",
                                    "earliest",
                                    "--stop-at",
                                    "latest",
                                    "--parallelism",
                                    Integer.toString(s.parallelism()),
                                    "--group-id",
                                    "orderflow-demo",
                                    "--checkpoint-dir",
                                    dir.resolve("checkpoints").toUri().toString()));
            if (secure) {
                jobArgs.addAll(
                        List.of(KafkaClientConfig.OPTION, broker.clientConfigFile().toString()));
            }
            OrderProcessingOptions options = OrderProcessingOptions.parse(jobArgs);
            long started = System.nanoTime();
            try (InputProgress progress = InputProgress.start(kafka, options, out)) {
                RunCommand.runLocally(options, s.webUiPort(), out);
            }
            out.println(
                    "       the job read all "
                            + generated.records()
                            + " input records and committed its outputs");
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            out.println(
                    "== 5/5  Checking the committed outputs against the contract (read_committed)");
            Report report = VerifyCommand.verify(kafka, VerifyOptions.defaults(), null);
            return new DemoSummary(
                    report, StatusCommand.latestCounts(kafka, options.statusTopic), elapsedMillis);
        }
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
