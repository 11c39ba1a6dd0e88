package io.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UnreachableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes of commands against a Kafka or Flink that is not there (a closed port on this
 * machine), through the command line's own dispatch: unreachable input is 3, never 2 (a usage
 * mistake) nor 1 (a failed check) nor 4 (a crash).
 */
class CliExitCodesTest {

    @TempDir Path dir;

    private static String closedAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** Kafka client settings that give up on an unreachable broker in about a second. */
    private Path shortTimeouts() throws IOException {
        return Files.writeString(
                dir.resolve("client.properties"),
                "default.api.timeout.ms=1500\nrequest.timeout.ms=1000\n");
    }

    @Test
    void anUnknownCommandIsAUsageMistake() {
        assertThat(Cli.run(List.of("frobnicate"))).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void noCommandIsAUsageMistakeAndHelpIsOk() {
        assertThat(Cli.run(List.of())).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run(List.of("--help"))).isEqualTo(ExitCodes.OK);
    }

    @Test
    @Timeout(60)
    void topicsCreateAgainstNoBrokerIsUnreachable() throws IOException {
        int code =
                Cli.run(
                        List.of(
                                "topics",
                                "create",
                                "--bootstrap-servers",
                                closedAddress(),
                                "--kafka-config",
                                shortTimeouts().toString()));

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    @Timeout(60)
    void statusAgainstNoBrokerIsUnreachableNotAnUnknownOrder() throws IOException {
        int code = Cli.run(List.of("status", "--bootstrap-servers", closedAddress(), "o-000001"));

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE).isNotEqualTo(StatusCommand.UNKNOWN_ORDER);
    }

    @Test
    @Timeout(90)
    void runAgainstNoBrokerIsUnreachable() throws IOException {
        int code =
                Cli.run(
                        List.of(
                                "run",
                                "order-processing",
                                "--bootstrap-servers",
                                closedAddress(),
                                "--checkpoint-dir",
                                dir.resolve("checkpoints").toUri().toString()));

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    @Timeout(60)
    void stopOfAJobWhoseFlinkDoesNotAnswerIsUnreachable() throws Exception {
        String rest = "http://" + closedAddress() + "/";

        assertThatThrownBy(
                        () ->
                                StopCommand.run(
                                        List.of(
                                                "--job",
                                                "0123456789abcdef0123456789abcdef",
                                                "--rest",
                                                rest)))
                .isInstanceOf(UnreachableException.class)
                .hasMessageStartingWith("Flink at " + rest + " did not answer");
        assertThat(
                        Cli.run(
                                List.of(
                                        "stop",
                                        "--job",
                                        "0123456789abcdef0123456789abcdef",
                                        "--rest",
                                        rest)))
                .isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void cancelWithoutAClusterIsUnreachable() {
        int code =
                Cli.run(List.of("cancel", "--cluster-dir", dir.resolve("no-cluster").toString()));

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void riversCheckOfASpecWithAMistakeIsAFailedCheck() throws IOException {
        Path spec =
                Files.writeString(
                        dir.resolve("rivers.yaml"), "rivers:\n  - name: loop\n    topic: rapids\n");

        assertThat(Cli.run(List.of("rivers", "check", spec.toString())))
                .isEqualTo(ExitCodes.CHECK_FAILED);
    }
}
