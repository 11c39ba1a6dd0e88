package io.orderflow.testkit.kafka;

import io.orderflow.testkit.ChildProcesses;
import io.orderflow.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in its own JVM
 * from the Kafka jars on this JVM's class path. Everything it writes lives in one data directory:
 * {@code server.properties}, {@code log4j2.properties}, {@code broker.log} and the log dirs under
 * {@code data/}. The storage is formatted only when it is not yet.
 *
 * <p>{@link #start()} returns once the broker answers an Admin {@code describeCluster}. Unless
 * built with {@link KafkaBrokerBuilder#outliveJvm()}, a shutdown hook stops the broker when this
 * JVM exits.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String HOST = LoopbackPorts.HOST;
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);
    public static final String MAIN_CLASS = BrokerJvm.MAIN_CLASS;
    public static final String LOG_FILE = "broker.log";
    public static final String SERVER_PROPERTIES = "server.properties";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int LOG_TAIL_LINES = 40;

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final boolean outliveJvm;
    private final Duration startTimeout;
    private final BrokerJvm jvm;
    private final Map<String, String> overrides;

    /** The SASL_SSL listener that replaces PLAINTEXT, or null. */
    private final SecureListener secure;

    /** The broker JVM since {@link #start()}; null once stopped. */
    private volatile BrokerProcess running;

    private boolean closed;

    /**
     * {@code b}'s settings, with the data dir and ports that {@link KafkaBrokerBuilder#build()}
     * chose.
     */
    KafkaBroker(
            KafkaBrokerBuilder b, Path dataDir, boolean ownsDataDir, int port, int controllerPort) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.outliveJvm = b.outliveJvm;
        this.startTimeout = b.startTimeout;
        this.jvm = new BrokerJvm(dataDir, b.classpath);
        this.overrides = Map.copyOf(b.overrides);
        this.secure = b.secure ? SecureListener.in(dataDir) : null;
    }

    public static KafkaBrokerBuilder builder() {
        return new KafkaBrokerBuilder();
    }

    /** Starts a broker on free ports in a temporary data dir that {@link #close()} deletes. */
    public static KafkaBroker startEphemeral() {
        return builder().build().start();
    }

    /**
     * Formats the storage if needed, launches the broker and waits until it answers. Fails with the
     * tail of {@code broker.log} when the broker exits or does not answer within the start timeout.
     */
    public synchronized KafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("Kafka broker in " + dataDir + " is closed");
        }
        if (isRunning()) {
            throw new IllegalStateException(
                    "Kafka broker at " + bootstrapServers() + " is already running");
        }
        long t0 = System.nanoTime();
        if (isFormatted(dataDir) && (secure != null) != SecureListener.isSetUp(dataDir)) {
            throw new IllegalStateException(
                    "the broker in "
                            + dataDir
                            + " was set up "
                            + (secure != null ? "without" : "with")
                            + " --secure; start it as before, or stop it and delete "
                            + dataDir
                            + " to change");
        }
        requirePortFree(port, secure != null ? SecureListener.LISTENER : "PLAINTEXT");
        requirePortFree(controllerPort, "CONTROLLER");
        try {
            Files.createDirectories(dataDir);
            writeConfigFiles();
            if (!isFormatted(dataDir)) {
                jvm.formatStorage(
                        secure != null ? secure.formatArguments() : List.of(),
                        startTimeout,
                        this::failure);
            }
            running =
                    BrokerProcess.watch(
                            jvm.startBroker(outliveJvm),
                            outliveJvm,
                            ownsDataDir ? dataDir : null,
                            "kafka-broker-shutdown-" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start Kafka broker in " + dataDir + ": " + e.getMessage(), e);
        }
        try {
            BrokerProbe.awaitAnswer(
                    running.process(),
                    bootstrapServers(),
                    clientConfig(),
                    startTimeout,
                    System.nanoTime() + startTimeout.toNanos(),
                    this::failure);
        } catch (RuntimeException e) {
            running.stop(Duration.ZERO);
            throw e;
        }
        if (secure != null) {
            secure.writeClientConfig(bootstrapServers());
        }
        LOG.info(
                "Kafka broker at {} (pid {}) started in {} ms",
                bootstrapServers(),
                running.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return this;
    }

    /** Stops the broker (SIGTERM, forcibly after {@link #STOP_GRACE}); the data dir stays. */
    public synchronized void stop() {
        if (running != null) {
            running.stop(STOP_GRACE);
            running = null;
        }
    }

    /**
     * Kills the broker with SIGKILL, as a crash would: no controlled shutdown; the data dir stays.
     */
    public synchronized void kill() {
        if (running != null) {
            running.stop(Duration.ZERO);
            running = null;
        }
    }

    /** Stops the broker and starts it again on the same ports and data dir. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the broker and deletes the data dir when it is a temporary one this broker created. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (ownsDataDir) {
            BrokerProcess.deleteDataDir(dataDir);
        }
    }

    /**
     * Client settings for this broker's listener (security, without bootstrap.servers): empty for
     * PLAINTEXT, SASL_SSL with the {@value SecureListener#CLIENT_USER} user when secure.
     */
    public Map<String, String> clientConfig() {
        return secure == null ? Map.of() : secure.clientConfig();
    }

    /**
     * The ready {@code --kafka-config} file of a secure broker (written at start); null when not
     * secure.
     */
    public Path clientConfigFile() {
        return secure == null ? null : path(SecureListener.CLIENT_CONFIG);
    }

    public boolean isSecure() {
        return secure != null;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return path(LOG_FILE);
    }

    public synchronized boolean isRunning() {
        return running != null && running.isAlive();
    }

    /** The broker's process id; only while it runs. */
    public synchronized long pid() {
        if (running == null) {
            throw new IllegalStateException("Kafka broker in " + dataDir + " is not running");
        }
        return running.pid();
    }

    // ---- helpers shared with the command line ----

    /** True when the storage in {@code dataDir} has been formatted. */
    public static boolean isFormatted(Path dataDir) {
        return Files.exists(dataDir.resolve(BrokerConfigFiles.LOG_DIRS).resolve("meta.properties"));
    }

    /**
     * True when a broker at {@code bootstrap} answers {@code describeCluster} within {@code
     * timeout}.
     */
    public static boolean answers(String bootstrap, Duration timeout) {
        return answers(bootstrap, Map.of(), timeout);
    }

    /** As {@link #answers(String, Duration)}, with client settings (a secure listener's). */
    public static boolean answers(
            String bootstrap, Map<String, String> clientConfig, Duration timeout) {
        return BrokerProbe.answers(bootstrap, clientConfig, timeout);
    }

    /**
     * True when {@code process} is the broker of {@code dataDir}: its command line runs {@value
     * #MAIN_CLASS} with that dir's {@code server.properties}. When the OS does not tell the command
     * line, the pid is taken at its word.
     */
    public static boolean isBrokerOf(ProcessHandle process, Path dataDir) {
        return BrokerJvm.isBrokerOf(process, dataDir);
    }

    // ---- internals ----

    private Path path(String name) {
        return dataDir.resolve(name);
    }

    /** The broker configuration: one combined KRaft node on loopback, light on threads. */
    Map<String, String> serverConfig() {
        return BrokerConfigFiles.serverConfig(port, controllerPort, dataDir, secure, overrides);
    }

    private void writeConfigFiles() throws IOException {
        BrokerConfigFiles.write(dataDir, serverConfig(), secure != null);
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(
                "Kafka broker in "
                        + dataDir
                        + ": "
                        + what
                        + System.lineSeparator()
                        + "--- last lines of "
                        + logFile()
                        + " ---"
                        + System.lineSeparator()
                        + ChildProcesses.tail(logFile(), LOG_TAIL_LINES));
    }

    private void requirePortFree(int port, String listener) {
        if (!LoopbackPorts.isFree(port)) {
            throw new IllegalStateException(
                    "cannot start the Kafka broker in "
                            + dataDir
                            + ": its "
                            + listener
                            + " port "
                            + port
                            + " on "
                            + HOST
                            + " is already in use");
        }
    }
}
