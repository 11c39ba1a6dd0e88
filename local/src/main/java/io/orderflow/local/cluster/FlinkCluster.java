package io.orderflow.local.cluster;

import io.orderflow.local.kafka.KafkaBroker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
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
 * </pre>
 *
 * The JVM options and memory settings come from {@code BashJavaUtils GET_JM_RESOURCE_PARAMS} and
 * {@code GET_TM_RESOURCE_PARAMS}, as the scripts get them; {@code env.java.opts.*} from the
 * configuration. The cluster's class path holds Flink and its dependencies only: job code reaches the
 * cluster in the submitted jar, as on any Flink installation.
 */
public final class FlinkCluster {

    public static final Path DEFAULT_DIR = Path.of(".orderflow", "cluster");
    public static final String JOBMANAGER_CLASS = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    /** What {@code standalone-job.sh} starts: a JobManager that runs one application's main itself. */
    public static final String APPLICATION_CLASS = "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";
    public static final String TASKMANAGER_CLASS = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    public static final String JOBMANAGER = "jobmanager";
    public static final String TASKMANAGER_PREFIX = "taskmanager-";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    static final String EXECUTION_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String RUNTIME_CLASSPATH = "local/target/runtime.classpath";
    private static final Pattern TASKMANAGER_FILE = Pattern.compile(Pattern.quote(TASKMANAGER_PREFIX) + "(\\d+)\\.(pid|log|out)");
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("^([A-Za-z0-9_.\\-]+)\\s*:.*$");
    private static final int LOG_TAIL_LINES = 30;

    /**
     * Jars of this build that a Flink installation's {@code lib/} does not have: our own modules, the
     * Kafka connector and client (they travel inside the job's fat jar), Jackson, and the Kafka
     * broker with its dependencies (the local runtime's, not Flink's).
     */
    private static final List<String> NOT_FLINK = List.of(
            "/io/orderflow/", "/org/apache/flink/flink-connector-kafka/", "/org/apache/kafka/", "/com/fasterxml/jackson/",
            "/org/scala-lang/", "/com/typesafe/scala-logging/", "/org/pcollections/", "/org/hdrhistogram/", "/com/dynatrace/",
            "/com/github/ben-manes/", "/org/jspecify/", "/net/sourceforge/argparse4j/", "/commons-validator/",
            "/commons-beanutils/", "/commons-digester/", "/commons-logging/", "/net/sf/jopt-simple/", "/org/bitbucket/b_c/",
            "/com/yammer/", "/com/google/re2j/", "/org/yaml/snakeyaml/", "/com/github/luben/");

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
    private final boolean outliveJvm;
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private Thread shutdownHook;

    private FlinkCluster(Path dir, boolean outliveJvm) {
        this.dir = dir.toAbsolutePath().normalize();
        this.outliveJvm = outliveJvm;
    }

    /** The cluster in {@code dir}; processes it starts keep running after this JVM exits (the CLI). */
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
        return dir.resolve("log");
    }

    private Path pidDir() {
        return dir.resolve("pids");
    }

    // ---- configuration ----

    /**
     * Writes {@code conf/}: {@code sourceConfDir}'s config.yaml with {@code overrides} (each replaced
     * key is kept as a comment), its log4j.properties, and {@code io.tmp.dirs} inside this folder
     * unless the source or the overrides set it.
     */
    public void writeConfiguration(Path sourceConfDir, Map<String, String> overrides) {
        Path source = sourceConfDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME);
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("no " + source + ": the cluster is configured from a folder with config.yaml");
        }
        Map<String, String> settings = new LinkedHashMap<>(overrides);
        Configuration sourceConfig = GlobalConfiguration.loadConfiguration(sourceConfDir.toString());
        if (!sourceConfig.containsKey(CoreOptions.TMP_DIRS.key()) && !settings.containsKey(CoreOptions.TMP_DIRS.key())) {
            settings.put(CoreOptions.TMP_DIRS.key(), dir.resolve("tmp").toString());
        }
        try {
            Files.createDirectories(confDir());
            Files.createDirectories(logDir());
            Files.createDirectories(pidDir());
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(confDir().resolve(GlobalConfiguration.FLINK_CONF_FILENAME),
                    withOverrides(Files.readString(source, StandardCharsets.UTF_8), settings, source), StandardCharsets.UTF_8);
            Configuration written = configuration();
            boolean applied = settings.entrySet().stream().allMatch(e -> e.getValue().equals(written.toMap().get(e.getKey())));
            if (!applied) {
                // A nested (non-flat) config.yaml: write every setting flat instead, comments lost.
                sourceConfig.addAll(Configuration.fromMap(settings));
                Files.write(confDir().resolve(GlobalConfiguration.FLINK_CONF_FILENAME),
                        ConfigurationUtils.convertConfigToWritableLines(sourceConfig, false), StandardCharsets.UTF_8);
            }
            for (String log4j : List.of("log4j.properties", "log4j-cli.properties")) {
                Path from = sourceConfDir.resolve(log4j);
                if (Files.isRegularFile(from)) {
                    Files.copy(from, confDir().resolve(log4j), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster configuration in " + confDir() + ": " + e.getMessage(), e);
        }
    }

    static String withOverrides(String yaml, Map<String, String> overrides, Path source) {
        StringBuilder out = new StringBuilder("# Written by ./orderflow cluster start from " + source + ";\n"
                + "# the settings it was asked to change are at the end. Rewritten on every start.\n");
        for (String line : yaml.split("\r?\n", -1)) {
            Matcher m = TOP_LEVEL_KEY.matcher(line);
            if (m.matches() && overrides.containsKey(m.group(1))) {
                out.append("# ").append(line).append("    (set below)\n");
            } else {
                out.append(line).append('\n');
            }
        }
        if (!overrides.isEmpty()) {
            out.append("\n# ---- set by ./orderflow cluster start ----\n");
            overrides.forEach((k, v) -> out.append(k).append(": ").append(yamlScalar(v)).append('\n'));
        }
        return out.toString();
    }

    private static String yamlScalar(String value) {
        boolean plain = value.matches("[A-Za-z0-9_./=+,@~\\-][A-Za-z0-9_./:=+,@~\\- ]*") && !value.contains(": ") && !value.endsWith(" ");
        return plain ? value : "'" + value.replace("'", "''") + "'";
    }

    /** The effective configuration in {@code conf/}. */
    public Configuration configuration() {
        if (!Files.isRegularFile(confDir().resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
            throw new IllegalStateException("no cluster configuration in " + confDir() + ": start the cluster first");
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
        return liveDaemon(JOBMANAGER, JOBMANAGER_CLASS);
    }

    /** The live TaskManagers of this folder, by index. */
    public List<Daemon> taskManagers() {
        List<Daemon> live = new ArrayList<>();
        for (int index : taskManagerIndexes()) {
            liveDaemon(TASKMANAGER_PREFIX + index, TASKMANAGER_CLASS).ifPresent(live::add);
        }
        return live;
    }

    /** TaskManagers with a pid file whose process is gone (killed, crashed); their pid files are then removed. */
    public List<String> forgetGoneTaskManagers() {
        List<String> gone = new ArrayList<>();
        for (int index : taskManagerIndexes()) {
            String name = TASKMANAGER_PREFIX + index;
            if (Files.exists(pidFile(name)) && liveDaemon(name, TASKMANAGER_CLASS).isEmpty()) {
                gone.add(name + " (pid " + readPid(name).map(String::valueOf).orElse("?") + ")");
                deleteQuietly(pidFile(name));
            }
        }
        return gone;
    }

    /**
     * Starts the JobManager and waits until its REST API answers. Fails with a clear message when a
     * port it needs is taken, and with the tail of its log when it does not come up.
     */
    public Daemon startJobManager() {
        if (jobManager().isPresent()) {
            throw new IllegalStateException("a JobManager of " + dir + " already runs (pid " + jobManager().get().pid() + ")");
        }
        Configuration conf = configuration();
        requirePortFree(conf.get(RestOptions.BIND_ADDRESS, conf.get(RestOptions.ADDRESS, "localhost")),
                conf.get(RestOptions.BIND_PORT, String.valueOf(conf.get(RestOptions.PORT))), "REST API and web UI (rest.port)", "--rest-port");
        requirePortFree(conf.get(JobManagerOptions.BIND_HOST, conf.get(JobManagerOptions.ADDRESS, "localhost")),
                String.valueOf(conf.get(JobManagerOptions.PORT)), "JobManager RPC (jobmanager.rpc.port)", "--rpc-port");
        rotateLogs();
        ResourceParams params = resourceParams("GET_JM_RESOURCE_PARAMS");
        List<String> jvm = new ArrayList<>(params.jvm());
        jvm.addAll(javaOptions(conf, List.of(CoreOptions.FLINK_DEFAULT_JM_JVM_OPTIONS, CoreOptions.FLINK_JM_JVM_OPTIONS)));
        List<String> args = new ArrayList<>(List.of("--configDir", confDir().toString(), "--executionMode", "cluster"));
        args.addAll(params.dynamic());
        Process process = launch(JOBMANAGER, JOBMANAGER_CLASS, jvm, args);
        RestClient rest = rest();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!rest.answers()) {
            if (!process.isAlive()) {
                throw startFailure(JOBMANAGER, "exited with code " + process.exitValue() + " while starting");
            }
            if (System.nanoTime() > deadline) {
                throw startFailure(JOBMANAGER, "did not answer at " + rest.base() + " within " + START_TIMEOUT.toSeconds() + " s");
            }
            waitFor(process, Duration.ofMillis(200));
        }
        return new Daemon(JOBMANAGER, process.pid(), logFile(JOBMANAGER));
    }

    /**
     * Starts a JobManager in application mode, as Flink's {@code standalone-job.sh} does: it runs
     * {@code jobClass}'s {@code main} with {@code programArgs} from {@code userJar} inside itself,
     * and waits until its REST API answers. {@code dynamic}: extra {@code -D key=value} settings.
     */
    public Daemon startApplicationJobManager(Path userJar, String jobClass, Map<String, String> dynamic, List<String> programArgs) {
        Configuration conf = configuration();
        ResourceParams params = resourceParams("GET_JM_RESOURCE_PARAMS");
        List<String> jvm = new ArrayList<>(params.jvm());
        jvm.addAll(javaOptions(conf, List.of(CoreOptions.FLINK_DEFAULT_JM_JVM_OPTIONS, CoreOptions.FLINK_JM_JVM_OPTIONS)));
        List<String> args = new ArrayList<>(List.of("--configDir", confDir().toString(), "--job-classname", jobClass));
        args.addAll(params.dynamic());
        dynamic.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
        args.addAll(programArgs);
        Process process = launch(JOBMANAGER, APPLICATION_CLASS, jvm, args, userJar.toString());
        RestClient rest = rest();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!rest.answers()) {
            if (!process.isAlive()) {
                throw startFailure(JOBMANAGER, "exited with code " + process.exitValue() + " while starting");
            }
            if (System.nanoTime() > deadline) {
                throw startFailure(JOBMANAGER, "did not answer at " + rest.base() + " within " + START_TIMEOUT.toSeconds() + " s");
            }
            waitFor(process, Duration.ofMillis(200));
        }
        return new Daemon(JOBMANAGER, process.pid(), logFile(JOBMANAGER));
    }

    /** Starts {@code count} TaskManagers and waits until all of them registered with the JobManager. */
    public List<Daemon> startTaskManagers(int count) {
        if (jobManager().isEmpty()) {
            throw new IllegalStateException("no JobManager runs in " + dir + ": start the cluster first");
        }
        Configuration conf = configuration();
        ResourceParams params = resourceParams("GET_TM_RESOURCE_PARAMS");
        List<String> envOptions = javaOptions(conf, List.of(CoreOptions.FLINK_DEFAULT_TM_JVM_OPTIONS, CoreOptions.FLINK_TM_JVM_OPTIONS));
        Map<String, Process> launched = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = TASKMANAGER_PREFIX + nextTaskManagerIndex();
            List<String> jvm = new ArrayList<>();
            if (envOptions.isEmpty()) {
                jvm.add("-XX:+UseG1GC"); // taskmanager.sh: G1 when no JVM options are set
            }
            jvm.addAll(params.jvm());
            jvm.addAll(envOptions);
            List<String> args = new ArrayList<>(List.of("--configDir", confDir().toString()));
            args.addAll(params.dynamic());
            // A resource id that names the process, so REST's TaskManagers map to pids and logs.
            args.addAll(List.of("-D", "taskmanager.resource-id=" + name));
            launched.put(name, launch(name, TASKMANAGER_CLASS, jvm, args));
        }
        awaitRegistered(launched);
        List<Daemon> daemons = new ArrayList<>();
        launched.forEach((name, p) -> daemons.add(new Daemon(name, p.pid(), logFile(name))));
        return daemons;
    }

    private void awaitRegistered(Map<String, Process> launched) {
        RestClient rest = rest();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            for (Map.Entry<String, Process> e : launched.entrySet()) {
                if (!e.getValue().isAlive()) {
                    throw startFailure(e.getKey(), "exited with code " + e.getValue().exitValue() + " while starting");
                }
            }
            try {
                Set<String> registered = new java.util.HashSet<>();
                rest.taskManagers().forEach(tm -> registered.add(tm.id()));
                if (registered.containsAll(launched.keySet())) {
                    return;
                }
            } catch (IOException e) {
                // the JobManager may be busy; try again until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for TaskManagers to register", e);
            }
            if (System.nanoTime() > deadline) {
                throw startFailure(launched.keySet().iterator().next(),
                        "did not register with the JobManager within " + START_TIMEOUT.toSeconds() + " s");
            }
            waitFor(launched.values().iterator().next(), Duration.ofMillis(200));
        }
    }

    /** Kills a process of this cluster at once (SIGKILL, as {@code kill -9}) and waits until it is gone. */
    public void kill(Daemon daemon) {
        Optional<ProcessHandle> p = daemon.process();
        if (p.isPresent()) {
            p.get().destroyForcibly();
            try {
                p.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not kill " + daemon.name() + " (pid " + daemon.pid() + ")", e);
            }
        }
    }

    /**
     * Stops TaskManagers, then the JobManager: SIGTERM, and SIGKILL after {@link #STOP_GRACE}.
     * Returns one line per process stopped.
     */
    public List<String> stop() {
        List<String> report = new ArrayList<>();
        for (Daemon tm : taskManagers()) {
            report.add(stopDaemon(tm));
        }
        forgetGoneTaskManagers();
        jobManager().ifPresent(jm -> report.add(stopDaemon(jm)));
        deleteQuietly(pidFile(JOBMANAGER));
        removeShutdownHook();
        return report;
    }

    private String stopDaemon(Daemon d) {
        boolean graceful = d.process().map(p -> KafkaBroker.stopProcess(p, STOP_GRACE)).orElse(true);
        deleteQuietly(pidFile(d.name()));
        return d.name() + " (pid " + d.pid() + ") " + (graceful ? "stopped" : "did not stop within " + STOP_GRACE.toSeconds() + " s and was killed");
    }

    // ---- class path and Flink's launch parameters ----

    /**
     * The class path of the cluster's JVMs and of Flink's CLI: the local module's runtime class path
     * without what a Flink installation does not have (see {@link #NOT_FLINK}).
     */
    public static String clusterClasspath() {
        Path file = repositoryRoot().resolve(RUNTIME_CLASSPATH);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + ": build first (mvn -o -q -DskipTests install, or any ./orderflow command)");
        }
        String all;
        try {
            all = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> kept = new ArrayList<>();
        for (String entry : all.split(File.pathSeparator)) {
            String unix = entry.replace(File.separatorChar, '/');
            if (!entry.isBlank() && NOT_FLINK.stream().noneMatch(unix::contains)) {
                kept.add(entry);
            }
        }
        if (kept.stream().noneMatch(e -> e.contains("flink-runtime"))) {
            throw new IllegalStateException(file + " has no flink-runtime jar: rebuild the local module");
        }
        return String.join(File.pathSeparator, kept);
    }

    /** $ORDERFLOW_HOME, else the nearest folder up from here with flink-conf/config.yaml, else here. */
    public static Path repositoryRoot() {
        String home = System.getenv("ORDERFLOW_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath().normalize();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("flink-conf").resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
                return p;
            }
        }
        return here;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code env.java.default-opts.all}, {@code env.java.opts.all}, then the role's two, split as a shell splits them. */
    static List<String> javaOptions(Configuration conf, List<ConfigOption<String>> roleOptions) {
        List<ConfigOption<String>> all = new ArrayList<>(List.of(CoreOptions.FLINK_DEFAULT_JVM_OPTIONS, CoreOptions.FLINK_JVM_OPTIONS));
        all.addAll(roleOptions);
        List<String> options = new ArrayList<>();
        for (ConfigOption<String> option : all) {
            String value = conf.get(option);
            if (value != null) {
                for (String word : value.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        options.add(word);
                    }
                }
            }
        }
        return options;
    }

    /** The two result lines of BashJavaUtils: JVM parameters, and dynamic configuration (-D k=v ...). */
    record ResourceParams(List<String> jvm, List<String> dynamic) {}

    /**
     * Runs {@code BashJavaUtils <command> --configDir conf} and splits its result the way Flink's
     * {@code config.sh} does: only lines after the {@value #EXECUTION_PREFIX} prefix count; there must
     * be two, JVM parameters first, dynamic configuration last.
     */
    ResourceParams resourceParams(String command) {
        List<String> cmd = List.of(javaBinary(), "-classpath", clusterClasspath(), BASH_JAVA_UTILS, command, "--configDir", confDir().toString());
        String output;
        int exit;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("BashJavaUtils " + command + " did not finish within 60 s");
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run BashJavaUtils " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running BashJavaUtils", e);
        }
        List<String> results = output.lines().filter(l -> l.contains(EXECUTION_PREFIX))
                .map(l -> l.substring(l.indexOf(EXECUTION_PREFIX) + EXECUTION_PREFIX.length()).trim()).toList();
        if (exit != 0 || results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " --configDir " + confDir() + " gave "
                    + (exit != 0 ? "exit code " + exit : results.size() + " result lines, not 2") + ":\n" + output.strip());
        }
        return new ResourceParams(words(results.get(0)), words(results.get(1)));
    }

    private static List<String> words(String line) {
        return line.isBlank() ? List.of() : List.of(line.trim().split("\\s+"));
    }

    // ---- internals ----

    private Process launch(String name, String mainClass, List<String> jvmOptions, List<String> args) {
        return launch(name, mainClass, jvmOptions, args, null);
    }

    /** {@code userClasspath}: put after the cluster's class path (an application's jar), or null. */
    private Process launch(String name, String mainClass, List<String> jvmOptions, List<String> args, String userClasspath) {
        Path log = logFile(name);
        Path out = logDir().resolve(name + ".out");
        List<String> cmd = new ArrayList<>();
        File setsid = new File("/usr/bin/setsid");
        if (outliveJvm && setsid.canExecute()) {
            // Its own session: closing the terminal that started the cluster leaves it running.
            cmd.add(setsid.getPath());
        }
        cmd.add(javaBinary());
        cmd.addAll(jvmOptions);
        String log4j = "file:" + confDir().resolve("log4j.properties");
        cmd.addAll(List.of("-Dlog.file=" + log, "-Dlog4j.configuration=" + log4j, "-Dlog4j.configurationFile=" + log4j));
        String classpath = userClasspath == null ? clusterClasspath() : clusterClasspath() + File.pathSeparator + userClasspath;
        cmd.addAll(List.of("-classpath", classpath, mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(out.toFile()));
        pb.environment().put("FLINK_CONF_DIR", confDir().toString());
        File devNull = new File("/dev/null");
        if (devNull.exists()) {
            pb.redirectInput(Redirect.from(devNull));
        }
        try {
            Process process = pb.start();
            writePid(name, process.pid());
            if (!outliveJvm) {
                started.add(process);
                addShutdownHook();
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    private Optional<Daemon> liveDaemon(String name, String mainClass) {
        return readPid(name)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> isProcessOf(p, mainClass))
                .map(p -> new Daemon(name, p.pid(), logFile(name)));
    }

    /** True when the process runs {@code mainClass} with this cluster's configuration (or the OS does not say). */
    private boolean isProcessOf(ProcessHandle process, String mainClass) {
        Optional<String[]> args = process.info().arguments();
        if (args.isEmpty()) {
            return true;
        }
        List<String> list = List.of(args.get());
        return list.contains(mainClass) && list.contains(confDir().toString());
    }

    private List<Integer> taskManagerIndexes() {
        if (!Files.isDirectory(pidDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(pidDir())) {
            return files.map(f -> TASKMANAGER_FILE.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pidDir(), e);
        }
    }

    /** One more than any TaskManager index in pids/ or log/, so that names and logs are never reused. */
    private int nextTaskManagerIndex() {
        int max = 0;
        for (Path folder : List.of(pidDir(), logDir())) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                max = Math.max(max, files.map(f -> TASKMANAGER_FILE.matcher(f.getFileName().toString()))
                        .filter(Matcher::matches)
                        .mapToInt(m -> Integer.parseInt(m.group(1)))
                        .max()
                        .orElse(0));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        return max + 1;
    }

    /** Keeps the previous start's logs in log.1/, so a fresh cluster numbers its TaskManagers from 1. */
    private void rotateLogs() {
        try {
            Path previous = dir.resolve("log.1");
            if (Files.isDirectory(logDir())) {
                try (Stream<Path> files = Files.list(logDir())) {
                    if (files.findAny().isEmpty()) {
                        return;
                    }
                }
                if (Files.exists(previous)) {
                    try (Stream<Path> old = Files.walk(previous)) {
                        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                Files.move(logDir(), previous);
            }
            Files.createDirectories(logDir());
            try (Stream<Path> pids = Files.list(pidDir())) {
                pids.forEach(FlinkCluster::deleteQuietly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the logs in " + dir, e);
        }
    }

    private Path logFile(String name) {
        return logDir().resolve(name + ".log");
    }

    private Path pidFile(String name) {
        return pidDir().resolve(name + ".pid");
    }

    private void writePid(String name, long pid) {
        try {
            Files.createDirectories(pidDir());
            Files.writeString(pidFile(name), pid + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile(name), e);
        }
    }

    private Optional<Long> readPid(String name) {
        Path file = pidFile(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private IllegalStateException startFailure(String name, String what) {
        Path out = logDir().resolve(name + ".out");
        return new IllegalStateException("Flink " + name + " in " + dir + " " + what + System.lineSeparator()
                + "--- last lines of " + logFile(name) + " ---" + System.lineSeparator() + KafkaBroker.tail(logFile(name), LOG_TAIL_LINES)
                + System.lineSeparator() + "--- last lines of " + out + " ---" + System.lineSeparator() + KafkaBroker.tail(out, LOG_TAIL_LINES));
    }

    private static void requirePortFree(String host, String port, String what, String option) {
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            return; // a range such as 8081-8090: Flink picks a free one
        }
        if (p == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), p), 1);
        } catch (IOException e) {
            throw new IllegalStateException("port " + p + " on " + host + " for the " + what
                    + " is already in use (another Flink cluster or web UI?): choose a free one with " + option);
        }
    }

    private static void waitFor(Process process, Duration d) {
        try {
            process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private synchronized void addShutdownHook() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> started.forEach(Process::destroyForcibly), "flink-cluster-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    private synchronized void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook runs anyway
            }
            shutdownHook = null;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a pid file that stays is checked against the live process anyway
        }
    }
}
