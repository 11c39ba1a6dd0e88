package io.orderflow.local.cluster;

import io.orderflow.jobs.cli.CommandErrors;
import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.Repository;
import io.orderflow.testkit.cluster.FlinkCluster;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orderflow cluster start|add-taskmanager|status|stop}: a standalone Flink session cluster
 * (one JobManager, N TaskManagers, each its own JVM) in the background, configured by {@code
 * flink-conf/config.yaml}. Jobs go to it with {@code ./orderflow submit}, or with Flink's {@code
 * flink run} pointed at {@code .orderflow/cluster/conf}. With {@code --ha} a ZooKeeper server runs
 * beside it and the JobManager keeps its jobs there, so that {@code start} on a cluster whose
 * JobManager died brings it back with its jobs, from their latest checkpoints.
 *
 * <p>This class declares the options and checks how they combine; {@link ClusterStart}, {@link
 * ClusterStop} and {@link ClusterStatus} carry out the actions.
 */
@Command(
        name = ClusterCommand.NAME,
        sortOptions = false,
        description = {
            "start|add-taskmanager|status|stop a standalone Flink cluster (JobManager +"
                    + " TaskManagers)",
            "A standalone Flink session cluster on this machine: a JobManager and N TaskManagers,"
                    + " each its own JVM, started as Flink's jobmanager.sh and taskmanager.sh start"
                    + " them, configured by flink-conf/config.yaml.",
            "  start            start the JobManager and N TaskManagers and wait until they are up;"
                    + " on a running",
            "                   cluster, start what is missing: TaskManagers until N run, and on a"
                    + " cluster with --ha",
            "                   a JobManager (and ZooKeeper) that died, which recovers the jobs"
                    + " from their latest",
            "                   checkpoints",
            "  add-taskmanager  start more TaskManagers (e.g. after one was killed)",
            "  status           the cluster, its TaskManagers, slots and jobs, from the REST API"
                    + " (exit 1: not running;",
            "                   3: its REST API does not answer)",
            "  stop             stop TaskManagers and JobManager (SIGTERM; killed after 30 s)."
                    + " Running jobs stop with",
            "                   them; their retained checkpoints stay, and status/stop print how to"
                    + " resume them. With",
            "                   --ha they stay in ZooKeeper (stopped last) and the next start --ha"
                    + " in DIR recovers them"
        },
        footer = {
            "",
            "Exit codes: 0 done (status: it runs), 1 status, add-taskmanager: no cluster runs, 2 a"
                + " usage mistake, 3 status: its REST API does not answer, 4 start: a JobManager,"
                + " TaskManager or ZooKeeper did not come up."
        })
public final class ClusterCommand implements Callable<Integer> {

    public static final String NAME = "cluster";

    /** Exit code of {@code status} and {@code add-taskmanager} when no cluster runs. */
    public static final int NOT_RUNNING = ExitCodes.CHECK_FAILED;

    private static final int DEFAULT_TASKMANAGERS = 2;

    @Mixin private HelpOption help;

    @Parameters(
            arity = "0..*",
            paramLabel = "start|add-taskmanager|status|stop",
            description = "the action",
            completionCandidates = Actions.class)
    private List<String> actions = new ArrayList<>();

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "pids/, log/, conf/ (the effective config.yaml) and tmp/ (default"
                            + " <repository>/.orderflow/cluster)")
    private Path dir;

    @Option(
            names = "--json",
            description =
                    "status: print it as one JSON object (snake_case keys, numbers as numbers)")
    private boolean json;

    @Option(
            names = "--ha",
            description = {
                "JobManager high availability: a ZooKeeper server in DIR/zookeeper/ and"
                        + " high-availability.type: zookeeper with its storage in DIR/ha/ (start)"
            })
    private boolean ha;

    @Option(
            names = "--zookeeper-port",
            paramLabel = "P",
            description =
                    "ZooKeeper's client port, with --ha (default: the one it had when free, else a"
                            + " free one)")
    @Range(min = 1, max = 65535)
    private Integer zooKeeperPort;

    @Option(
            names = "--taskmanagers",
            paramLabel = "N",
            description = "TaskManagers to run (start) (default ${DEFAULT-VALUE})")
    @Range(min = 0, max = 64)
    private int taskManagers = DEFAULT_TASKMANAGERS;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "TaskManagers to add (add-taskmanager) (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = 64)
    private int count = 1;

    @Option(
            names = "--rest-port",
            paramLabel = "P",
            description = "REST API and web UI (default: config.yaml rest.port, 8081)")
    @Range(min = 1, max = 65535)
    private Integer restPort;

    @Option(
            names = "--rpc-port",
            paramLabel = "P",
            description = {
                "JobManager RPC (default: config.yaml jobmanager.rpc.port, else 6123); with --ha a"
                        + " free one (high-availability.jobmanager.port), found through ZooKeeper"
            })
    @Range(min = 1, max = 65535)
    private Integer rpcPort;

    @Option(
            names = "--slots",
            paramLabel = "N",
            description =
                    "task slots per TaskManager (default: config.yaml"
                            + " taskmanager.numberOfTaskSlots)")
    @Range(min = 1, max = 256)
    private Integer slots;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description = "(default: config.yaml execution.checkpointing.dir)")
    private String checkpointDir;

    @Option(
            names = "--savepoint-dir",
            paramLabel = "URI",
            description = "(default: config.yaml execution.checkpointing.savepoint-dir)")
    private String savepointDir;

    @Option(
            names = "--conf-dir",
            paramLabel = "DIR",
            description = "the configuration to start from (default <repository>/flink-conf)")
    private Path confDir;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "key=value",
            description = "any other Flink setting for this cluster (repeatable)")
    private List<String> settings = new ArrayList<>();

    private final Function<Path, FlinkCluster> clusterIn;
    private final PrintStream out;
    private final PrintStream err;

    private ClusterCommand(
            Function<Path, FlinkCluster> clusterIn, PrintStream out, PrintStream err) {
        this.clusterIn = clusterIn;
        this.out = out;
        this.err = err;
    }

    /** The command, printing to {@code out} and {@code err}, for the command line. */
    public static ClusterCommand printingTo(PrintStream out, PrintStream err) {
        return new ClusterCommand(FlinkCluster::in, out, err);
    }

    public static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        return run(argv, FlinkCluster::in, out, err);
    }

    /**
     * {@code clusterIn}: the cluster of a --dir (tests pass one whose processes end with the test's
     * JVM).
     */
    static int run(
            List<String> argv,
            Function<Path, FlinkCluster> clusterIn,
            PrintStream out,
            PrintStream err) {
        return Commands.run(new ClusterCommand(clusterIn, out, err), argv, out, err);
    }

    @Override
    public Integer call() {
        try {
            if (actions.size() != 1) {
                throw new UsageException(
                        actions.isEmpty()
                                ? "say start, add-taskmanager, status or stop (see --help)"
                                : "one action only, got " + actions);
            }
            if (json && !actions.get(0).equals("status")) {
                throw new UsageException("--json goes with status only");
            }
            Path root = Repository.root();
            FlinkCluster cluster =
                    clusterIn.apply(dir != null ? dir : root.resolve(FlinkCluster.DEFAULT_DIR));
            switch (actions.get(0)) {
                case "start":
                    return start(cluster, root);
                case "add-taskmanager":
                    return ClusterStart.addTaskManagers(cluster, count, out);
                case "status":
                    return status(cluster, json, out);
                case "stop":
                    return ClusterStop.stop(cluster, out);
                default:
                    throw new UsageException(
                            "unknown action '"
                                    + actions.get(0)
                                    + "': say start, add-taskmanager, status or stop");
            }
        } catch (RuntimeException e) {
            return CommandErrors.report(NAME, e, err);
        }
    }

    /**
     * The settings that {@code argv}'s options change in the source config.yaml (a usage mistake is
     * thrown).
     */
    static Map<String, String> overrides(List<String> argv) {
        ClusterCommand command = new ClusterCommand(FlinkCluster::in, System.out, System.err);
        Commands.parse(command, argv, System.out);
        return command.overrides();
    }

    /** The settings that differ from the source config.yaml, from the options. */
    private Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        for (String kv : settings) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("-D/--set must be key=value, was '" + kv + "'");
            }
            o.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        if (restPort != null) {
            o.put(RestOptions.PORT.key(), String.valueOf(restPort));
        }
        if (rpcPort != null) {
            o.put(JobManagerOptions.PORT.key(), String.valueOf(rpcPort));
        }
        if (slots != null) {
            o.put(TaskManagerOptions.NUM_TASK_SLOTS.key(), String.valueOf(slots));
        }
        if (checkpointDir != null) {
            o.put(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), checkpointDir);
        }
        if (savepointDir != null) {
            o.put(CheckpointingOptions.SAVEPOINT_DIRECTORY.key(), savepointDir);
        }
        return o;
    }

    /** {@code start}, once the options are known to go together. */
    private int start(FlinkCluster cluster, Path root) {
        Map<String, String> overrides = overrides();
        if (zooKeeperPort != null && !ha) {
            throw new UsageException(
                    "--zookeeper-port is the port of the ZooKeeper that --ha starts: give --ha"
                            + " too");
        }
        return ClusterStart.start(
                cluster,
                new ClusterStart.Request(taskManagers, overrides, confDir, ha, zooKeeperPort),
                root,
                out);
    }

    static int status(FlinkCluster cluster, PrintStream out) {
        return status(cluster, false, out);
    }

    /**
     * Prints the cluster's status, as text or as one JSON object; exit 0 when it runs and answers
     * (see {@link ClusterStatus#exitCode()}).
     */
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

    /** The actions, for the completion. */
    public static final class Actions extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        public Actions() {
            super(List.of("start", "add-taskmanager", "status", "stop"));
        }
    }
}
