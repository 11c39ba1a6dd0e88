package io.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands on picocli, through the whole command line: each one's --help is generated from its
 * declarations and lists today's option names, and a usage mistake is one line naming the option
 * and the rule, with exit code 2, before anything runs.
 */
class CommandOptionsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(List<String> argv) {
        return Cli.run(
                argv,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Each command on picocli and the options it had before (their names are the interface). */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(
                        "topics",
                        List.of(
                                "--bootstrap-servers",
                                "--kafka-config",
                                "--partitions",
                                "--replication-factor",
                                "--topic")),
                Arguments.of(
                        "status",
                        List.of(
                                "--bootstrap-servers",
                                "--kafka-config",
                                "--status-topic",
                                "--json",
                                "--follow")),
                Arguments.of("rivers", List.of("--rapids-topic")),
                Arguments.of(
                        "stop",
                        List.of("--savepoint-dir", "--drain", "--cluster-dir", "--job", "--rest")),
                Arguments.of("cancel", List.of("--cluster-dir")),
                Arguments.of(
                        "verify",
                        List.of(
                                "--bootstrap-servers",
                                "--kafka-config",
                                "--output-prefix",
                                "--orders-topic",
                                "--inventory-topic",
                                "--confirmations-topic",
                                "--refunds-topic",
                                "--dead-letters-topic",
                                "--status-topic",
                                "--default-fulfilment",
                                "--max-record-bytes",
                                "--json")),
                Arguments.of(
                        "generate",
                        List.of(
                                "--bootstrap-servers",
                                "--kafka-config",
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
                                "--start")),
                Arguments.of("kafka", List.of("--port", "--data-dir", "--secure")),
                Arguments.of(
                        "cluster",
                        List.of(
                                "--dir",
                                "--json",
                                "--ha",
                                "--zookeeper-port",
                                "--taskmanagers",
                                "--count",
                                "--rest-port",
                                "--rpc-port",
                                "--slots",
                                "--checkpoint-dir",
                                "--savepoint-dir",
                                "--conf-dir",
                                "-D",
                                "--set")),
                Arguments.of(
                        "demo",
                        List.of(
                                "--orders",
                                "--seed",
                                "--parallelism",
                                "--partitions",
                                "--web-ui-port",
                                "--secure",
                                "--keep",
                                "--json")),
                Arguments.of("demo rivers", List.of("--orders", "--web-ui-port", "--keep")),
                Arguments.of(
                        "run order-processing",
                        withJobOptions(ORDER_PROCESSING_OPTIONS, "--web-ui-port")),
                Arguments.of("run rivers", withJobOptions(RIVERS_OPTIONS, "--web-ui-port")),
                Arguments.of("submit order-processing", ORDER_PROCESSING_OPTIONS),
                Arguments.of("submit rivers", RIVERS_OPTIONS));
    }

    /** The options of the order-processing job before picocli, as the job jar took them. */
    static final List<String> ORDER_PROCESSING_OPTIONS =
            List.of(
                    "--bootstrap-servers",
                    "--orders-topic",
                    "--inventory-topic",
                    "--confirmations-topic",
                    "--refunds-topic",
                    "--dead-letters-topic",
                    "--status-topic",
                    "--rapids-topic",
                    "--starting-offsets",
                    "--stop-at",
                    "--group-id",
                    "--parallelism",
                    "--checkpoint-interval",
                    "--checkpoint-dir",
                    "--state-backend",
                    "--default-fulfilment",
                    "--max-out-of-orderness",
                    "--idle-timeout",
                    "--ledger-memory-entries",
                    "--decider-memory-orders",
                    "--watermark-interval",
                    "--buffer-timeout",
                    "--dedup-ttl",
                    "--backorder-window",
                    "--max-record-bytes",
                    "--dead-letter-value-bytes",
                    "--delivery",
                    "--transactional-id-prefix",
                    "--kafka-property",
                    "--kafka-config",
                    "--output-prefix",
                    "--from-savepoint",
                    "--allow-live-outputs",
                    "--resume",
                    "--changelog");

    /** The rivers job's options before picocli. */
    static final List<String> RIVERS_OPTIONS =
            List.of(
                    "--bootstrap-servers",
                    "--rivers",
                    "--rapids-topic",
                    "--problems-topic",
                    "--dead-letters-topic",
                    "--starting-offsets",
                    "--stop-at",
                    "--group-id",
                    "--parallelism",
                    "--checkpoint-interval",
                    "--checkpoint-dir",
                    "--max-record-bytes",
                    "--dead-letter-value-bytes",
                    "--delivery",
                    "--transactional-id-prefix",
                    "--kafka-property",
                    "--kafka-config",
                    "--output-prefix",
                    "--from-savepoint",
                    "--allow-live-outputs",
                    "--resume");

    private static List<String> withJobOptions(List<String> jobOptions, String... own) {
        List<String> all = new ArrayList<>(jobOptions);
        all.addAll(List.of(own));
        return all;
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void helpIsGeneratedFromTheDeclaredOptionsWithTodaysNames(
            String command, List<String> options) {
        List<String> argv = new ArrayList<>(List.of(command.split(" ")));
        argv.add("--help");

        assertThat(cli(argv)).isEqualTo(ExitCodes.OK);
        assertThat(out()).startsWith("Usage: orderflow " + command + " ").contains("-h, --help");
        CommandLine declared = Cli.commandLine(System.out, System.err);
        for (String name : command.split(" ")) {
            declared = declared.getSubcommands().get(name);
        }
        List<String> names = new ArrayList<>();
        for (OptionSpec option : declared.getCommandSpec().options()) {
            names.addAll(List.of(option.names()));
            for (String n : option.names()) {
                assertThat(out()).as("the help of %s shows %s", command, n).contains(n);
            }
        }
        assertThat(names).as("today's options of %s", command).containsAll(options);
        assertThat(err()).isEmpty();
    }

    @ParameterizedTest(name = "{0} --no-such-option")
    @MethodSource("commands")
    void anUnknownOptionIsOneLineNamingItAndExitTwo(String command, List<String> options) {
        List<String> argv = new ArrayList<>(List.of(command.split(" ")));
        argv.add("--no-such-option=1");

        assertThat(cli(argv)).isEqualTo(ExitCodes.USAGE);
        assertThat(err())
                .isEqualTo(
                        "orderflow "
                                + command
                                + ": unknown option --no-such-option (see --help)"
                                + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(
                        "topics create --bootstrap-servers h:1 --partitions 0",
                        "orderflow topics: --partitions must be a whole number from 1 to 10000, was"
                                + " '0'"),
                Arguments.of(
                        "topics create --replication-factor x",
                        "orderflow topics: --replication-factor must be a whole number from 1 to"
                                + " 32767, was 'x'"),
                Arguments.of(
                        "status o-1 --status-topic",
                        "orderflow status: --status-topic needs a value"),
                Arguments.of(
                        "status --json",
                        "orderflow status: name at least one ORDER_ID (see --help)"),
                Arguments.of(
                        "rivers check spec.yaml --rapids-topic",
                        "orderflow rivers: --rapids-topic needs a value"),
                Arguments.of("stop --drain=yes", "orderflow stop: --drain takes no value"),
                Arguments.of(
                        "cancel --cluster-dir a --cluster-dir b",
                        "orderflow cancel: --cluster-dir is given more than once"),
                Arguments.of(
                        "cluster status --dir=a --dir b",
                        "orderflow cluster: --dir is given more than once"),
                Arguments.of(
                        "demo --keep --keep --orders 0",
                        "orderflow demo: --orders must be a whole number from 1 to 100000000, was"
                                + " '0'"),
                Arguments.of(
                        "verify --bootstrap-servers h:1 --default-fulfilment later",
                        "orderflow verify: --default-fulfilment must be one of partial, backorder,"
                                + " was 'later'"),
                Arguments.of(
                        "verify --max-record-bytes 0",
                        "orderflow verify: --max-record-bytes must be a whole number from 1 to"
                                + " 2147483647, was '0'"),
                Arguments.of(
                        "generate --bootstrap-servers h:1 --orders ten",
                        "orderflow generate: --orders must be a whole number from 0 to"
                                + " 1000000000000, was 'ten'"),
                Arguments.of(
                        "generate --bootstrap-servers h:1",
                        "orderflow generate: --orders is required"),
                Arguments.of(
                        "generate --orders 1 --duplicate-rate 2",
                        "orderflow generate: --duplicate-rate must be a number from 0.0 to 1.0, was"
                                + " '2'"),
                Arguments.of(
                        "generate --orders 1 --seed 1.5",
                        "orderflow generate: --seed must be a whole number from"
                                + " -9223372036854775808 to 9223372036854775807, was '1.5'"),
                Arguments.of(
                        "kafka status --port 0",
                        "orderflow kafka: --port must be a whole number from 1 to 65535, was '0'"),
                Arguments.of(
                        "cluster status --slots 999",
                        "orderflow cluster: --slots must be a whole number from 1 to 256, was"
                                + " '999'"),
                Arguments.of(
                        "cluster start --taskmanagers -1",
                        "orderflow cluster: --taskmanagers must be a whole number from 0 to 64, was"
                                + " '-1'"),
                Arguments.of(
                        "demo --parallelism 0",
                        "orderflow demo: --parallelism must be a whole number from 1 to 64, was"
                                + " '0'"),
                Arguments.of(
                        "demo --web-ui-port 70000",
                        "orderflow demo: --web-ui-port must be a whole number from 0 to 65535, was"
                                + " '70000'"),
                Arguments.of(
                        "demo rivers --orders 0",
                        "orderflow demo rivers: --orders must be a whole number from 1 to 10000000,"
                                + " was '0'"),
                Arguments.of(
                        "run order-processing --bootstrap-servers h:1 --ledger-memory-entries 0",
                        "orderflow run order-processing: --ledger-memory-entries must be a whole"
                                + " number from 1 to 100000000, was '0'"),
                Arguments.of(
                        "run order-processing --delivery twice",
                        "orderflow run order-processing: --delivery must be one of exactly-once,"
                                + " at-least-once, was 'twice'"),
                Arguments.of(
                        "run order-processing --web-ui-port 70000",
                        "orderflow run order-processing: --web-ui-port must be a whole number from"
                                + " 0 to 65535, was '70000'"),
                Arguments.of(
                        "run order-processing --group-id a --group-id b",
                        "orderflow run order-processing: --group-id is given more than once"),
                Arguments.of(
                        "run order-processing --bootstrap-servers h:1 --dedup-ttl 0s",
                        "orderflow run order-processing: --dedup-ttl must be at least 1ms, was"
                                + " '0s'"),
                Arguments.of(
                        "run rivers --bootstrap-servers h:1",
                        "orderflow run rivers: --rivers is required"),
                Arguments.of(
                        "run nightly",
                        "orderflow run: unknown command 'nightly' (see orderflow run --help)"),
                Arguments.of(
                        "submit rivers --rivers",
                        "orderflow submit rivers: --rivers needs a value"),
                Arguments.of(
                        "submit -p 0 order-processing",
                        "orderflow submit: --parallelism must be a whole number from 1 to 32768,"
                                + " was '0'"),
                Arguments.of(
                        "submit order-processing --parallelism 2000",
                        "orderflow submit order-processing: --parallelism must be a whole number"
                                + " from 1 to 1024, was '2000'"),
                Arguments.of(
                        "submit order-processing --bootstrap-servers h:1 --resume"
                                + " --from-savepoint=file:///sp",
                        "orderflow submit order-processing: --resume and --from-savepoint exclude"
                                + " each other: --resume finds the latest checkpoint itself"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueIsOneLineNamingTheOptionAndTheRuleAndExitTwo(String argv, String line) {
        assertThat(cli(List.of(argv.split(" ")))).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).isEqualTo(line + System.lineSeparator());
        assertThat(out()).isEmpty();
    }
}
