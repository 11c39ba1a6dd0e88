package io.orderflow.local.generate;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaClientConfig;
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
import java.util.Set;

/** {@code generate}: its options, then an {@link OrderWriter} sends the {@code OrderStream} to the input topics. */
public final class GenerateCommand {

    static final String NAME = "orderflow generate";

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: generate --bootstrap-servers HOST:PORT [--kafka-config FILE] --orders N [options]",
                    "",
                    "Sends a deterministic stream of orders and stock events to the input topics.",
                    "",
                    "  --bootstrap-servers H:P  Kafka to write to (required unless the file names it)",
                    "  --kafka-config FILE      Kafka client settings (security), as Kafka's --command-config",
                    "  --orders N               orders to place (required)",
                    "  --skus K                 catalogue size (default "
                            + GeneratorSettings.DEFAULT_SKUS
                            + ")",
                    "  --rate R                 records per second, also written R/s"
                            + " (default: as fast as possible)",
                    "  --seed S                 same seed and options give the same records"
                            + " (default "
                            + GeneratorSettings.DEFAULT_SEED
                            + ")",
                    "  --duplicate-rate F       share of events sent twice (default "
                            + GeneratorSettings.DEFAULT_DUPLICATE_RATE
                            + ")",
                    "  --cancel-rate F          share of orders cancelled (default "
                            + GeneratorSettings.DEFAULT_CANCEL_RATE
                            + ")",
                    "  --malformed-rate F       bad records per order (default "
                            + GeneratorSettings.DEFAULT_MALFORMED_RATE
                            + ")",
                    "  --backorder-rate F       share of BACKORDER orders (default "
                            + GeneratorSettings.DEFAULT_BACKORDER_RATE
                            + ")",
                    "  --orders-topic T         (default " + TopicNames.defaults().orders() + ")",
                    "  --inventory-topic T      (default "
                            + TopicNames.defaults().inventory()
                            + ")",
                    "  --start ISO              event time of the first event (default "
                            + Instant.ofEpochMilli(GeneratorSettings.DEFAULT_START_EPOCH_MILLIS)
                            + ")",
                    "",
                    "Exit codes: 0 written, 2 a usage mistake, 3 Kafka did not answer or take the records"
                            + " (or a topic is missing), 4 the command itself failed.",
                    "");

    private static final Set<String> OPTIONS =
            Set.of(
                    "--bootstrap-servers",
                    KafkaClientConfig.OPTION,
                    "--orders",
                    "--skus",
                    "--rate",
                    "--seed",
                    "--duplicate-rate",
                    "--cancel-rate",
                    "--malformed-rate",
                    "--backorder-rate",
                    "--orders-topic",
                    "--inventory-topic",
                    "--start");

    private static final double MAX_RATE = 1e9;

    private GenerateCommand() {}

    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            Args args = Args.parse(withoutCommandName(argv), OPTIONS, Set.of());
            if (args.help()) {
                out.print(USAGE);
                return 0;
            }
            invocation = invocation(args);
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
            // Kafka did not answer, refused the client, had no such topic, or did not take a record.
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
    }

    private static List<String> withoutCommandName(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equals("generate")
                ? argv.subList(1, argv.size())
                : argv;
    }

    private static Invocation invocation(Args args) {
        if (!args.positional().isEmpty()) {
            throw new UsageException(
                    "unexpected argument '" + args.positional().get(0) + "' (see --help)");
        }
        KafkaConnection kafka = KafkaConnection.fromArgs(args);
        BootstrapServers.check(KafkaConnection.BOOTSTRAP_OPTION, kafka.bootstrapServers());
        if (!args.has("--orders")) {
            throw new UsageException("--orders is required");
        }
        long orders = args.longIn("--orders", 0, 0, 1_000_000_000_000L);
        int skus =
                args.intIn("--skus", GeneratorSettings.DEFAULT_SKUS, 1, GeneratorSettings.MAX_SKUS);
        long seed =
                args.longIn(
                        "--seed", GeneratorSettings.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        double duplicate =
                args.doubleIn("--duplicate-rate", GeneratorSettings.DEFAULT_DUPLICATE_RATE, 0, 1);
        double cancel = args.doubleIn("--cancel-rate", GeneratorSettings.DEFAULT_CANCEL_RATE, 0, 1);
        double malformed =
                args.doubleIn("--malformed-rate", GeneratorSettings.DEFAULT_MALFORMED_RATE, 0, 1);
        double backorder =
                args.doubleIn("--backorder-rate", GeneratorSettings.DEFAULT_BACKORDER_RATE, 0, 1);
        double rate = args.parsed("--rate", 0.0, GenerateCommand::parseRate);
        long start =
                args.parsed(
                        "--start",
                        GeneratorSettings.DEFAULT_START_EPOCH_MILLIS,
                        GenerateCommand::parseStart);
        TopicNames topics =
                new TopicNames(
                        topicName(args, "--orders-topic", TopicNames.defaults().orders()),
                        topicName(args, "--inventory-topic", TopicNames.defaults().inventory()));
        GeneratorSettings settings =
                new GeneratorSettings(
                        orders, skus, seed, duplicate, cancel, malformed, backorder, start);
        return new Invocation(kafka, settings, topics, rate);
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

    private static String topicName(Args args, String option, String fallback) {
        String name = args.get(option, fallback);
        if (name.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return name;
    }

    private record Invocation(
            KafkaConnection kafka, GeneratorSettings settings, TopicNames topics, double rate) {}
}
