package io.orderflow.local.cluster;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * {@code orderflow cluster start|add-taskmanager|status|stop}: a standalone Flink session cluster
 * (one JobManager, N TaskManagers, each its own JVM) in the background, configured by
 * {@code flink-conf/config.yaml}. Jobs go to it with {@code ./orderflow submit}, or with Flink's
 * {@code flink run} pointed at {@code .orderflow/cluster/conf}.
 */
public final class ClusterCommand {

    public static final String NAME = "cluster";
    public static final int NOT_RUNNING = 1;
    private static final int DEFAULT_TASKMANAGERS = 2;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: orderflow cluster start [--taskmanagers N] [options] | add-taskmanager [--count N] | status | stop",
            "",
            "A standalone Flink session cluster on this machine: a JobManager and N TaskManagers, each its own JVM,",
            "started as Flink's jobmanager.sh and taskmanager.sh start them, configured by flink-conf/config.yaml.",
            "  start            start the JobManager and N TaskManagers and wait until they are up; on a running",
            "                   cluster, start TaskManagers until N run",
            "  add-taskmanager  start more TaskManagers (e.g. after one was killed)",
            "  status           the cluster, its TaskManagers, slots and jobs, from the REST API (exit 1: not running)",
            "  stop             stop TaskManagers and JobManager (SIGTERM; killed after 30 s). Running jobs stop with",
            "                   them; their retained checkpoints stay, and status/stop print how to resume them",
            "",
            "Options:",
            "  --dir DIR              pids/, log/, conf/ (the effective config.yaml) and tmp/ [<repository>/.orderflow/cluster]",
            "  --taskmanagers N       TaskManagers to run (start) [" + DEFAULT_TASKMANAGERS + "]",
            "  --count N              TaskManagers to add (add-taskmanager) [1]",
            "  --rest-port P          REST API and web UI [config.yaml rest.port: 8081]",
            "  --rpc-port P           JobManager RPC [config.yaml jobmanager.rpc.port, else 6123]",
            "  --slots N              task slots per TaskManager [config.yaml taskmanager.numberOfTaskSlots]",
            "  --checkpoint-dir URI   [config.yaml execution.checkpointing.dir]",
            "  --savepoint-dir URI    [config.yaml execution.checkpointing.savepoint-dir]",
            "  --conf-dir DIR         the configuration to start from [<repository>/flink-conf]",
            "  -D key=value           any other Flink setting for this cluster (repeatable; also --set key=value)");

    private static final Set<String> VALUED = Set.of("--dir", "--taskmanagers", "--count", "--rest-port", "--rpc-port", "--slots",
            "--checkpoint-dir", "--savepoint-dir", "--conf-dir", "--set");

    private ClusterCommand() {}

    public static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        try {
            Args args = Args.parse(dynamicPropertiesAsSet(argv), VALUED, Set.of());
            if (args.help()) {
                out.println(USAGE);
                return 0;
            }
            if (args.positional().size() != 1) {
                throw new UsageException(args.positional().isEmpty() ? "say start, add-taskmanager, status or stop (see --help)"
                        : "one action only, got " + args.positional());
            }
            Path root = FlinkCluster.repositoryRoot();
            FlinkCluster cluster = FlinkCluster.in(args.has("--dir") ? Path.of(args.get("--dir", null)) : root.resolve(FlinkCluster.DEFAULT_DIR));
            switch (args.positional().get(0)) {
                case "start":
                    return start(cluster, args, root, out);
                case "add-taskmanager":
                    return addTaskManagers(cluster, args.intIn("--count", 1, 1, 64), out);
                case "status":
                    return status(cluster, out);
                case "stop":
                    return stop(cluster, out);
                default:
                    throw new UsageException("unknown action '" + args.positional().get(0) + "': say start, add-taskmanager, status or stop");
            }
        } catch (UsageException e) {
            err.println("orderflow " + NAME + ": " + e.getMessage());
            return UsageException.EXIT_CODE;
        } catch (RuntimeException e) {
            err.println("orderflow " + NAME + ": " + e.getMessage());
            return NOT_RUNNING;
        }
    }

    /** {@code -D k=v} and {@code -Dk=v}, as Flink's tools write them, become {@code --set k=v}. */
    static List<String> dynamicPropertiesAsSet(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("-D") && i + 1 < argv.size()) {
                out.add("--set");
                out.add(argv.get(++i));
            } else if (a.startsWith("-D") && a.length() > 2) {
                out.add("--set");
                out.add(a.substring(2));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** The settings that differ from the source config.yaml, from the options. */
    static Map<String, String> overrides(Args args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String kv : args.all("--set")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("-D/--set must be key=value, was '" + kv + "'");
            }
            o.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        if (args.has("--rest-port")) {
            o.put(RestOptions.PORT.key(), String.valueOf(args.intIn("--rest-port", 0, 1, 65535)));
        }
        if (args.has("--rpc-port")) {
            o.put(JobManagerOptions.PORT.key(), String.valueOf(args.intIn("--rpc-port", 0, 1, 65535)));
        }
        if (args.has("--slots")) {
            o.put(TaskManagerOptions.NUM_TASK_SLOTS.key(), String.valueOf(args.intIn("--slots", 1, 1, 256)));
        }
        if (args.has("--checkpoint-dir")) {
            o.put(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), args.get("--checkpoint-dir", null));
        }
        if (args.has("--savepoint-dir")) {
            o.put(CheckpointingOptions.SAVEPOINT_DIRECTORY.key(), args.get("--savepoint-dir", null));
        }
        return o;
    }

    private static int start(FlinkCluster cluster, Args args, Path root, PrintStream out) {
        int wanted = args.intIn("--taskmanagers", DEFAULT_TASKMANAGERS, 0, 64);
        Map<String, String> overrides = overrides(args);
        Optional<FlinkCluster.Daemon> jm = cluster.jobManager();
        if (jm.isPresent()) {
            if (!overrides.isEmpty() || args.has("--conf-dir")) {
                out.println("The cluster in " + cluster.dir() + " already runs; its settings stay as they are (stop it to change them).");
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
            return status(cluster, out);
        }
        List<FlinkCluster.Daemon> orphans = cluster.taskManagers();
        if (!orphans.isEmpty()) {
            out.println("Stopping " + orphans.size() + " TaskManager(s) left from an earlier cluster in " + cluster.dir() + "...");
            cluster.stop();
        }
        Path source = (args.has("--conf-dir") ? Path.of(args.get("--conf-dir", null)) : root.resolve("flink-conf")).toAbsolutePath().normalize();
        cluster.writeConfiguration(source, overrides);
        out.println("Starting a Flink JobManager (configuration " + cluster.confDir().resolve("config.yaml") + ")...");
        FlinkCluster.Daemon started = cluster.startJobManager();
        out.println("JobManager up (pid " + started.pid() + "): web UI and REST API " + cluster.restAddress());
        if (wanted > 0) {
            out.println("Starting " + wanted + " TaskManager(s)...");
            cluster.startTaskManagers(wanted);
        }
        return status(cluster, out);
    }

    private static int addTaskManagers(FlinkCluster cluster, int count, PrintStream out) {
        if (cluster.jobManager().isEmpty()) {
            out.println("No Flink cluster runs in " + cluster.dir() + ": ./orderflow cluster start");
            return NOT_RUNNING;
        }
        List<String> gone = cluster.forgetGoneTaskManagers();
        if (!gone.isEmpty()) {
            out.println("TaskManagers gone since they were started: " + String.join(", ", gone));
        }
        for (FlinkCluster.Daemon tm : cluster.startTaskManagers(count)) {
            out.println("TaskManager " + tm.name() + " up (pid " + tm.pid() + ", log " + tm.log() + ")");
        }
        return status(cluster, out);
    }

    static int status(FlinkCluster cluster, PrintStream out) {
        Optional<FlinkCluster.Daemon> jm = cluster.jobManager();
        if (jm.isEmpty()) {
            out.println("No Flink cluster runs in " + cluster.dir());
            List<FlinkCluster.Daemon> orphans = cluster.taskManagers();
            if (!orphans.isEmpty()) {
                out.println(orphans.size() + " TaskManager(s) without a JobManager still run; ./orderflow cluster stop ends them");
            }
            return NOT_RUNNING;
        }
        RestClient rest = cluster.rest();
        out.println("Flink cluster in " + cluster.dir());
        out.println("  JobManager   pid " + jm.get().pid() + ", web UI and REST API " + rest.base() + ", log " + jm.get().log());
        try {
            RestClient.Overview overview = rest.overview();
            Map<String, RestClient.TaskManager> registered = new LinkedHashMap<>();
            rest.taskManagers().forEach(tm -> registered.put(tm.id(), tm));
            out.printf("  Flink %s: %d TaskManager(s), %d slots, %d free%n", overview.flinkVersion(), overview.taskManagers(),
                    overview.slotsTotal(), overview.slotsAvailable());
            for (FlinkCluster.Daemon tm : cluster.taskManagers()) {
                RestClient.TaskManager info = registered.remove(tm.name());
                out.printf("  %-14s pid %-7d %s, log %s%n", tm.name(), tm.pid(),
                        info == null ? "not registered (starting, or lost its JobManager)" : info.slots() + " slots, " + info.freeSlots() + " free",
                        tm.log());
            }
            for (RestClient.TaskManager tm : registered.values()) {
                boolean ours = java.nio.file.Files.exists(cluster.logDir().resolve(tm.id() + ".log"));
                out.printf("  %-14s %s%n", tm.id(), ours
                        ? "process gone, still registered: the JobManager drops it when its heartbeats time out"
                        : "not started from this folder: " + tm.slots() + " slots, " + tm.freeSlots() + " free");
            }
            List<String> gone = cluster.forgetGoneTaskManagers();
            if (!gone.isEmpty()) {
                out.println("  gone: " + String.join(", ", gone) + "; start new ones with ./orderflow cluster add-taskmanager");
            }
            List<RestClient.Job> jobs = rest.jobs();
            out.println(jobs.isEmpty() ? "  Jobs: none" : "  Jobs:");
            for (RestClient.Job job : jobs) {
                out.printf("    %s  %-10s %s, since %s%s%n", job.id(), job.state(), job.name(), time(job.startTime()), jobDetail(rest, job));
            }
        } catch (IOException e) {
            out.println("  REST API does not answer: " + e.getMessage());
            return NOT_RUNNING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NOT_RUNNING;
        }
        return 0;
    }

    private static String jobDetail(RestClient rest, RestClient.Job job) throws InterruptedException {
        if (RestClient.isTerminal(job.state()) && !job.state().equals("FAILED")) {
            return "";
        }
        try {
            StringBuilder s = new StringBuilder();
            s.append(", failures ").append(rest.failures(job.id()));
            Optional<RestClient.Checkpoint> cp = rest.latestCheckpoint(job.id());
            cp.ifPresent(c -> s.append(", checkpoints ").append(c.completedCount()).append(" (latest ").append(c.id())
                    .append(c.externalPath() == null ? "" : ": " + c.externalPath()).append(')'));
            return s.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static int stop(FlinkCluster cluster, PrintStream out) {
        Optional<FlinkCluster.Daemon> jm = cluster.jobManager();
        if (jm.isEmpty() && cluster.taskManagers().isEmpty()) {
            cluster.forgetGoneTaskManagers();
            out.println("No Flink cluster runs in " + cluster.dir());
            return 0;
        }
        if (jm.isPresent()) {
            warnAboutRunningJobs(cluster, out);
        }
        cluster.stop().forEach(out::println);
        return 0;
    }

    private static void warnAboutRunningJobs(FlinkCluster cluster, PrintStream out) {
        RestClient rest = cluster.rest();
        try {
            for (RestClient.Job job : rest.runningJobs()) {
                Optional<String> path = rest.latestCheckpoint(job.id()).map(RestClient.Checkpoint::externalPath);
                out.println("Job " + job.id() + " (" + job.name() + ", " + job.state() + ") stops with the cluster"
                        + path.map(p -> "; resume it from its last checkpoint: ./orderflow submit -s " + p + " order-processing <its options>")
                                .orElse(" (it has no completed checkpoint)"));
            }
        } catch (IOException e) {
            // the REST API is gone: nothing to tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String time(long epochMillis) {
        return epochMillis <= 0 ? "?" : LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault()).format(TIME);
    }
}
