package io.orderflow.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.cluster.FlinkCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {

    @TempDir Path tmp;

    @Test
    void aZooKeeperPortWithoutHaIsOneUsageLineAndStartsNothing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path dir = tmp.resolve("cluster");

        int exit =
                ClusterCommand.run(
                        List.of("start", "--dir", dir.toString(), "--zookeeper-port", "2181"),
                        FlinkCluster::ownedBy,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(UsageException.EXIT_CODE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(
                        "orderflow cluster: --zookeeper-port is the port of the ZooKeeper that --ha"
                                + " starts: give --ha too");
        assertThat(Files.exists(dir.resolve("zookeeper"))).as("no ZooKeeper folder").isFalse();
    }

    @Test
    void aZooKeeperPortOutOfRangeNamesTheOptionAndTheRule() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit =
                ClusterCommand.run(
                        List.of("start", "--ha", "--dir", tmp.toString(), "--zookeeper-port", "0"),
                        FlinkCluster::ownedBy,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(UsageException.EXIT_CODE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(
                        "orderflow cluster: --zookeeper-port must be a whole number from 1 to"
                                + " 65535, was '0'");
    }

    @Test
    void statusAndAddTaskManagerWithoutAClusterAreAFailedCheckExitOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path dir = tmp.resolve("none");

        assertThat(
                        ClusterCommand.run(
                                List.of("status", "--dir", dir.toString()),
                                FlinkCluster::ownedBy,
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                quiet))
                .isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("No Flink cluster runs in");
        assertThat(
                        ClusterCommand.run(
                                List.of("add-taskmanager", "--dir", dir.toString()),
                                FlinkCluster::ownedBy,
                                quiet,
                                quiet))
                .isEqualTo(ExitCodes.CHECK_FAILED);
    }

    @Test
    void flinkStyleDynamicPropertiesBecomeSettings() {
        assertThat(
                        ClusterCommand.overrides(
                                List.of(
                                        "start",
                                        "-D",
                                        "a.b=1",
                                        "-Dc.d=2",
                                        "--set",
                                        "e.f=3",
                                        "--rest-port",
                                        "9")))
                .containsExactly(
                        Map.entry("a.b", "1"),
                        Map.entry("c.d", "2"),
                        Map.entry("e.f", "3"),
                        Map.entry("rest.port", "9"));
    }
}
