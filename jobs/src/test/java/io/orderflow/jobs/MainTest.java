package io.orderflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.options.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    private static final List<String> MISTAKE =
            List.of(
                    "order-processing",
                    "--bootstrap-servers",
                    "kafka:9092",
                    "--parallelism",
                    "zero");

    @Test
    void inTheJobManagerAMistakeFailsTheApplicationWithItsOneLineInsteadOfExiting() {
        assertThatThrownBy(() -> Main.run(MISTAKE, true))
                .isInstanceOf(StartupRefused.class)
                .hasMessageStartingWith("orderflow order-processing: --parallelism")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void onTheCommandLineAMistakeIsExitCode2() throws Exception {
        assertThat(Main.run(MISTAKE, false)).isEqualTo(2);
    }

    @Test
    void onlyTheEmbeddedExecutorOfApplicationModeMeansTheJobManager() {
        assertThat(
                        Main.runsInTheJobManager(
                                new Configuration().set(DeploymentOptions.TARGET, "embedded")))
                .isTrue();
        assertThat(
                        Main.runsInTheJobManager(
                                new Configuration().set(DeploymentOptions.TARGET, "remote")))
                .isFalse();
        assertThat(
                        Main.runsInTheJobManager(
                                new Configuration().set(DeploymentOptions.TARGET, "local")))
                .isFalse();
        assertThat(Main.runsInTheJobManager(new Configuration())).isFalse();
    }

    /**
     * A broker address no resolver knows (RFC 6761): the Kafka client refuses it at once, with no
     * broker.
     */
    private static final String UNKNOWN_HOST = "nowhere.invalid:9092";

    @ParameterizedTest
    @ValueSource(strings = {"order-processing", "rivers"})
    void
            eitherJobWhoseBrokerAddressDoesNotResolveIsUnreachableExitCode3WithOneLineNamingBootstrapServers(
                    String job, @TempDir Path dir) throws Exception {
        List<String> argv = new ArrayList<>(List.of(job, "--bootstrap-servers", UNKNOWN_HOST));
        if (job.equals("rivers")) {
            argv.addAll(List.of("--rivers", riversSpec(dir).toString()));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run(argv, false);
        } finally {
            System.setErr(stderr);
        }
        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith(
                        "orderflow "
                                + job
                                + ": --bootstrap-servers "
                                + UNKNOWN_HOST
                                + ": cannot reach Kafka: ")
                .hasLineCount(1);
    }

    private static Path riversSpec(Path dir) throws IOException {
        return Files.writeString(
                dir.resolve("rivers.yaml"),
                String.join(
                        "\n",
                        "rivers:",
                        "  - name: refunds",
                        "    precondition:",
                        "      type: [RefundIssued]",
                        ""));
    }
}
