package io.orderflow.local.cluster;

import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.cluster.HighAvailability;
import io.orderflow.testkit.cluster.ZooKeeperServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;

/**
 * {@code cluster start} and {@code cluster add-taskmanager}: which processes to start, in a folder
 * where no cluster runs (a fresh one, once what an earlier one left is stopped), on a running
 * cluster (only what is missing) or beside it (more TaskManagers). Each step is told on {@code
 * out}, and the cluster's status printed at the end.
 */
final class ClusterStart {

    /**
     * What {@code start} asks for: TaskManagers to run, settings that differ from the source
     * config.yaml, the folder of that config.yaml (null: the repository's flink-conf), high
     * availability and its ZooKeeper's port (null: the one it had when free, else a free one).
     */
    record Request(
            int taskManagers,
            Map<String, String> overrides,
            Path confDir,
            boolean ha,
            Integer zooKeeperPort) {}

    private ClusterStart() {}

    /**
     * A fresh cluster configured from {@code request}, or on a running one what is missing (its
     * settings stay as they are). Returns the status' exit code.
     */
    static int start(FlinkCluster cluster, Request request, Path root, PrintStream out) {
        int wanted = request.taskManagers();
        Map<String, String> overrides = request.overrides();
        if (cluster.jobManager().isPresent() || ClusterStatus.haClusterStillRuns(cluster)) {
            if (!overrides.isEmpty()
                    || request.confDir() != null
                    || request.ha() && !HighAvailability.isZooKeeper(cluster.configuration())) {
                out.println(
                        "The cluster in "
                                + cluster.dir()
                                + " already runs; its settings stay as they are (stop it to change"
                                + " them).");
            }
            return startWhatIsMissing(cluster, wanted, out);
        }
        List<FlinkCluster.Daemon> orphans = cluster.taskManagers();
        boolean orphanZooKeeper = cluster.zooKeeper().process().isPresent();
        if (!orphans.isEmpty() || orphanZooKeeper) {
            out.println(
                    "Stopping "
                            + orphans.size()
                            + " TaskManager(s)"
                            + (orphanZooKeeper ? " and ZooKeeper" : "")
                            + " left from an earlier cluster in "
                            + cluster.dir()
                            + "...");
            cluster.stop();
        }
        Map<String, String> effective = new LinkedHashMap<>();
        if (request.ha()) {
            out.println(
                    "Starting ZooKeeper for high availability (folder "
                            + cluster.zooKeeper().dir()
                            + ")...");
            cluster.zooKeeper()
                    .start(request.zooKeeperPort() == null ? 0 : request.zooKeeperPort());
            effective.putAll(
                    HighAvailability.zooKeeperSettings(
                            cluster.zooKeeper().quorum(), cluster.haStorageDir()));
            out.println(
                    "ZooKeeper up at "
                            + cluster.zooKeeper().quorum()
                            + ", log "
                            + cluster.zooKeeper().logFile());
        }
        effective.putAll(overrides);
        Path source =
                (request.confDir() != null ? request.confDir() : root.resolve("flink-conf"))
                        .toAbsolutePath()
                        .normalize();
        cluster.writeConfiguration(source, effective);
        out.println(
                "Starting a Flink JobManager (configuration "
                        + cluster.confDir().resolve("config.yaml")
                        + ")...");
        FlinkCluster.Daemon started = cluster.startJobManager();
        out.println(
                "JobManager up (pid "
                        + started.pid()
                        + "): web UI and REST API "
                        + cluster.restAddress());
        if (wanted > 0) {
            out.println("Starting " + wanted + " TaskManager(s)...");
            cluster.startTaskManagers(wanted);
        }
        return ClusterCommand.status(cluster, out);
    }

    /**
     * On a running cluster: its own ZooKeeper and its JobManager when they died (with their
     * configuration, the logs kept), then TaskManagers until {@code wanted} run.
     */
    private static int startWhatIsMissing(FlinkCluster cluster, int wanted, PrintStream out) {
        ZooKeeperServer zooKeeper = cluster.zooKeeper();
        Configuration conf = cluster.configuration();
        boolean ownZooKeeper =
                zooKeeper.port() != 0
                        && zooKeeper
                                .quorum()
                                .equals(conf.get(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM));
        if (HighAvailability.isZooKeeper(conf) && ownZooKeeper && zooKeeper.process().isEmpty()) {
            out.println("ZooKeeper is gone: starting it again at " + zooKeeper.quorum() + "...");
            zooKeeper.start(zooKeeper.port());
        }
        if (cluster.jobManager().isEmpty()) {
            out.println(
                    "The JobManager is gone: starting it again with its configuration; it recovers"
                            + " the cluster's jobs from ZooKeeper at their latest checkpoints...");
            FlinkCluster.Daemon jm = cluster.restartJobManager();
            out.println(
                    "JobManager up (pid "
                            + jm.pid()
                            + "): web UI and REST API "
                            + cluster.restAddress());
        }
        List<String> gone = cluster.forgetGoneTaskManagers();
        if (!gone.isEmpty()) {
            out.println("TaskManagers gone since they were started: " + String.join(", ", gone));
        }
        int missing = wanted - cluster.taskManagers().size();
        if (missing > 0) {
            out.println("Starting " + missing + " TaskManager(s) to make " + wanted + "...");
            cluster.startTaskManagers(missing);
        }
        return ClusterCommand.status(cluster, out);
    }

    /**
     * {@code count} more TaskManagers beside a running JobManager; returns the status' exit code,
     * or {@link ClusterCommand#NOT_RUNNING} when no JobManager runs.
     */
    static int addTaskManagers(FlinkCluster cluster, int count, PrintStream out) {
        if (cluster.jobManager().isEmpty()) {
            out.println(
                    "No Flink cluster runs in " + cluster.dir() + ": ./orderflow cluster start");
            return ClusterCommand.NOT_RUNNING;
        }
        List<String> gone = cluster.forgetGoneTaskManagers();
        if (!gone.isEmpty()) {
            out.println("TaskManagers gone since they were started: " + String.join(", ", gone));
        }
        for (FlinkCluster.Daemon tm : cluster.startTaskManagers(count)) {
            out.println(
                    "TaskManager "
                            + tm.name()
                            + " up (pid "
                            + tm.pid()
                            + ", log "
                            + tm.log()
                            + ")");
        }
        return ClusterCommand.status(cluster, out);
    }
}
