package io.orderflow.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aZooKeeperPortWithoutHaIsOneUsageLineAndStartsNothing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path dir = tmp.resolve("cluster");

        int exit = ClusterCommand.run(List.of("start", "--dir", dir.toString(), "--zookeeper-port", "2181"), FlinkCluster::ownedBy,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(UsageException.EXIT_CODE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("orderflow cluster: --zookeeper-port is the port of the ZooKeeper that --ha starts: give --ha too");
        assertThat(Files.exists(dir.resolve("zookeeper"))).as("no ZooKeeper folder").isFalse();
    }

    @Test
    void aZooKeeperPortOutOfRangeNamesTheOptionAndTheRule() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ClusterCommand.run(List.of("start", "--ha", "--dir", tmp.toString(), "--zookeeper-port", "0"), FlinkCluster::ownedBy,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(UsageException.EXIT_CODE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("orderflow cluster: --zookeeper-port must be a whole number from 1 to 65535, was '0'");
    }

    @Test
    void haSettingsNameZooKeeperItsQuorumAStorageFolderAndTheClusterId() {
        Map<String, String> settings = HighAvailability.zooKeeperSettings("127.0.0.1:2181", tmp.resolve("ha"));
        Configuration conf = Configuration.fromMap(settings);

        assertThat(HighAvailability.isZooKeeper(conf)).isTrue();
        assertThat(settings).containsEntry("high-availability.type", "zookeeper")
                .containsEntry("high-availability.zookeeper.quorum", "127.0.0.1:2181")
                .containsEntry("high-availability.storageDir", tmp.resolve("ha").toUri().toString())
                .containsEntry("high-availability.cluster-id", HighAvailability.CLUSTER_ID);
        assertThat(HighAvailability.describe(conf)).hasValue(
                "ZooKeeper 127.0.0.1:2181, cluster id /orderflow, storage " + tmp.resolve("ha").toUri());
        assertThat(HighAvailability.describe(new Configuration())).isEmpty();
    }
}
