package io.orderflow.local.generate;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.KafkaOptions;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.generate.GenerateException;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate}: its options, then an {@link OrderWriter} sends the {@code OrderStream} to the
 * input topics.
 */
@Command(
        name = "generate",
        sortOptions = false,
        description = {
            "write a reproducible stream of orders and inventory events",
            "Sends a deterministic stream of orders and stock events to the input topics."
        },
        footer = {
            "",
            "Exit codes: 0 written, 2 a usage mistake, 3 Kafka did not answer or take the records"
                    + " (or a topic is missing), 4 the command itself failed."
        })
public final class GenerateCommand implements Callable<Integer> {

    static final String NAME = "orderflow generate";

    private static final double MAX_RATE = 1e9;

    @Mixin private HelpOption help;

    @Mixin private KafkaOptions kafkaOptions;

    @Option(
            names = "--orders",
            paramLabel = "N",
            required = true,
            description = "orders to place (required)")
    @Range(min = 0, max = 1_000_000_000_000L)
    private long orders;

    @Option(
            names = "--skus",
            paramLabel = "K",
            description = "catalogue size (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = GeneratorSettings.MAX_SKUS)
    private int skus = GeneratorSettings.DEFAULT_SKUS;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "records per second, also written R/s (default: as fast as possible)")
    private String rate;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "same seed and options give the same records (default ${DEFAULT-VALUE})")
    private long seed = GeneratorSettings.DEFAULT_SEED;

    @Option(
            names = "--duplicate-rate",
            paramLabel = "F",
            description = "share of events sent twice (default ${DEFAULT-VALUE})")
    @Range(min = 0, max = 1)
    private double duplicateRate = GeneratorSettings.DEFAULT_DUPLICATE_RATE;

    @Option(
            names = "--cancel-rate",
            paramLabel = "F",
            description = "share of orders cancelled (default ${DEFAULT-VALUE})")
    @Range(min = 0, max = 1)
    private double cancelRate = GeneratorSettings.DEFAULT_CANCEL_RATE;

    @Option(
            names = "--malformed-rate",
            paramLabel = "F",
            description = "bad records per order (default ${DEFAULT-VALUE})")
    @Range(min = 0, max = 1)
    private double malformedRate = GeneratorSettings.DEFAULT_MALFORMED_RATE;

    @Option(
            names = "--backorder-rate",
            paramLabel = "F",
            description = "share of BACKORDER orders (default ${DEFAULT-VALUE})")
    @Range(min = 0, max = 1)
    private double backorderRate = GeneratorSettings.DEFAULT_BACKORDER_RATE;

    @Option(names = "--orders-topic", paramLabel = "T", description = "(default ${DEFAULT-VALUE})")
    private String ordersTopic = TopicNames.defaults().orders();

    @Option(
            names = "--inventory-topic",
            paramLabel = "T",
            description = "(default ${DEFAULT-VALUE})")
    private String inventoryTopic = TopicNames.defaults().inventory();

    @Option(
            names = "--start",
            paramLabel = "ISO",
            description = "event time of the first event (default ${DEFAULT-VALUE})")
    private String start =
            Instant.ofEpochMilli(GeneratorSettings.DEFAULT_START_EPOCH_MILLIS).toString();

    private final PrintStream out;
    private final PrintStream err;

    private GenerateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command, printing to {@code out} and {@code err}, for the command line. */
    public static GenerateCommand printingTo(PrintStream out, PrintStream err) {
        return new GenerateCommand(out, err);
    }

    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        return Commands.run(new GenerateCommand(out, err), withoutCommandName(argv), out, err);
    }

    @Override
    public Integer call() {
        Invocation invocation;
        try {
            invocation = invocation();
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            GeneratorReport report =
                    OrderWriter.produce(
                            invocation.kafka(),
                            invocation.settings(),
                            invocation.topics(),
                            invocation.rate(),
                            err);
            out.println(report.summaryLine());
            return 0;
        } catch (GenerateException e) {
            // Kafka did not answer, refused the client, had no such topic, or did not take a
            // record.
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
    }

    private static List<String> withoutCommandName(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equals("generate")
                ? argv.subList(1, argv.size())
                : argv;
    }

    private Invocation invocation() {
        KafkaConnection kafka = kafkaOptions.connection();
        BootstrapServers.check(KafkaConnection.BOOTSTRAP_OPTION, kafka.bootstrapServers());
        double recordsPerSecond = rate == null ? 0.0 : parseRate(rate);
        long startMillis = parseStart(start);
        TopicNames topics =
                new TopicNames(
                        topicName("--orders-topic", ordersTopic),
                        topicName("--inventory-topic", inventoryTopic));
        GeneratorSettings settings =
                new GeneratorSettings(
                        orders,
                        skus,
                        seed,
                        duplicateRate,
                        cancelRate,
                        malformedRate,
                        backorderRate,
                        startMillis);
        return new Invocation(kafka, settings, topics, recordsPerSecond);
    }

    /** {@code 5000} or {@code 5000/s}: records per second, more than 0. */
    static double parseRate(String text) {
        String number = text.trim();
        if (number.endsWith("/s")) {
            number = number.substring(0, number.length() - 2).trim();
        }
        double rate;
        try {
            rate = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new UsageException(
                    "--rate must be records per second above 0 (such as 5000 or 5000/s), was '"
                            + text
                            + "'");
        }
        return rate;
    }

    private static long parseStart(String text) {
        try {
            return Instant.parse(text.trim()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UsageException(
                    "--start must be an ISO-8601 instant such as 2026-11-26T00:00:00Z, was '"
                            + text
                            + "'");
        }
    }

    private static String topicName(String option, String name) {
        if (name.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return name;
    }

    private record Invocation(
            KafkaConnection kafka, GeneratorSettings settings, TopicNames topics, double rate) {}
}
