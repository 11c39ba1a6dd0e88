package io.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.testkit.Repository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top-level command line on picocli: help, version, unknown commands and options, dispatch. */
class CliTest {

    static final List<String> COMMANDS =
            List.of(
                    "demo",
                    "run",
                    "kafka",
                    "topics",
                    "generate",
                    "verify",
                    "rivers",
                    "status",
                    "cluster",
                    "submit",
                    "cancel",
                    "stop",
                    "bench");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... argv) {
        return Cli.run(
                List.of(argv),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        assertThat(cli("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out())
                .startsWith("Usage: orderflow")
                .contains("Exit codes: 0 ok, 1 the check failed, 2 a usage mistake");
        for (String command : COMMANDS) {
            assertThat(out())
                    .as("the help lists %s", command)
                    .containsPattern("(?m)^\\s+" + command + "\\s");
        }
        assertThat(err()).isEmpty();
    }

    @Test
    void helpAsACommandAndDashHAreTheSameHelp() {
        cli("--help");
        String help = out();
        out.reset();

        assertThat(cli("help")).isEqualTo(ExitCodes.OK);
        assertThat(out()).isEqualTo(help);
        out.reset();
        assertThat(cli("-h")).isEqualTo(ExitCodes.OK);
        assertThat(out()).isEqualTo(help);
    }

    @Test
    void noCommandPrintsTheHelpAndIsAUsageMistake() {
        assertThat(cli()).isEqualTo(ExitCodes.USAGE);
        assertThat(out()).startsWith("Usage: orderflow").contains("topics");
    }

    @Test
    void anUnknownCommandIsOneLineAndExitTwo() {
        assertThat(cli("frobnicate", "--bootstrap-servers", "h:1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err())
                .isEqualTo(
                        "orderflow: unknown command 'frobnicate' (see orderflow --help)"
                                + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    @Test
    void anUnknownTopLevelOptionIsOneLineNamingItAndExitTwo() {
        assertThat(cli("--frobnicate=yes")).isEqualTo(ExitCodes.USAGE);
        assertThat(err())
                .isEqualTo(
                        "orderflow: unknown option --frobnicate (see --help)"
                                + System.lineSeparator());
    }

    @Test
    void versionIsTheProjectVersionTheScriptRuns() throws Exception {
        Matcher m =
                Pattern.compile("(?m)^VERSION=\"([^\"]+)\"$")
                        .matcher(Files.readString(Repository.root().resolve("orderflow")));
        assertThat(m.find())
                .as("the orderflow script names the version of the jar it runs")
                .isTrue();

        assertThat(cli("--version")).isEqualTo(ExitCodes.OK);
        assertThat(out().lines().findFirst()).hasValue("orderflow " + m.group(1));
        assertThat(out()).contains("Flink 2.").doesNotContain("${");
        out.reset();
        assertThat(cli("-V")).isEqualTo(ExitCodes.OK);
        assertThat(out()).startsWith("orderflow " + m.group(1));
    }

    @Test
    void helpOfACommandIsItsOwn() {
        assertThat(cli("help", "rivers")).isEqualTo(ExitCodes.OK);
        assertThat(out()).contains("rivers");
    }

    @Test
    void aCommandGetsItsArgumentsAsGiven(@TempDir Path dir) throws Exception {
        Path spec =
                Files.writeString(
                        dir.resolve("rivers.yaml"),
                        "rivers:\n  - name: all\n    topic: everything\n");

        assertThat(cli("rivers", "check", spec.toString(), "--rapids-topic=in"))
                .isEqualTo(ExitCodes.OK);
        assertThat(cli("run", "rivers", "--help"))
                .as("run parses its own options, --help too")
                .isEqualTo(ExitCodes.OK);
        assertThat(cli("submit", "-p", "2", "rivers", "--help")).isEqualTo(ExitCodes.OK);
    }

    @Test
    void theBenchIsNamedButRunsThroughTheScript() {
        assertThat(cli("bench")).isEqualTo(ExitCodes.USAGE);
        assertThat(err().lines()).hasSize(1).first().asString().contains("./orderflow bench");
    }
}
