package io.orderflow.testkit.cluster;

import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.StateDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;

/**
 * A standalone Flink session cluster made of separate JVMs, started the way Flink's own scripts
 * ({@code jobmanager.sh}, {@code taskmanager.sh}, {@code flink-daemon.sh}) start them, from the
 * Flink runtime jars of this build instead of a {@code lib/} folder. Everything lives in one
 * folder:
 *
 * <pre>
 * conf/    config.yaml (flink-conf/config.yaml with the ports and folders asked for) and log4j.properties
 * log/     jobmanager.log|.out, taskmanager-N.log|.out, flink-client.log (the previous start's in log.1/)
 * pids/    jobmanager.pid, taskmanager-N.pid
 * tmp/     io.tmp.dirs: RocksDB working folders and spilled data
 * zookeeper/, ha/   with high availability: the ZooKeeper server ({@link ZooKeeperServer}) and the HA storage
 * </pre>
 *
 * The JVM options and memory settings come from {@code BashJavaUtils GET_JM_RESOURCE_PARAMS} and
 * {@code GET_TM_RESOURCE_PARAMS}, as the scripts get them; {@code env.java.opts.*} from the
 * configuration. The cluster's class path holds Flink and its dependencies only: job code reaches
 * the cluster in the submitted jar, as on any Flink installation.
 */
public final class FlinkCluster {

    public static final Path DEFAULT_DIR = StateDirs.of("cluster");
    public static final String JOBMANAGER_CLASS =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";

    /**
     * What {@code standalone-job.sh} starts: a JobManager that runs one application's main itself.
     */
    public static final String APPLICATION_CLASS =
            "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";

    public static final String TASKMANAGER_CLASS =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    public static final String JOBMANAGER = "jobmanager";
    public static final String TASKMANAGER_PREFIX = "taskmanager-";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** A JobManager or TaskManager process of this cluster. */
    public record Daemon(String name, long pid, Path log) {
        public Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        }

        public boolean isTaskManager() {
            return name.startsWith(TASKMANAGER_PREFIX);
        }
    }

    private final Path dir;
    private final ClusterProcesses processes;
    private final DaemonLauncher launcher;
    private final ZooKeeperServer zooKeeper;

    private FlinkCluster(Path dir, boolean outliveJvm) {
        this.dir = dir.toAbsolutePath().normalize();
        this.processes = new ClusterProcesses(this.dir, outliveJvm);
        this.launcher = new DaemonLauncher(confDir(), processes);
        this.zooKeeper = new ZooKeeperServer(this.dir.resolve("zookeeper"), outliveJvm);
    }

    /**
     * The cluster in {@code dir}; processes it starts keep running after this JVM exits (the CLI).
     */
    public static FlinkCluster in(Path dir) {
        return new FlinkCluster(dir, true);
    }

    /** The cluster in {@code dir}; processes it starts are killed when this JVM exits (tests). */
    public static FlinkCluster ownedBy(Path dir) {
        return new FlinkCluster(dir, false);
    }

    public Path dir() {
        return dir;
    }

    public Path confDir() {
        return dir.resolve("conf");
    }

    public Path logDir() {
        return processes.logDir();
    }

    /** The ZooKeeper server of a cluster with high availability (whether or not it runs). */
    public ZooKeeperServer zooKeeper() {
        return zooKeeper;
    }

    /**
     * Where the JobManager keeps job graphs, jars and checkpoint metadata with high availability.
     */
    public Path haStorageDir() {
        return dir.resolve("ha");
    }

    // ---- configuration ----

    /**
     * Writes {@code conf/}: {@code sourceConfDir}'s config.yaml with {@code overrides} (each
     * replaced key is kept as a comment), its log4j.properties, and {@code io.tmp.dirs} inside this
     * folder unless the source or the overrides set it.
     */
    public void writeConfiguration(Path sourceConfDir, Map<String, String> overrides) {
        Path source = sourceConfDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME);
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException(
                    "no " + source + ": the cluster is configured from a folder with config.yaml");
        }
        Map<String, String> settings = new LinkedHashMap<>(overrides);
        Configuration sourceConfig =
                GlobalConfiguration.loadConfiguration(sourceConfDir.toString());
        if (!sourceConfig.containsKey(CoreOptions.TMP_DIRS.key())
                && !settings.containsKey(CoreOptions.TMP_DIRS.key())) {
            settings.put(CoreOptions.TMP_DIRS.key(), dir.resolve("tmp").toString());
        }
        try {
            Files.createDirectories(logDir());
            Files.createDirectories(processes.pidDir());
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the cluster's folders in " + dir + ": " + e.getMessage(), e);
        }
        ClusterConfigFile.write(sourceConfDir, confDir(), sourceConfig, settings);
    }

    /** The effective configuration in {@code conf/}. */
    public Configuration configuration() {
        if (!Files.isRegularFile(confDir().resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
            throw new IllegalStateException(
                    "no cluster configuration in " + confDir() + ": start the cluster first");
        }
        return GlobalConfiguration.loadConfiguration(confDir().toString());
    }

    /** The REST API and web UI, from the configuration. */
    public URI restAddress() {
        Configuration c = configuration();
        String host = c.get(RestOptions.ADDRESS, "localhost");
        return URI.create("http://" + host + ":" + c.get(RestOptions.PORT) + "/");
    }

    public RestClient rest() {
        return new RestClient(restAddress());
    }

    // ---- processes ----

    /** The live JobManager of this folder, if any. */
    public Optional<Daemon> jobManager() {
        return processes.liveDaemon(JOBMANAGER, JOBMANAGER_CLASS);
    }

    /** The live TaskManagers of this folder, by index. */
    public List<Daemon> taskManagers() {
        List<Daemon> live = new ArrayList<>();
        for (int index : processes.taskManagerIndexes()) {
            processes
                    .liveDaemon(TASKMANAGER_PREFIX + index, TASKMANAGER_CLASS)
                    .ifPresent(live::add);
        }
        return live;
    }

    /**
     * TaskManagers with a pid file whose process is gone (killed, crashed); their pid files are
     * then removed.
     */
    public List<String> forgetGoneTaskManagers() {
        List<String> gone = new ArrayList<>();
        for (int index : processes.taskManagerIndexes()) {
            String name = TASKMANAGER_PREFIX + index;
            if (processes.hasPidFile(name)
                    && processes.liveDaemon(name, TASKMANAGER_CLASS).isEmpty()) {
                gone.add(
                        name
                                + " (pid "
                                + processes.readPid(name).map(String::valueOf).orElse("?")
                                + ")");
                processes.forget(name);
            }
        }
        return gone;
    }

    /**
     * Starts the JobManager of a fresh cluster (the previous start's logs move to log.1/) and waits
     * until its REST API answers. Fails with a clear message when a port it needs is taken, and
     * with the tail of its log when it does not come up.
     */
    public Daemon startJobManager() {
        requireNoJobManager();
        processes.rotateLogs();
        return launchJobManager();
    }

    /**
     * Starts the JobManager again beside the TaskManagers that still run (it died or was killed),
     * with the same configuration, and waits until its REST API answers. With high availability it
     * recovers the cluster's jobs from ZooKeeper and their latest checkpoints; the TaskManagers
     * find it through ZooKeeper and register again.
     */
    public Daemon restartJobManager() {
        requireNoJobManager();
        return launchJobManager();
    }

    private void requireNoJobManager() {
        Optional<Daemon> running = jobManager();
        if (running.isPresent()) {
            throw new IllegalStateException(
                    "a JobManager of " + dir + " already runs (pid " + running.get().pid() + ")");
        }
    }

    private Daemon launchJobManager() {
        return launcher.sessionJobManager(configuration(), rest());
    }

    /**
     * Starts a JobManager in application mode, as Flink's {@code standalone-job.sh} does: it runs
     * {@code jobClass}'s {@code main} with {@code programArgs} from {@code userJar} inside itself,
     * and waits until its REST API answers. {@code dynamic}: extra {@code -D key=value} settings.
     */
    public Daemon startApplicationJobManager(
            Path userJar, String jobClass, Map<String, String> dynamic, List<String> programArgs) {
        return launcher.applicationJobManager(
                configuration(), rest(), userJar, jobClass, dynamic, programArgs);
    }

    /**
     * Starts {@code count} TaskManagers and waits until all of them registered with the JobManager.
     */
    public List<Daemon> startTaskManagers(int count) {
        if (jobManager().isEmpty()) {
            throw new IllegalStateException(
                    "no JobManager runs in " + dir + ": start the cluster first");
        }
        return launcher.taskManagers(configuration(), rest(), count);
    }

    /**
     * Kills a process of this cluster at once (SIGKILL, as {@code kill -9}) and waits until it is
     * gone.
     */
    public void kill(Daemon daemon) {
        Optional<ProcessHandle> p = daemon.process();
        if (p.isPresent()) {
            p.get().destroyForcibly();
            try {
                p.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "could not kill " + daemon.name() + " (pid " + daemon.pid() + ")", e);
            }
        }
    }

    /**
     * Stops TaskManagers, then the JobManager, then ZooKeeper when it runs: SIGTERM, and SIGKILL
     * after {@link #STOP_GRACE}. Returns one line per process stopped. ZooKeeper's data and the HA
     * storage stay.
     */
    public List<String> stop() {
        List<String> report = new ArrayList<>();
        for (Daemon tm : taskManagers()) {
            report.add(processes.stop(tm, STOP_GRACE));
        }
        forgetGoneTaskManagers();
        jobManager().ifPresent(jm -> report.add(processes.stop(jm, STOP_GRACE)));
        processes.forget(JOBMANAGER);
        processes.removeShutdownHook();
        zooKeeper.stop().ifPresent(report::add);
        return report;
    }
}
