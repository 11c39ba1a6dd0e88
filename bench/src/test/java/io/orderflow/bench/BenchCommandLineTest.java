package io.orderflow.bench;

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
 * The bench's command lines on picocli: each one's --help is generated from its declarations and
 * lists the options it always had, and a usage mistake is one line naming the option, with exit
 * code 2, before any broker or cluster starts.
 */
class BenchCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bench(List<String> argv) {
        return BenchCommand.run(
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

    /**
     * Each bench command and the option names of its hand-written usage before picocli (the names
     * are the interface).
     */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(
                        "",
                        List.of(
                                "--quick",
                                "--events",
                                "--rate",
                                "--variants",
                                "--latency-seconds",
                                "--repeat",
                                "--no-latency",
                                "--latency-rates",
                                "--checkpoint-interval-ms",
                                "--out-of-orderness-ms",
                                "--no-verify",
                                "--partitions",
                                "--out",
                                "--update-readme",
                                "--job-arg",
                                "--flink-config",
                                "--jvm-option",
                                "--patch-classpath",
                                "--profile",
                                "--bootstrap-servers",
                                "--kafka-config",
                                "dedup",
                                "rivers",
                                "jmh")),
                Arguments.of(
                        "dedup",
                        List.of(
                                "--orders",
                                "--resends",
                                "--heap",
                                "--backends",
                                "--stall-seconds",
                                "--quick",
                                "--out",
                                "--update-readme")),
                Arguments.of(
                        "rivers",
                        List.of(
                                "--quick",
                                "--events",
                                "--rivers",
                                "--repeat",
                                "--variants",
                                "--partitions",
                                "--checkpoint-interval-ms",
                                "--out",
                                "--jvm-option",
                                "--profile",
                                "--patch-classpath")));
    }

    @ParameterizedTest(name = "bench {0} --help")
    @MethodSource("commands")
    void helpIsGeneratedFromTheDeclaredOptionsWithTodaysNames(String command, List<String> names) {
        List<String> argv = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command));
        argv.add("--help");

        assertThat(bench(argv)).isEqualTo(ExitCodes.OK);
        String usage = "Usage: orderflow bench " + (command.isEmpty() ? "" : command + " ");
        assertThat(out()).startsWith(usage).contains("-h, --help");
        assertThat(err()).isEmpty();
        for (String name : names) {
            assertThat(out()).as("the help of bench %s shows %s", command, name).contains(name);
        }
        CommandLine declared = BenchCommand.commandLine(System.out);
        if (!command.isEmpty()) {
            declared = declared.getSubcommands().get(command);
        }
        for (OptionSpec option : declared.getCommandSpec().options()) {
            for (String name : option.names()) {
                assertThat(out())
                        .as("the help of bench %s shows its declared %s", command, name)
                        .contains(name);
            }
        }
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(
                        List.of("--repeat", "0"),
                        "orderflow bench: --repeat must be a whole number from 1 to 20, was '0'"),
                Arguments.of(
                        List.of("--events", "x"),
                        "orderflow bench: --events must be a whole number from 20000 to 100000000,"
                                + " was 'x'"),
                Arguments.of(
                        List.of("--rate", "0"),
                        "orderflow bench: --rate must be a number from 1.0 to 1.0E7, was '0'"),
                Arguments.of(
                        List.of("--variants", "orderflow,nope"),
                        "orderflow bench: --variants must be one of ceiling, orderflow,"
                                + " orderflow-hashmap, orderflow-alo, orderflow-uncompressed,"
                                + " orderflow-p1, kafka-streams, was 'nope'"),
                Arguments.of(
                        List.of("--profile", "nope"),
                        "orderflow bench: --profile must be one of ceiling,"),
                Arguments.of(
                        List.of("--latency-rates", "1000,x"),
                        "orderflow bench: --latency-rates takes offered loads in events/s"),
                Arguments.of(
                        List.of("--partitions", "65"),
                        "orderflow bench: --partitions must be a whole number from 1 to 64, was"
                                + " '65'"),
                Arguments.of(List.of("--quick=yes"), "orderflow bench: --quick takes no value"),
                Arguments.of(
                        List.of("--repeat", "2", "--repeat", "3"),
                        "orderflow bench: --repeat is given more than once"),
                Arguments.of(
                        List.of("--kafka-config", "/no/such/file.properties"),
                        "orderflow bench: --kafka-config /no/such/file.properties:"
                                + " no such readable file"),
                Arguments.of(
                        List.of("--broker-config", "log.index.size.max.bytes"),
                        "orderflow bench: --broker-config must be key=value, was"
                                + " 'log.index.size.max.bytes'"),
                Arguments.of(
                        List.of(
                                "--broker-config",
                                "num.io.threads=2",
                                "--bootstrap-servers",
                                "localhost:1"),
                        "orderflow bench: --broker-config sets up the bench's own broker; with"
                                + " --bootstrap-servers or --kafka-config the bench starts none"),
                Arguments.of(List.of("--nope"), "orderflow bench: unknown option --nope"),
                Arguments.of(List.of("extra"), "orderflow bench: unknown command 'extra'"),
                Arguments.of(
                        List.of("dedup", "--orders", "999"),
                        "orderflow bench dedup: --orders must be a whole number from 1000 to"
                                + " 1000000000, was '999'"),
                Arguments.of(
                        List.of("dedup", "--heap", "100m"),
                        "orderflow bench dedup: --heap must be a size of at least 256m"),
                Arguments.of(
                        List.of("dedup", "--backends", "rocksdb,nope"),
                        "orderflow bench dedup: --backends takes rocksdb, hashmap; got 'nope'"),
                Arguments.of(
                        List.of("dedup", "--orders", "1000", "--resends", "1001"),
                        "orderflow bench dedup: --resends must be at most"),
                Arguments.of(
                        List.of("dedup", "--nope=1"),
                        "orderflow bench dedup: unknown option --nope"),
                Arguments.of(
                        List.of("rivers", "--events", "x"),
                        "orderflow bench rivers: --events must be a whole number from 1000 to"
                                + " 100000000, was 'x'"),
                Arguments.of(
                        List.of("rivers", "--repeat", "0"),
                        "orderflow bench rivers: --repeat must be a whole number from 1 to 20, was"
                                + " '0'"),
                Arguments.of(
                        List.of("rivers", "--variants", "river-readers"),
                        "orderflow bench rivers: --variants: river-readers read what"),
                Arguments.of(
                        List.of("rivers", "--profile", "nope"),
                        "orderflow bench rivers: --profile must be one of ceiling, rivers,"
                                + " river-readers, consumers, was 'nope'"),
                Arguments.of(
                        List.of("rivers", "--broker-config", "=1"),
                        "orderflow bench rivers: --broker-config must be key=value, was '=1'"),
                Arguments.of(
                        List.of("rivers", "--nope"),
                        "orderflow bench rivers: unknown option --nope"));
    }

    @ParameterizedTest(name = "bench {0}")
    @MethodSource("mistakes")
    void aUsageMistakeIsOneLineNamingTheOptionWithExitCode2(List<String> argv, String line) {
        assertThat(bench(argv)).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).startsWith(line).endsWith(System.lineSeparator());
        assertThat(err().lines()).hasSize(1);
        assertThat(out()).isEmpty();
    }
}
