package io.orderflow.local.cluster;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code ./orderflow cluster status} for a person: the cluster, its TaskManagers, slots and jobs.
 */
final class ClusterStatusText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private ClusterStatusText() {}

    static void print(ClusterStatus s, PrintStream out) {
        if (!s.running()) {
            printLeftOver(s, out);
            return;
        }
        out.println("Flink cluster in " + s.dir());
        out.println(
                "  JobManager   pid "
                        + s.jobManager().pid()
                        + ", web UI and REST API "
                        + s.restAddress()
                        + ", log "
                        + s.jobManager().log());
        printHighAvailability(s.highAvailability(), out);
        if (s.restError() != null) {
            out.println("  REST API does not answer: " + s.restError());
            return;
        }
        out.printf(
                "  Flink %s: %d TaskManager(s), %d slots, %d free%n",
                s.overview().flinkVersion(),
                s.overview().taskManagers(),
                s.overview().slotsTotal(),
                s.overview().slotsAvailable());
        for (ClusterStatus.TaskManager tm : s.taskManagers()) {
            if (tm.startedHere()) {
                out.printf(
                        "  %-14s pid %-7d %s, log %s%n",
                        tm.id(),
                        tm.pid(),
                        tm.registered()
                                ? tm.slots() + " slots, " + tm.slotsFree() + " free"
                                : "not registered (starting, or lost its JobManager)",
                        tm.log());
            } else {
                out.printf(
                        "  %-14s %s%n",
                        tm.id(),
                        tm.processGone()
                                ? "process gone, still registered: the JobManager drops it when its"
                                        + " heartbeats time out"
                                : "not started from this folder: "
                                        + tm.slots()
                                        + " slots, "
                                        + tm.slotsFree()
                                        + " free");
            }
        }
        if (!s.gone().isEmpty()) {
            out.println(
                    "  gone: "
                            + String.join(", ", s.gone())
                            + "; start new ones with ./orderflow cluster add-taskmanager");
        }
        out.println(s.jobs().isEmpty() ? "  Jobs: none" : "  Jobs:");
        for (ClusterStatus.Job job : s.jobs()) {
            out.printf(
                    "    %s  %-10s %s, since %s%s%n",
                    job.id(),
                    job.state(),
                    job.name(),
                    time(job.startTimeMillis()),
                    detail(job.detail()));
        }
    }

    private static void printLeftOver(ClusterStatus s, PrintStream out) {
        out.println("No Flink cluster runs in " + s.dir());
        ClusterStatus.LeftOver left = s.leftOver();
        if (left.withHighAvailability()) {
            out.println(
                    "Its JobManager is gone; "
                            + (left.zooKeeperRuns() ? "ZooKeeper and " : "")
                            + left.taskManagers()
                            + " TaskManager(s) still run, with high availability: ./orderflow"
                            + " cluster start brings the JobManager back and it recovers the jobs;"
                            + " ./orderflow cluster stop ends them");
        } else if (left.taskManagers() > 0) {
            out.println(
                    left.taskManagers()
                            + " TaskManager(s) without a JobManager still run; ./orderflow cluster"
                            + " stop ends them");
        }
    }

    private static void printHighAvailability(ClusterStatus.Ha ha, PrintStream out) {
        if (ha == null) {
            return;
        }
        out.println("  HA           on: " + ha.description());
        ClusterStatus.ZooKeeper zk = ha.zooKeeper();
        if (zk != null) {
            out.println(
                    "  ZooKeeper    pid "
                            + zk.pid()
                            + ", "
                            + zk.quorum()
                            + " "
                            + (zk.mode() == null ? "(not serving)" : zk.mode())
                            + ", data "
                            + zk.dataDir()
                            + ", log "
                            + zk.log());
        }
        if (ha.zooKeeperStopped()) {
            out.println("  ZooKeeper    not running: ./orderflow cluster start starts it again");
        }
    }

    private static String detail(ClusterStatus.Detail d) {
        if (d == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        s.append(", failures ").append(d.failures());
        if (d.latestCheckpoint() != null) {
            var c = d.latestCheckpoint();
            s.append(", checkpoints ")
                    .append(c.completedCount())
                    .append(" (latest ")
                    .append(c.id())
                    .append(c.externalPath() == null ? "" : ": " + c.externalPath())
                    .append(')');
        }
        if (d.restoredFrom() != null) {
            s.append(", restored from ")
                    .append(d.restoredFrom().isSavepoint() ? "savepoint " : "checkpoint ")
                    .append(d.restoredFrom().id());
        }
        return s.toString();
    }

    private static String time(long epochMillis) {
        return epochMillis <= 0
                ? "?"
                : LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault())
                        .format(TIME);
    }
}
