package io.orderflow.local.kafka;

import io.orderflow.jobs.cli.CommandErrors;
import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.ChildProcesses;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.StateDirs;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.KafkaBrokerBuilder;
import io.orderflow.testkit.kafka.SecureListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orderflow kafka start|stop|status}: a single-node broker in the background that outlives
 * the command. The data dir holds {@code broker.pid}, {@code broker.log}, {@code bootstrap.txt} and
 * the storage, which is formatted on the first start only.
 */
@Command(
        name = KafkaCommand.NAME,
        sortOptions = false,
        description = {
            "start|stop|status a local single-node Kafka broker",
            "Runs a single-node Kafka broker (KRaft) on 127.0.0.1 in the background.",
            "  start    start the broker (formatting its storage the first time) and wait until it"
                    + " answers",
            "  status   say whether the broker of DIR runs and answers (exit 0) or not (exit 1)",
            "  stop     stop the broker of DIR (SIGTERM; killed after 30 s)"
        },
        footer = {
            "",
            "Exit codes: 0 done (status: it runs and answers), 1 status: not running or not"
                + " answering, 2 a usage mistake, 4 the command itself failed (start: the port is"
                + " taken, or the broker did not come up)."
        })
public final class KafkaCommand implements Callable<Integer> {

    public static final String NAME = "kafka";
    public static final int DEFAULT_PORT = 9092;
    public static final Path DEFAULT_DATA_DIR = StateDirs.of("kafka");
    public static final String PID_FILE = "broker.pid";
    public static final String BOOTSTRAP_FILE = "bootstrap.txt";

    /** Exit code of {@code status} when no broker runs, or it does not answer. */
    public static final int NOT_RUNNING = ExitCodes.CHECK_FAILED;

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(3);

    @Mixin private HelpOption help;

    @Parameters(
            arity = "0..*",
            paramLabel = "start|stop|status",
            description = "the action",
            completionCandidates = Actions.class)
    private List<String> actions = new ArrayList<>();

    @Option(
            names = "--port",
            paramLabel = "P",
            description = "the listener's port on 127.0.0.1 (default ${DEFAULT-VALUE}; start only)")
    @Range(min = 1, max = 65535)
    private int port = DEFAULT_PORT;

    @Option(
            names = "--secure",
            description =
                    "start only: a SASL_SSL listener (SCRAM-SHA-512 over TLS) instead of PLAINTEXT;"
                            + " writes DIR/"
                            + SecureListener.CLIENT_CONFIG
                            + " for --kafka-config (docs/security.md)")
    private boolean secure;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "broker.pid, broker.log, bootstrap.txt and the storage (default"
                            + " ${DEFAULT-VALUE})")
    private Path dataDir = DEFAULT_DATA_DIR;

    private final PrintStream out;
    private final PrintStream err;

    private KafkaCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command, printing to {@code out} and {@code err}, for the command line. */
    public static KafkaCommand printingTo(PrintStream out, PrintStream err) {
        return new KafkaCommand(out, err);
    }

    public static void main(String[] argv) {
        System.exit(run(List.of(argv)));
    }

    public static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        return Commands.run(new KafkaCommand(out, err), argv, out, err);
    }

    @Override
    public Integer call() {
        try {
            if (actions.size() != 1) {
                throw new UsageException(
                        actions.isEmpty()
                                ? "say start, stop or status (see --help)"
                                : "one action only, got " + actions);
            }
            Path dir = dataDir.toAbsolutePath().normalize();
            switch (actions.get(0)) {
                case "start":
                    return start(dir, port, secure, out, err);
                case "stop":
                    return stop(dir, out);
                case "status":
                    return status(dir, out);
                default:
                    throw new UsageException(
                            "unknown action '" + actions.get(0) + "': say start, stop or status");
            }
        } catch (RuntimeException e) {
            return CommandErrors.report(NAME, e, err);
        }
    }

    private static int start(
            Path dataDir, int port, boolean secure, PrintStream out, PrintStream err) {
        Optional<ProcessHandle> running = runningBroker(dataDir);
        if (running.isPresent()) {
            out.println(
                    "Kafka broker already running at "
                            + readBootstrap(dataDir)
                            + " (pid "
                            + running.get().pid()
                            + ", log "
                            + dataDir.resolve(KafkaBroker.LOG_FILE)
                            + ")");
            return 0;
        }
        if (!LoopbackPorts.isFree(port)) {
            err.println(
                    "orderflow "
                            + NAME
                            + ": port "
                            + port
                            + " on "
                            + KafkaBroker.HOST
                            + " is already in use (another Kafka?); choose a free one with --port");
            return ExitCodes.FAILED;
        }
        KafkaBrokerBuilder builder = KafkaBroker.builder().port(port).dataDir(dataDir).outliveJvm();
        KafkaBroker broker = (secure ? builder.secure() : builder).build().start();
        write(dataDir.resolve(PID_FILE), String.valueOf(broker.pid()));
        write(dataDir.resolve(BOOTSTRAP_FILE), broker.bootstrapServers());
        out.println(
                "Kafka broker running at "
                        + broker.bootstrapServers()
                        + (secure ? " (SASL_SSL)" : "")
                        + " (pid "
                        + broker.pid()
                        + ", log "
                        + broker.logFile()
                        + ")");
        if (secure) {
            out.println("Client settings: --kafka-config " + broker.clientConfigFile());
        }
        return 0;
    }

    private static int status(Path dataDir, PrintStream out) {
        Optional<ProcessHandle> running = runningBroker(dataDir);
        if (running.isEmpty()) {
            out.println("Kafka broker not running (data dir " + dataDir + ")");
            return NOT_RUNNING;
        }
        String bootstrap = readBootstrap(dataDir);
        long pid = running.get().pid();
        Map<String, String> clientConfig =
                SecureListener.isSetUp(dataDir)
                        ? KafkaClientConfig.load(dataDir.resolve(SecureListener.CLIENT_CONFIG))
                        : Map.of();
        if (!KafkaBroker.answers(bootstrap, clientConfig, STATUS_TIMEOUT)) {
            out.println(
                    "Kafka broker pid "
                            + pid
                            + " is alive but "
                            + bootstrap
                            + " does not answer (log "
                            + dataDir.resolve(KafkaBroker.LOG_FILE)
                            + ")");
            return NOT_RUNNING;
        }
        out.println(
                "Kafka broker running at "
                        + bootstrap
                        + " (pid "
                        + pid
                        + ", log "
                        + dataDir.resolve(KafkaBroker.LOG_FILE)
                        + ")");
        return 0;
    }

    private static int stop(Path dataDir, PrintStream out) {
        Optional<ProcessHandle> running = runningBroker(dataDir);
        if (running.isEmpty()) {
            out.println("Kafka broker not running (data dir " + dataDir + ")");
            return 0;
        }
        long pid = running.get().pid();
        boolean graceful = ChildProcesses.stop(running.get(), KafkaBroker.STOP_GRACE);
        delete(dataDir.resolve(PID_FILE));
        out.println(
                graceful
                        ? "Kafka broker stopped (pid " + pid + ")"
                        : "Kafka broker pid "
                                + pid
                                + " did not stop within "
                                + KafkaBroker.STOP_GRACE.toSeconds()
                                + " s and was killed");
        return 0;
    }

    /** The live broker named by the pid file; a stale pid file is removed. */
    private static Optional<ProcessHandle> runningBroker(Path dataDir) {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(read(pidFile)));
        } catch (NumberFormatException e) {
            process = Optional.empty();
        }
        if (process.isPresent()
                && process.get().isAlive()
                && KafkaBroker.isBrokerOf(process.get(), dataDir)) {
            return process;
        }
        delete(pidFile);
        return Optional.empty();
    }

    private static String readBootstrap(Path dataDir) {
        Path file = dataDir.resolve(BOOTSTRAP_FILE);
        return Files.exists(file) ? read(file) : "(unknown address: no " + file + ")";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** The actions, for the completion. */
    public static final class Actions extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        public Actions() {
            super(List.of("start", "stop", "status"));
        }
    }
}
