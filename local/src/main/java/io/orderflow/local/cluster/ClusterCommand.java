package io.orderflow.local.cluster;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.local.CommandErrors;
import io.orderflow.testkit.Repository;
import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.cluster.HighAvailability;
import io.orderflow.testkit.cluster.ZooKeeperServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * {@code orderflow cluster start|add-taskmanager|status|stop}: a standalone Flink session cluster
 * (one JobManager, N TaskManagers, each its own JVM) in the background, configured by
 * {@code flink-conf/config.yaml}. Jobs go to it with {@code ./orderflow submit}, or with Flink's
 * {@code flink run} pointed at {@code .orderflow/cluster/conf}. With {@code --ha} a ZooKeeper server
 * runs beside it and the JobManager keeps its jobs there, so that {@code start} on a cluster whose
 * JobManager died brings it back with its jobs, from their latest checkpoints.
 */
public final class ClusterCommand {

    public static final String NAME = "cluster";
    /** Exit code of {@code status} and {@code add-taskmanager} when no cluster runs. */
    public static final int NOT_RUNNING = ExitCodes.CHECK_FAILED;
    private static final int DEFAULT_TASKMANAGERS = 2;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: orderflow cluster start [--ha] [--taskmanagers N] [options] | add-taskmanager [--count N] | status | stop",
            "",
            "A standalone Flink session cluster on this machine: a JobManager and N TaskManagers, each its own JVM,",
            "started as Flink's jobmanager.sh and taskmanager.sh start them, configured by flink-conf/config.yaml.",
            "  start            start the JobManager and N TaskManagers and wait until they are up; on a running",
            "                   cluster, start what is missing: TaskManagers until N run, and on a cluster with --ha",
            "                   a JobManager (and ZooKeeper) that died, which recovers the jobs from their latest checkpoints",
            "  add-taskmanager  start more TaskManagers (e.g. after one was killed)",
            "  status           the cluster, its TaskManagers, slots and jobs, from the REST API (exit 1: not running;",
            "                   3: its REST API does not answer)",
            "  stop             stop TaskManagers and JobManager (SIGTERM; killed after 30 s). Running jobs stop with",
            "                   them; their retained checkpoints stay, and status/stop print how to resume them. With",
            "                   --ha they stay in ZooKeeper (stopped last) and the next start --ha in DIR recovers them",
            "",
            "Options:",
            "  --dir DIR              pids/, log/, conf/ (the effective config.yaml) and tmp/ [<repository>/.orderflow/cluster]",
            "  --json                 status: print it as one JSON object (snake_case keys, numbers as numbers)",
            "  --ha                   JobManager high availability: a ZooKeeper server in DIR/zookeeper/ and",
            "                         high-availability.type: zookeeper with its storage in DIR/ha/ (start)",
            "  --zookeeper-port P     ZooKeeper's client port, with --ha [the one it had when free, else a free one]",
            "  --taskmanagers N       TaskManagers to run (start) [" + DEFAULT_TASKMANAGERS + "]",
            "  --count N              TaskManagers to add (add-taskmanager) [1]",
            "  --rest-port P          REST API and web UI [config.yaml rest.port: 8081]",
            "  --rpc-port P           JobManager RPC [config.yaml jobmanager.rpc.port, else 6123]; with --ha a free one",
            "                         (high-availability.jobmanager.port), found through ZooKeeper",
            "  --slots N              task slots per TaskManager [config.yaml taskmanager.numberOfTaskSlots]",
            "  --checkpoint-dir URI   [config.yaml execution.checkpointing.dir]",
            "  --savepoint-dir URI    [config.yaml execution.checkpointing.savepoint-dir]",
            "  --conf-dir DIR         the configuration to start from [<repository>/flink-conf]",
            "  -D key=value           any other Flink setting for this cluster (repeatable; also --set key=value)");

    private static final Set<String> VALUED = Set.of("--dir", "--taskmanagers", "--count", "--rest-port", "--rpc-port", "--slots",
            "--checkpoint-dir", "--savepoint-dir", "--conf-dir", "--set", "--zookeeper-port");
    private static final Set<String> FLAGS = Set.of("--ha", "--json");

    private ClusterCommand() {}

    public static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        return run(argv, FlinkCluster::in, out, err);
    }

    /** {@code clusterIn}: the cluster of a --dir (tests pass one whose processes end with the test's JVM). */
    static int run(List<String> argv, Function<Path, FlinkCluster> clusterIn, PrintStream out, PrintStream err) {
        try {
            Args args = Args.parse(dynamicPropertiesAsSet(argv), VALUED, FLAGS);
            if (args.help()) {
                out.println(USAGE);
                return 0;
            }
            if (args.positional().size() != 1) {
                throw new UsageException(args.positional().isEmpty() ? "say start, add-taskmanager, status or stop (see --help)"
                        : "one action only, got " + args.positional());
            }
            if (args.flag("--json") && !args.positional().get(0).equals("status")) {
                throw new UsageException("--json goes with status only");
            }
            Path root = Repository.root();
            FlinkCluster cluster = clusterIn.apply(args.has("--dir") ? Path.of(args.get("--dir", null)) : root.resolve(FlinkCluster.DEFAULT_DIR));
            switch (args.positional().get(0)) {
                case "start":
                    return start(cluster, args, root, out);
                case "add-taskmanager":
                    return addTaskManagers(cluster, args.intIn("--count", 1, 1, 64), out);
                case "status":
                    return status(cluster, args.flag("--json"), out);
                case "stop":
                    return stop(cluster, out);
                default:
                    throw new UsageException("unknown action '" + args.positional().get(0) + "': say start, add-taskmanager, status or stop");
            }
        } catch (RuntimeException e) {
            return CommandErrors.report(NAME, e, err);
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
        boolean ha = args.flag("--ha");
        if (args.has("--zookeeper-port") && !ha) {
            throw new UsageException("--zookeeper-port is the port of the ZooKeeper that --ha starts: give --ha too");
        }
        int zooKeeperPort = args.intIn("--zookeeper-port", 0, 1, 65535);
        if (cluster.jobManager().isPresent() || ClusterStatus.haClusterStillRuns(cluster)) {
            if (!overrides.isEmpty() || args.has("--conf-dir") || ha && !HighAvailability.isZooKeeper(cluster.configuration())) {
                out.println("The cluster in " + cluster.dir() + " already runs; its settings stay as they are (stop it to change them).");
            }
            return startWhatIsMissing(cluster, wanted, out);
        }
        List<FlinkCluster.Daemon> orphans = cluster.taskManagers();
        boolean orphanZooKeeper = cluster.zooKeeper().process().isPresent();
        if (!orphans.isEmpty() || orphanZooKeeper) {
            out.println("Stopping " + orphans.size() + " TaskManager(s)" + (orphanZooKeeper ? " and ZooKeeper" : "") + " left from an earlier cluster in "
                    + cluster.dir() + "...");
            cluster.stop();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (ha) {
            out.println("Starting ZooKeeper for high availability (folder " + cluster.zooKeeper().dir() + ")...");
            cluster.zooKeeper().start(zooKeeperPort);
            settings.putAll(HighAvailability.zooKeeperSettings(cluster.zooKeeper().quorum(), cluster.haStorageDir()));
            out.println("ZooKeeper up at " + cluster.zooKeeper().quorum() + ", log " + cluster.zooKeeper().logFile());
        }
        settings.putAll(overrides);
        Path source = (args.has("--conf-dir") ? Path.of(args.get("--conf-dir", null)) : root.resolve("flink-conf")).toAbsolutePath().normalize();
        cluster.writeConfiguration(source, settings);
        out.println("Starting a Flink JobManager (configuration " + cluster.confDir().resolve("config.yaml") + ")...");
        FlinkCluster.Daemon started = cluster.startJobManager();
        out.println("JobManager up (pid " + started.pid() + "): web UI and REST API " + cluster.restAddress());
        if (wanted > 0) {
            out.println("Starting " + wanted + " TaskManager(s)...");
            cluster.startTaskManagers(wanted);
        }
        return status(cluster, out);
    }

    /**
     * On a running cluster: its own ZooKeeper and its JobManager when they died (with their
     * configuration, the logs kept), then TaskManagers until {@code wanted} run.
     */
    private static int startWhatIsMissing(FlinkCluster cluster, int wanted, PrintStream out) {
        ZooKeeperServer zooKeeper = cluster.zooKeeper();
        Configuration conf = cluster.configuration();
        boolean ownZooKeeper = zooKeeper.port() != 0 && zooKeeper.quorum().equals(conf.get(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM));
        if (HighAvailability.isZooKeeper(conf) && ownZooKeeper && zooKeeper.process().isEmpty()) {
            out.println("ZooKeeper is gone: starting it again at " + zooKeeper.quorum() + "...");
            zooKeeper.start(zooKeeper.port());
        }
        if (cluster.jobManager().isEmpty()) {
            out.println("The JobManager is gone: starting it again with its configuration; it recovers the cluster's jobs"
                    + " from ZooKeeper at their latest checkpoints...");
            FlinkCluster.Daemon jm = cluster.restartJobManager();
            out.println("JobManager up (pid " + jm.pid() + "): web UI and REST API " + cluster.restAddress());
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
        return status(cluster, false, out);
    }

    /** Prints the cluster's status, as text or as one JSON object; exit 0 when it runs and answers (see {@link ClusterStatus#exitCode()}). */
    static int status(FlinkCluster cluster, boolean json, PrintStream out) {
        ClusterStatus status;
        try {
            status = ClusterStatus.of(cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
        if (json) {
            out.println(ClusterStatusJson.write(status));
        } else {
            ClusterStatusText.print(status, out);
        }
        return status.exitCode();
    }

    private static int stop(FlinkCluster cluster, PrintStream out) {
        Optional<FlinkCluster.Daemon> jm = cluster.jobManager();
        if (jm.isEmpty() && cluster.taskManagers().isEmpty() && cluster.zooKeeper().process().isEmpty()) {
            cluster.forgetGoneTaskManagers();
            out.println("No Flink cluster runs in " + cluster.dir());
            return 0;
        }
        if (jm.isPresent()) {
            warnAboutRunningJobs(cluster, out, HighAvailability.isZooKeeper(cluster.configuration()));
        }
        cluster.stop().forEach(out::println);
        return 0;
    }

    private static void warnAboutRunningJobs(FlinkCluster cluster, PrintStream out, boolean ha) {
        RestClient rest = cluster.rest();
        try {
            for (RestClient.Job job : rest.runningJobs()) {
                if (ha) {
                    out.println("Job " + job.id() + " (" + job.name() + ", " + job.state() + ") stops with the cluster; high availability keeps it:"
                            + " the next ./orderflow cluster start --ha in " + cluster.dir() + " recovers it from its latest checkpoint"
                            + " (./orderflow cancel it first to end it)");
                    continue;
                }
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
}
