package io.orderflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.options.ExitCodes;
import java.net.ServerSocket;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MainTest {

    private static final List<String> MISTAKE = List.of("order-processing", "--bootstrap-servers", "kafka:9092", "--parallelism", "zero");

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
    @Timeout(60)
    void onTheCommandLineAKafkaThatDoesNotAnswerIsExitCode3() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThat(Main.run(List.of("order-processing", "--bootstrap-servers", "127.0.0.1:" + closedPort), false))
                .isEqualTo(ExitCodes.UNREACHABLE).isEqualTo(3);
    }

    @Test
    void onlyTheEmbeddedExecutorOfApplicationModeMeansTheJobManager() {
        assertThat(Main.runsInTheJobManager(new Configuration().set(DeploymentOptions.TARGET, "embedded"))).isTrue();
        assertThat(Main.runsInTheJobManager(new Configuration().set(DeploymentOptions.TARGET, "remote"))).isFalse();
        assertThat(Main.runsInTheJobManager(new Configuration().set(DeploymentOptions.TARGET, "local"))).isFalse();
        assertThat(Main.runsInTheJobManager(new Configuration())).isFalse();
    }
}
