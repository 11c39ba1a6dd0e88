package io.orderflow.local.cluster;

import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.cluster.HighAvailability;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code cluster stop}: stops TaskManagers, JobManager and ZooKeeper, telling first what becomes of
 * each running job: with high availability the next {@code start --ha} recovers it, without it the
 * command that resumes it from its last checkpoint.
 */
final class ClusterStop {

    private ClusterStop() {}

    /** Stops what runs in the cluster's folder, one line per process stopped; exit 0. */
    static int stop(FlinkCluster cluster, PrintStream out) {
        Optional<FlinkCluster.Daemon> jm = cluster.jobManager();
        if (jm.isEmpty()
                && cluster.taskManagers().isEmpty()
                && cluster.zooKeeper().process().isEmpty()) {
            cluster.forgetGoneTaskManagers();
            out.println("No Flink cluster runs in " + cluster.dir());
            return 0;
        }
        if (jm.isPresent()) {
            warnAboutRunningJobs(
                    cluster, out, HighAvailability.isZooKeeper(cluster.configuration()));
        }
        cluster.stop().forEach(out::println);
        return 0;
    }

    private static void warnAboutRunningJobs(FlinkCluster cluster, PrintStream out, boolean ha) {
        RestClient rest = cluster.rest();
        try {
            for (RestClient.Job job : rest.runningJobs()) {
                if (ha) {
                    out.println(
                            "Job "
                                    + job.id()
                                    + " ("
                                    + job.name()
                                    + ", "
                                    + job.state()
                                    + ") stops with the cluster; high availability keeps it:"
                                    + " the next ./orderflow cluster start --ha in "
                                    + cluster.dir()
                                    + " recovers it from its latest checkpoint"
                                    + " (./orderflow cancel it first to end it)");
                    continue;
                }
                Optional<String> path =
                        rest.latestCheckpoint(job.id()).map(RestClient.Checkpoint::externalPath);
                out.println(
                        "Job "
                                + job.id()
                                + " ("
                                + job.name()
                                + ", "
                                + job.state()
                                + ") stops with the cluster"
                                + path.map(
                                                p ->
                                                        "; resume it from its last checkpoint:"
                                                                + " ./orderflow submit -s "
                                                                + p
                                                                + " order-processing <its options>")
                                        .orElse(" (it has no completed checkpoint)"));
            }
        } catch (IOException e) {
            // the REST API is gone: nothing to tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
