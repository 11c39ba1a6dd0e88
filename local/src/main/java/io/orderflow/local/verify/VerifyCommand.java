package io.orderflow.local.verify;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.KafkaOptions;
import io.orderflow.jobs.cli.Range;
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
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify}: the command line of the independent {@link Verifier}. It parses the options, and
 * builds the Kafka client settings with {@link KafkaConnection} ({@code --bootstrap-servers},
 * {@code --kafka-config}), so that security settings are read, and secrets scrubbed from messages,
 * in one place for every command.
 */
@Command(
        name = "verify",
        sortOptions = false,
        description = {
            "check committed outputs against the contract's invariants",
            "Checks the committed outputs of the order-processing job against its inputs: at most"
                    + " one output of each kind per order, money conserved, nothing oversold, every"
                    + " input record accounted for."
        },
        footer = {
            "",
            "Exit codes:",
            "  0  every invariant holds",
            "  1  a violation was found",
            "  2  a usage mistake: a bad option or value (one line names it)",
            "  3  input unreachable: Kafka did not answer or refused, or a topic is missing",
            "  4  the command itself failed (one line says why)"
        })
public final class VerifyCommand implements Callable<Integer> {

    static final String NAME = "orderflow verify";

    /** Every invariant holds. */
    public static final int EXIT_OK = ExitCodes.OK;

    /** A violation was found. */
    public static final int EXIT_VIOLATION = ExitCodes.CHECK_FAILED;

    /** A bad option or value: one line names it. */
    public static final int EXIT_USAGE = ExitCodes.USAGE;

    /** Kafka did not answer, refused the client, or a topic is missing: nothing was checked. */
    public static final int EXIT_UNREACHABLE = ExitCodes.UNREACHABLE;

    private static final VerifyOptions DEFAULTS = VerifyOptions.defaults();
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Mixin private HelpOption help;

    @Mixin private KafkaOptions kafkaOptions;

    @Option(
            names = "--output-prefix",
            paramLabel = "P",
            description = "the output topics are P + their name (a replay's --output-prefix)")
    private String outputPrefix = "";

    @Option(names = "--orders-topic", paramLabel = "T", description = "(default ${DEFAULT-VALUE})")
    private String ordersTopic = DEFAULTS.ordersTopic();

    @Option(
            names = "--inventory-topic",
            paramLabel = "T",
            description = "(default ${DEFAULT-VALUE})")
    private String inventoryTopic = DEFAULTS.inventoryTopic();

    @Option(
            names = "--confirmations-topic",
            paramLabel = "T",
            description = "(default ${DEFAULT-VALUE})")
    private String confirmationsTopic = DEFAULTS.confirmationsTopic();

    @Option(names = "--refunds-topic", paramLabel = "T", description = "(default ${DEFAULT-VALUE})")
    private String refundsTopic = DEFAULTS.refundsTopic();

    @Option(
            names = "--dead-letters-topic",
            paramLabel = "T",
            description = "(default ${DEFAULT-VALUE})")
    private String deadLettersTopic = DEFAULTS.deadLettersTopic();

    @Option(names = "--status-topic", paramLabel = "T", description = "(default ${DEFAULT-VALUE})")
    private String statusTopic = DEFAULTS.statusTopic();

    @Option(
            names = "--default-fulfilment",
            paramLabel = "F",
            description = "the job's option: PARTIAL or BACKORDER (default ${DEFAULT-VALUE})")
    private Fulfilment defaultFulfilment = DEFAULTS.defaultFulfilment();

    @Option(
            names = "--max-record-bytes",
            paramLabel = "N",
            description = "the job's option (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = Integer.MAX_VALUE)
    private int maxRecordBytes = DEFAULTS.maxRecordBytes();

    @Option(names = "--json", description = "print the report as one JSON object")
    private boolean json;

    private final PrintStream out;
    private final PrintStream err;

    private VerifyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command, printing to {@code out} and {@code err}, for the command line. */
    public static VerifyCommand printingTo(PrintStream out, PrintStream err) {
        return new VerifyCommand(out, err);
    }

    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        return Commands.run(new VerifyCommand(out, err), withoutCommandName(argv), out, err);
    }

    @Override
    public Integer call() {
        KafkaConnection kafka;
        VerifyOptions options;
        try {
            kafka = kafkaOptions.connection();
            BootstrapServers.check(KafkaConnection.BOOTSTRAP_OPTION, kafka.bootstrapServers());
            options = options();
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

    /** The options that {@code argv} gives (a usage mistake is thrown). */
    static VerifyOptions options(List<String> argv) {
        VerifyCommand command = new VerifyCommand(System.out, System.err);
        Commands.parse(command, argv, System.out);
        return command.options();
    }

    private VerifyOptions options() {
        if (!outputPrefix.isEmpty() && !TOPIC.matcher(outputPrefix).matches()) {
            throw new UsageException(
                    "--output-prefix must use only a-z, A-Z, 0-9, '.', '_' and '-', was '"
                            + outputPrefix
                            + "'");
        }
        return new VerifyOptions(
                topic("--orders-topic", "", ordersTopic),
                topic("--inventory-topic", "", inventoryTopic),
                topic("--confirmations-topic", outputPrefix, confirmationsTopic),
                topic("--refunds-topic", outputPrefix, refundsTopic),
                topic("--dead-letters-topic", outputPrefix, deadLettersTopic),
                topic("--status-topic", outputPrefix, statusTopic),
                defaultFulfilment,
                maxRecordBytes);
    }

    private static String topic(String option, String prefix, String given) {
        String name = prefix + given;
        if (!TOPIC.matcher(name).matches()) {
            throw new UsageException(
                    option
                            + " must be a Kafka topic name (a-z, A-Z, 0-9, '.', '_', '-'; 1 to 249"
                            + " characters), was '"
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

    /**
     * As {@link #verify(String, VerifyOptions, PrintStream)}, with {@code kafka}'s client settings.
     */
    public static Report verify(
            KafkaConnection kafka, VerifyOptions options, PrintStream progress) {
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
