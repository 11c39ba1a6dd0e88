package io.orderflow.local.verify;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.local.generate.BootstrapServers;
import io.orderflow.verifier.Fulfilment;
import io.orderflow.verifier.InputUnreachableException;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.Verifier;
import io.orderflow.verifier.VerifyOptions;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code verify}: the command line of the independent {@link Verifier}. It parses the options, and
 * builds the Kafka client settings with {@link KafkaConnection} ({@code --bootstrap-servers},
 * {@code --kafka-config}), so that security settings are read, and secrets scrubbed from messages,
 * in one place for every command.
 */
public final class VerifyCommand {

    static final String NAME = "orderflow verify";

    /** Every invariant holds. */
    public static final int EXIT_OK = ExitCodes.OK;

    /** A violation was found. */
    public static final int EXIT_VIOLATION = ExitCodes.CHECK_FAILED;

    /** A bad option or value: one line names it. */
    public static final int EXIT_USAGE = ExitCodes.USAGE;

    /** Kafka did not answer, refused the client, or a topic is missing: nothing was checked. */
    public static final int EXIT_UNREACHABLE = ExitCodes.UNREACHABLE;

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: verify --bootstrap-servers HOST:PORT [--kafka-config FILE] [options]",
                    "",
                    "Checks the committed outputs of the order-processing job against its inputs:",
                    "at most one output of each kind per order, money conserved, nothing oversold,",
                    "every input record accounted for.",
                    "",
                    "  --bootstrap-servers H:P     Kafka to read (required unless the file names it)",
                    "  --kafka-config FILE         Kafka client settings (security), as Kafka's --command-config",
                    "  --output-prefix P           output topics are P + their name",
                    "  --orders-topic T            [orders]",
                    "  --inventory-topic T         [inventory]",
                    "  --confirmations-topic T     [order-confirmations]",
                    "  --refunds-topic T           [refunds]",
                    "  --dead-letters-topic T      [dead-letters]",
                    "  --status-topic T            [order-status]",
                    "  --default-fulfilment F      the job's option: PARTIAL or BACKORDER"
                        + " [PARTIAL]",
                    "  --max-record-bytes N        the job's option [1048576]",
                    "  --json                      print the report as one JSON object",
                    "",
                    "Exit codes:",
                    "  0  every invariant holds",
                    "  1  a violation was found",
                    "  2  a usage mistake: a bad option or value (one line names it)",
                    "  3  input unreachable: Kafka did not answer or refused, or a topic is missing",
                    "  4  the command itself failed (one line says why)",
                    "");

    private static final String JSON_FLAG = "--json";

    private static final Set<String> OPTIONS =
            Set.of(
                    "--bootstrap-servers",
                    KafkaClientConfig.OPTION,
                    "--output-prefix",
                    "--orders-topic",
                    "--inventory-topic",
                    "--confirmations-topic",
                    "--refunds-topic",
                    "--dead-letters-topic",
                    "--status-topic",
                    "--default-fulfilment",
                    "--max-record-bytes");

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private VerifyCommand() {}

    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        KafkaConnection kafka;
        VerifyOptions options;
        boolean json;
        try {
            Args args = Args.parse(withoutCommandName(argv), OPTIONS, Set.of(JSON_FLAG));
            if (args.help()) {
                out.print(USAGE);
                return EXIT_OK;
            }
            if (!args.positional().isEmpty()) {
                throw new UsageException(
                        "unexpected argument '" + args.positional().get(0) + "' (see --help)");
            }
            kafka = KafkaConnection.fromArgs(args);
            BootstrapServers.check(KafkaConnection.BOOTSTRAP_OPTION, kafka.bootstrapServers());
            options = options(args);
            json = args.flag(JSON_FLAG);
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        try {
            Report report = verify(kafka, options, err);
            print(report, json, out);
            return report.ok() ? EXIT_OK : EXIT_VIOLATION;
        } catch (VerifyException e) {
            err.println(NAME + ": " + e.getMessage());
            return EXIT_UNREACHABLE;
        }
    }

    /** The report as text, or with {@code json} as one JSON object on one line. */
    static void print(Report report, boolean json, PrintStream out) {
        if (json) {
            out.println(report.toJson());
        } else {
            out.print(report.format());
        }
    }

    static VerifyOptions options(Args args) {
        VerifyOptions defaults = VerifyOptions.defaults();
        String prefix = args.get("--output-prefix", "");
        if (!prefix.isEmpty() && !TOPIC.matcher(prefix).matches()) {
            throw new UsageException(
                    "--output-prefix must use only a-z, A-Z, 0-9, '.', '_' and '-', was '"
                            + prefix
                            + "'");
        }
        return new VerifyOptions(
                topic(args, "--orders-topic", "", defaults.ordersTopic()),
                topic(args, "--inventory-topic", "", defaults.inventoryTopic()),
                topic(args, "--confirmations-topic", prefix, defaults.confirmationsTopic()),
                topic(args, "--refunds-topic", prefix, defaults.refundsTopic()),
                topic(args, "--dead-letters-topic", prefix, defaults.deadLettersTopic()),
                topic(args, "--status-topic", prefix, defaults.statusTopic()),
                args.enumValue("--default-fulfilment", Fulfilment.class, defaults.defaultFulfilment()),
                args.intIn(
                        "--max-record-bytes", defaults.maxRecordBytes(), 1, Integer.MAX_VALUE));
    }

    private static String topic(Args args, String option, String prefix, String fallback) {
        String name = prefix + args.get(option, fallback);
        if (!TOPIC.matcher(name).matches()) {
            throw new UsageException(
                    option
                            + " must be a Kafka topic name (a-z, A-Z, 0-9, '.', '_', '-';"
                            + " 1 to 249 characters), was '"
                            + name
                            + "'");
        }
        return name;
    }

    /**
     * Reads the topics of {@code options} from {@code bootstrap} and checks them. Progress goes to
     * {@code progress} (may be null) every two seconds while reading.
     *
     * @throws VerifyException when Kafka or a topic cannot be read
     */
    public static Report verify(String bootstrap, VerifyOptions options, PrintStream progress) {
        return verify(KafkaConnection.plain(bootstrap), options, progress);
    }

    /** As {@link #verify(String, VerifyOptions, PrintStream)}, with {@code kafka}'s client settings. */
    public static Report verify(KafkaConnection kafka, VerifyOptions options, PrintStream progress) {
        try {
            return Verifier.verify(
                    options,
                    kafka.bootstrapServers(),
                    kafka.clientProperties("orderflow-verify"),
                    progress);
        } catch (InputUnreachableException e) {
            String security = e.getCause() == null ? null : kafka.securityProblem(e.getCause());
            throw new VerifyException(
                    security != null
                            ? security
                            : KafkaClientConfig.scrub(e.getMessage(), kafka.properties()),
                    e);
        }
    }

    private static List<String> withoutCommandName(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equals("verify")
                ? argv.subList(1, argv.size())
                : argv;
    }

    /** Kafka or a topic could not be read; the message says why, for the user, without secrets. */
    public static final class VerifyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VerifyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
