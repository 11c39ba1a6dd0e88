package io.orderflow.testkit.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;

/**
 * JobManager high availability with ZooKeeper, as a standalone Flink cluster runs it: the settings
 * {@code ./orderflow cluster start --ha} adds to the cluster's config.yaml (so the JobManager,
 * every TaskManager and Flink's CLI read the same), and how a running cluster describes them.
 * ZooKeeper holds who leads and where the job graphs and latest checkpoints are; the storage folder
 * holds the graphs, jars and checkpoint metadata themselves.
 */
public final class HighAvailability {

    public static final String ZOOKEEPER = "zookeeper";

    /** Where this cluster's entries live in ZooKeeper, under Flink's root ({@code /flink}). */
    public static final String CLUSTER_ID = "/orderflow";

    /**
     * How long a killed JobManager keeps its leadership (its ZooKeeper session outlives it): a
     * restarted one leads, and recovers the jobs, only after that. Flink's default is 60 s (which
     * ZooKeeper caps at 20 ticks, 40 s); a local cluster does not need to wait that long.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);

    private HighAvailability() {}

    /**
     * The settings for a cluster whose JobManager uses the ZooKeeper at {@code quorum} and keeps
     * its HA data in {@code storageDir}.
     */
    public static Map<String, String> zooKeeperSettings(String quorum, Path storageDir) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(HighAvailabilityOptions.HA_MODE.key(), ZOOKEEPER);
        s.put(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM.key(), quorum);
        // Path.toUri() ends a folder that exists with a slash: the same setting on every start.
        String uri = storageDir.toAbsolutePath().normalize().toUri().toString();
        s.put(
                HighAvailabilityOptions.HA_STORAGE_PATH.key(),
                uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
        s.put(HighAvailabilityOptions.HA_CLUSTER_ID.key(), CLUSTER_ID);
        s.put(
                HighAvailabilityOptions.ZOOKEEPER_SESSION_TIMEOUT.key(),
                SESSION_TIMEOUT.toSeconds() + " s");
        return s;
    }

    public static boolean isZooKeeper(Configuration conf) {
        return ZOOKEEPER.equalsIgnoreCase(conf.get(HighAvailabilityOptions.HA_MODE));
    }

    /**
     * One line for {@code cluster status}: where ZooKeeper and the HA storage are; empty without
     * HA.
     */
    public static Optional<String> describe(Configuration conf) {
        if (!isZooKeeper(conf)) {
            return Optional.empty();
        }
        return Optional.of(
                "ZooKeeper "
                        + conf.get(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM)
                        + ", cluster id "
                        + conf.get(HighAvailabilityOptions.HA_CLUSTER_ID)
                        + ", storage "
                        + conf.get(HighAvailabilityOptions.HA_STORAGE_PATH));
    }
}
