package io.orderflow.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HighAvailabilityTest {

    @TempDir Path tmp;

    @Test
    void haSettingsNameZooKeeperItsQuorumAStorageFolderAndTheClusterId() {
        Map<String, String> settings =
                HighAvailability.zooKeeperSettings("127.0.0.1:2181", tmp.resolve("ha"));
        Configuration conf = Configuration.fromMap(settings);

        assertThat(HighAvailability.isZooKeeper(conf)).isTrue();
        assertThat(settings)
                .containsEntry("high-availability.type", "zookeeper")
                .containsEntry("high-availability.zookeeper.quorum", "127.0.0.1:2181")
                .containsEntry("high-availability.storageDir", tmp.resolve("ha").toUri().toString())
                .containsEntry("high-availability.cluster-id", HighAvailability.CLUSTER_ID);
        assertThat(HighAvailability.describe(conf))
                .hasValue(
                        "ZooKeeper 127.0.0.1:2181, cluster id /orderflow, storage "
                                + tmp.resolve("ha").toUri());
        assertThat(HighAvailability.describe(new Configuration())).isEmpty();
    }
}
