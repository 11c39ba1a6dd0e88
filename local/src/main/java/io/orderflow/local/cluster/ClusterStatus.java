package io.orderflow.local.cluster;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.cluster.HighAvailability;
import io.orderflow.testkit.cluster.ZooKeeperServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./orderflow cluster status} reports, gathered once from the cluster's processes and
 * its REST API: printed as text by {@link ClusterStatusText}, or as JSON by {@link
 * ClusterStatusJson}.
 *
 * @param jobManager null when no JobManager runs; then the fields up to {@code jobs} are empty
 * @param highAvailability null when the cluster runs without HA
 * @param restError why the REST API did not answer; null when it did
 * @param overview null unless the REST API answered
 * @param gone TaskManagers started from this folder whose process has gone since
 * @param leftOver what still runs without a JobManager; null while one runs
 */
record ClusterStatus(
        Path dir,
        FlinkCluster.Daemon jobManager,
        String restAddress,
        Ha highAvailability,
        String restError,
        RestClient.Overview overview,
        List<TaskManager> taskManagers,
        List<String> gone,
        List<Job> jobs,
        LeftOver leftOver) {

    /**
     * HA's settings in one line, and the cluster's own ZooKeeper (null when it has none running).
     */
    record Ha(String description, ZooKeeper zooKeeper, boolean zooKeeperStopped) {}

    /** {@code mode}: null while it does not serve. */
    record ZooKeeper(long pid, String quorum, String mode, Path dataDir, Path log) {}

    /**
     * A TaskManager started from this folder ({@code pid} and {@code log} set), or one the REST API
     * lists that was not ({@code startedHere} false; its process is gone when a log of its name is
     * in this folder). {@code slots} and {@code slotsFree} are 0 when it is not registered.
     */
    record TaskManager(
            String id,
            Long pid,
            Path log,
            boolean startedHere,
            boolean registered,
            boolean processGone,
            int slots,
            int slotsFree) {}

    /**
     * A job; {@code detail} null for a job that ended (unless it failed), or when the REST API did
     * not say.
     */
    record Job(String id, String name, String state, long startTimeMillis, Detail detail) {}

    /** {@code latestCheckpoint} and {@code restoredFrom} null when there is none. */
    record Detail(
            int failures,
            RestClient.Checkpoint latestCheckpoint,
            RestClient.Restored restoredFrom) {}

    /** No JobManager runs: the TaskManagers and ZooKeeper of this folder that still run. */
    record LeftOver(int taskManagers, boolean zooKeeperRuns, boolean withHighAvailability) {}

    boolean running() {
        return jobManager != null;
    }

    /**
     * 0 when it runs and its REST API answers, 1 when no cluster runs, 3 when its REST API does not
     * answer.
     */
    int exitCode() {
        if (!running()) {
            return ClusterCommand.NOT_RUNNING;
        }
        return restError == null ? ExitCodes.OK : ExitCodes.UNREACHABLE;
    }

    /**
     * Gathers the status; forgets TaskManagers whose process is gone (they are listed once, in
     * {@code gone}).
     */
    static ClusterStatus of(FlinkCluster cluster) throws InterruptedException {
        Optional<FlinkCluster.Daemon> jm = cluster.jobManager();
        if (jm.isEmpty()) {
            LeftOver left =
                    new LeftOver(
                            cluster.taskManagers().size(),
                            cluster.zooKeeper().process().isPresent(),
                            haClusterStillRuns(cluster));
            return new ClusterStatus(
                    cluster.dir(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    left);
        }
        RestClient rest = cluster.rest();
        Ha ha = highAvailability(cluster);
        try {
            RestClient.Overview overview = rest.overview();
            Map<String, RestClient.TaskManager> registered = new LinkedHashMap<>();
            rest.taskManagers().forEach(tm -> registered.put(tm.id(), tm));
            List<TaskManager> taskManagers = new ArrayList<>();
            for (FlinkCluster.Daemon tm : cluster.taskManagers()) {
                RestClient.TaskManager info = registered.remove(tm.name());
                taskManagers.add(
                        new TaskManager(
                                tm.name(),
                                tm.pid(),
                                tm.log(),
                                true,
                                info != null,
                                false,
                                info == null ? 0 : info.slots(),
                                info == null ? 0 : info.freeSlots()));
            }
            for (RestClient.TaskManager tm : registered.values()) {
                boolean ours = Files.exists(cluster.logDir().resolve(tm.id() + ".log"));
                taskManagers.add(
                        new TaskManager(
                                tm.id(),
                                null,
                                null,
                                false,
                                true,
                                ours,
                                tm.slots(),
                                tm.freeSlots()));
            }
            List<String> gone = cluster.forgetGoneTaskManagers();
            List<Job> jobs = new ArrayList<>();
            for (RestClient.Job job : rest.jobs()) {
                jobs.add(
                        new Job(
                                job.id(),
                                job.name(),
                                job.state(),
                                job.startTime(),
                                detail(rest, job)));
            }
            return new ClusterStatus(
                    cluster.dir(),
                    jm.get(),
                    rest.base().toString(),
                    ha,
                    null,
                    overview,
                    taskManagers,
                    gone,
                    jobs,
                    null);
        } catch (IOException e) {
            return new ClusterStatus(
                    cluster.dir(),
                    jm.get(),
                    rest.base().toString(),
                    ha,
                    String.valueOf(e.getMessage()),
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    null);
        }
    }

    /** A cluster with HA whose JobManager is gone while its ZooKeeper or TaskManagers still run. */
    static boolean haClusterStillRuns(FlinkCluster cluster) {
        return Files.isRegularFile(cluster.confDir().resolve("config.yaml"))
                && HighAvailability.isZooKeeper(cluster.configuration())
                && (cluster.zooKeeper().process().isPresent() || !cluster.taskManagers().isEmpty());
    }

    private static Ha highAvailability(FlinkCluster cluster) {
        Optional<String> description = HighAvailability.describe(cluster.configuration());
        if (description.isEmpty()) {
            return null;
        }
        ZooKeeperServer zk = cluster.zooKeeper();
        ZooKeeper running =
                zk.process()
                        .map(
                                p ->
                                        new ZooKeeper(
                                                p.pid(),
                                                zk.quorum(),
                                                zk.mode().orElse(null),
                                                zk.dataDir(),
                                                zk.logFile()))
                        .orElse(null);
        return new Ha(description.get(), running, zk.port() != 0 && running == null);
    }

    private static Detail detail(RestClient rest, RestClient.Job job) throws InterruptedException {
        if (RestClient.isTerminal(job.state()) && !job.state().equals("FAILED")) {
            return null;
        }
        try {
            return new Detail(
                    rest.failures(job.id()),
                    rest.latestCheckpoint(job.id()).orElse(null),
                    rest.restoredCheckpoint(job.id()).orElse(null));
        } catch (IOException e) {
            return null;
        }
    }
}
