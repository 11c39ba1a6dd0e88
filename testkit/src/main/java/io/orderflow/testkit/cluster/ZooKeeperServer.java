package io.orderflow.testkit.cluster;

import io.orderflow.testkit.ChildProcesses;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.kafka.KafkaBroker;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The ZooKeeper server of a cluster with high availability: one standalone server, a child process
 * started from the {@code org.apache.zookeeper} jars ({@code ZooKeeperServerMain zoo.cfg}, what
 * ZooKeeper's {@code zkServer.sh start} runs), as {@link KafkaBroker} starts a broker from Kafka's.
 * Its folder:
 *
 * <pre>
 * zoo.cfg, log4j2.properties   rewritten on every start
 * data/                        snapshots and transaction log: the leaders, job graphs and checkpoint pointers
 * zookeeper.log                its log and console
 * zookeeper.pid
 * </pre>
 *
 * It listens on {@value #HOST} only, without ZooKeeper's admin server (it would take port 8080),
 * and answers the four-letter words {@code srvr} and {@code ruok}; start-up waits until {@code
 * srvr} says it serves.
 */
public final class ZooKeeperServer {

    public static final String MAIN_CLASS = "org.apache.zookeeper.server.ZooKeeperServerMain";
    public static final String HOST = "127.0.0.1";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String CONFIG = "zoo.cfg";
    private static final String CLIENT_PORT = "clientPort";
    private static final int LOG_TAIL_LINES = 30;

    /** ZooKeeper's usual tick: sessions may last from 2 to 20 ticks (4 to 40 s). */
    private static final int TICK_MILLIS = 2000;

    private final Path dir;
    private final boolean outliveJvm;
    private final String classpath;
    private Thread shutdownHook;

    /**
     * {@code outliveJvm}: the server keeps running after this JVM exits (the CLI); else it is
     * killed with it (tests).
     */
    ZooKeeperServer(Path dir, boolean outliveJvm) {
        this.dir = dir.toAbsolutePath().normalize();
        this.outliveJvm = outliveJvm;
        this.classpath = System.getProperty("java.class.path");
    }

    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path logFile() {
        return dir.resolve("zookeeper.log");
    }

    private Path configFile() {
        return dir.resolve(CONFIG);
    }

    private Path pidFile() {
        return dir.resolve("zookeeper.pid");
    }

    /** The running server of this folder, if any. */
    public Optional<ProcessHandle> process() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(this::runsThisServer);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean runsThisServer(ProcessHandle p) {
        Optional<String[]> args = p.info().arguments();
        return args.isEmpty()
                || (List.of(args.get()).contains(MAIN_CLASS)
                        && List.of(args.get()).contains(configFile().toString()));
    }

    /** The client port its zoo.cfg names; 0 when it was never started in this folder. */
    public int port() {
        Properties cfg = new Properties();
        try (InputStream in = Files.newInputStream(configFile())) {
            cfg.load(in);
            return Integer.parseInt(cfg.getProperty(CLIENT_PORT, "0").trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** {@code high-availability.zookeeper.quorum}: host and client port. */
    public String quorum() {
        int port = port();
        if (port == 0) {
            throw new IllegalStateException("no ZooKeeper server was started in " + dir);
        }
        return HOST + ":" + port;
    }

    /**
     * Starts the server on {@code port} and waits until it serves. Port 0: the one it had before
     * when that is free, else a free one. Fails with the tail of its log when it does not come up
     * within {@link #START_TIMEOUT}.
     */
    public ProcessHandle start(int port) {
        Optional<ProcessHandle> running = process();
        if (running.isPresent()) {
            throw new IllegalStateException(
                    "a ZooKeeper server of "
                            + dir
                            + " already runs (pid "
                            + running.get().pid()
                            + ")");
        }
        int chosen =
                port != 0
                        ? port
                        : port() != 0 && LoopbackPorts.isFree(port())
                                ? port()
                                : LoopbackPorts.free();
        if (!LoopbackPorts.isFree(chosen)) {
            throw new IllegalStateException(
                    "port "
                            + chosen
                            + " on "
                            + HOST
                            + " for ZooKeeper is already in use: choose a free one with"
                            + " --zookeeper-port");
        }
        Process process;
        try {
            Files.createDirectories(dataDir());
            writeConfigFiles(chosen);
            process = launch();
            Files.writeString(
                    pidFile(), process.pid() + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start ZooKeeper in " + dir + ": " + e.getMessage(), e);
        }
        if (!outliveJvm) {
            addShutdownHook(process);
        }
        awaitServing(process, chosen);
        return process.toHandle();
    }

    /**
     * Stops the server (SIGTERM, SIGKILL after a grace period); one line saying how, or empty when
     * none ran.
     */
    public Optional<String> stop() {
        Optional<ProcessHandle> p = process();
        removeShutdownHook();
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            // a pid file that stays is checked against the live process anyway
        }
        return p.map(
                h ->
                        "zookeeper (pid "
                                + h.pid()
                                + ") "
                                + (ChildProcesses.stop(h, STOP_GRACE)
                                        ? "stopped"
                                        : "did not stop within "
                                                + STOP_GRACE.toSeconds()
                                                + " s and was killed"));
    }

    /**
     * Its {@code Mode} ({@code standalone}) when it serves requests; empty when it does not answer
     * or serve.
     */
    public Optional<String> mode() {
        int port = port();
        if (port == 0) {
            return Optional.empty();
        }
        try {
            return modeIn(fourLetterWord(port, "srvr", Duration.ofSeconds(2)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> modeIn(String srvr) {
        return srvr.lines()
                .filter(l -> l.startsWith("Mode: "))
                .map(l -> l.substring("Mode: ".length()).trim())
                .findFirst();
    }

    /**
     * Sends a four-letter word and returns all the server answers before it closes the connection.
     */
    static String fourLetterWord(int port, String word, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void awaitServing(Process process, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue() + " while starting");
            }
            try {
                String answer = fourLetterWord(port, "srvr", Duration.ofSeconds(2));
                if (modeIn(answer).isPresent()) {
                    return;
                }
                last = answer.strip();
            } catch (IOException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw failure(
                        "did not serve at "
                                + HOST
                                + ":"
                                + port
                                + " within "
                                + START_TIMEOUT.toSeconds()
                                + " s (last answer: "
                                + last
                                + ")");
            }
            try {
                // Paces the probes, and wakes at once if the server dies.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("was interrupted while starting");
            }
        }
    }

    private void writeConfigFiles(int port) throws IOException {
        Files.writeString(
                configFile(),
                String.join(
                        "\n",
                        "# Written by ./orderflow cluster start --ha; rewritten on every start.",
                        "tickTime=" + TICK_MILLIS,
                        "dataDir=" + dataDir(),
                        CLIENT_PORT + "=" + port,
                        "clientPortAddress=" + HOST,
                        "admin.enableServer=false",
                        "4lw.commands.whitelist=srvr,ruok",
                        // Old snapshots and logs go away by themselves, hourly, keeping the latest
                        // three.
                        "autopurge.snapRetainCount=3",
                        "autopurge.purgeInterval=1",
                        ""),
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "status = warn",
                        "appender.out.type = Console",
                        "appender.out.name = STDOUT",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                        "rootLogger.level = info",
                        "rootLogger.appenderRef.out.ref = STDOUT",
                        ""),
                StandardCharsets.UTF_8);
    }

    private Process launch() throws IOException {
        List<String> cmd = new ArrayList<>();
        File setsid = new File("/usr/bin/setsid");
        if (outliveJvm && setsid.canExecute()) {
            // Its own session, so closing the terminal that started the cluster leaves it running.
            cmd.add(setsid.getPath());
        }
        cmd.add(FlinkLaunchParameters.javaBinary());
        cmd.addAll(
                List.of(
                        "-Xmx256m",
                        "-Djava.awt.headless=true",
                        "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toUri()));
        cmd.addAll(List.of("-cp", classpath, MAIN_CLASS, configFile().toString()));
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(Redirect.appendTo(logFile().toFile()));
        File devNull = new File("/dev/null");
        if (devNull.exists()) {
            pb.redirectInput(Redirect.from(devNull));
        }
        return pb.start();
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(
                "ZooKeeper in "
                        + dir
                        + " "
                        + what
                        + System.lineSeparator()
                        + "--- last lines of "
                        + logFile()
                        + " ---"
                        + System.lineSeparator()
                        + ChildProcesses.tail(logFile(), LOG_TAIL_LINES));
    }

    private synchronized void addShutdownHook(Process process) {
        removeShutdownHook();
        shutdownHook = new Thread(process::destroyForcibly, "zookeeper-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
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
}
