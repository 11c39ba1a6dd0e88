package io.orderflow.testkit.cluster;

import io.orderflow.testkit.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVMs of one cluster folder, as Flink's {@code flink-daemon.sh} keeps them: each started with
 * the cluster's class path and configuration, its pid in {@code pids/NAME.pid}, its log in {@code
 * log/NAME.log} and its console in {@code log/NAME.out}. A pid counts only while its process runs
 * the expected main class with this folder's configuration.
 */
final class ClusterProcesses {

    private static final Pattern TASKMANAGER_FILE =
            Pattern.compile(
                    Pattern.quote(FlinkCluster.TASKMANAGER_PREFIX) + "(\\d+)\\.(pid|log|out)");
    private static final int LOG_TAIL_LINES = 30;

    private final Path dir;
    private final boolean outliveJvm;
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private Thread shutdownHook;

    ClusterProcesses(Path dir, boolean outliveJvm) {
        this.dir = dir;
        this.outliveJvm = outliveJvm;
    }

    Path confDir() {
        return dir.resolve("conf");
    }

    Path logDir() {
        return dir.resolve("log");
    }

    Path pidDir() {
        return dir.resolve("pids");
    }

    Path logFile(String name) {
        return logDir().resolve(name + ".log");
    }

    /**
     * Starts {@code mainClass} as {@code name}, its console appended to {@code log/NAME.out}.
     * {@code userClasspath}: put after the cluster's class path (an application's jar), or null.
     */
    Process launch(
            String name,
            String mainClass,
            List<String> jvmOptions,
            List<String> args,
            String userClasspath) {
        Path log = logFile(name);
        Path out = logDir().resolve(name + ".out");
        List<String> cmd = new ArrayList<>();
        File setsid = new File("/usr/bin/setsid");
        if (outliveJvm && setsid.canExecute()) {
            // Its own session: closing the terminal that started the cluster leaves it running.
            cmd.add(setsid.getPath());
        }
        cmd.add(FlinkLaunchParameters.javaBinary());
        cmd.addAll(jvmOptions);
        String log4j = "file:" + confDir().resolve("log4j.properties");
        cmd.addAll(
                List.of(
                        "-Dlog.file=" + log,
                        "-Dlog4j.configuration=" + log4j,
                        "-Dlog4j.configurationFile=" + log4j));
        String classpath = FlinkClasspath.get();
        cmd.addAll(
                List.of(
                        "-classpath",
                        userClasspath == null
                                ? classpath
                                : classpath + File.pathSeparator + userClasspath,
                        mainClass));
        cmd.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
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

    Optional<FlinkCluster.Daemon> liveDaemon(String name, String mainClass) {
        return readPid(name)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> isProcessOf(p, mainClass))
                .map(p -> new FlinkCluster.Daemon(name, p.pid(), logFile(name)));
    }

    /**
     * True when the process runs {@code mainClass} with this cluster's configuration (or the OS
     * does not say).
     */
    private boolean isProcessOf(ProcessHandle process, String mainClass) {
        Optional<String[]> args = process.info().arguments();
        if (args.isEmpty()) {
            return true;
        }
        List<String> list = List.of(args.get());
        return list.contains(mainClass) && list.contains(confDir().toString());
    }

    /**
     * Stops a process (SIGTERM, SIGKILL after {@code grace}) and forgets its pid; one line saying
     * how it went.
     */
    String stop(FlinkCluster.Daemon d, Duration grace) {
        boolean graceful = d.process().map(p -> ChildProcesses.stop(p, grace)).orElse(true);
        forget(d.name());
        return d.name()
                + " (pid "
                + d.pid()
                + ") "
                + (graceful
                        ? "stopped"
                        : "did not stop within " + grace.toSeconds() + " s and was killed");
    }

    boolean hasPidFile(String name) {
        return Files.exists(pidFile(name));
    }

    Optional<Long> readPid(String name) {
        Path file = pidFile(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void forget(String name) {
        deleteQuietly(pidFile(name));
    }

    List<Integer> taskManagerIndexes() {
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

    /**
     * One more than any TaskManager index in pids/ or log/, so that names and logs are never
     * reused.
     */
    int nextTaskManagerIndex() {
        int max = 0;
        for (Path folder : List.of(pidDir(), logDir())) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                max =
                        Math.max(
                                max,
                                files.map(f -> TASKMANAGER_FILE.matcher(f.getFileName().toString()))
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

    /**
     * Keeps the previous start's logs in log.1/, so a fresh cluster numbers its TaskManagers from
     * 1.
     */
    void rotateLogs() {
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
                pids.forEach(ClusterProcesses::deleteQuietly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the logs in " + dir, e);
        }
    }

    IllegalStateException startFailure(String name, String what) {
        Path out = logDir().resolve(name + ".out");
        return new IllegalStateException(
                "Flink "
                        + name
                        + " in "
                        + dir
                        + " "
                        + what
                        + System.lineSeparator()
                        + "--- last lines of "
                        + logFile(name)
                        + " ---"
                        + System.lineSeparator()
                        + ChildProcesses.tail(logFile(name), LOG_TAIL_LINES)
                        + System.lineSeparator()
                        + "--- last lines of "
                        + out
                        + " ---"
                        + System.lineSeparator()
                        + ChildProcesses.tail(out, LOG_TAIL_LINES));
    }

    /** Waits at most {@code d} for the process to exit: a pause that ends early when it dies. */
    static void waitFor(Process process, Duration d) {
        try {
            process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    synchronized void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook runs anyway
            }
            shutdownHook = null;
        }
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

    private synchronized void addShutdownHook() {
        if (shutdownHook == null) {
            shutdownHook =
                    new Thread(
                            () -> started.forEach(Process::destroyForcibly),
                            "flink-cluster-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
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
