package io.orderflow.testkit.kafka;

import io.orderflow.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to build a {@link KafkaBroker}: its ports, data dir and settings, fixed in {@link #build()}.
 * Ports left at 0 are chosen free; without a data dir the broker gets a temporary one that its
 * {@link KafkaBroker#close()} deletes.
 */
public final class KafkaBrokerBuilder {

    int port;
    int controllerPort;
    Path dataDir;
    boolean outliveJvm;
    Duration startTimeout = KafkaBroker.DEFAULT_START_TIMEOUT;
    String classpath = System.getProperty("java.class.path");
    final Map<String, String> overrides = new LinkedHashMap<>();
    boolean secure;

    KafkaBrokerBuilder() {}

    /**
     * A SASL_SSL listener (SCRAM-SHA-512 over TLS) instead of PLAINTEXT; see {@link
     * SecureListener}.
     */
    public KafkaBrokerBuilder secure() {
        this.secure = true;
        return this;
    }

    /** The PLAINTEXT port on 127.0.0.1; 0 (default) picks a free one. */
    public KafkaBrokerBuilder port(int port) {
        this.port = checkPort(port);
        return this;
    }

    /**
     * The CONTROLLER port; 0 (default) reuses the one recorded in the data dir (the quorum is
     * formatted with it) or picks a free one.
     */
    public KafkaBrokerBuilder controllerPort(int port) {
        this.controllerPort = checkPort(port);
        return this;
    }

    /** Where the broker keeps everything; by default a temporary dir that close() deletes. */
    public KafkaBrokerBuilder dataDir(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        return this;
    }

    public KafkaBrokerBuilder startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /** Overrides or adds one line of {@code server.properties}. */
    public KafkaBrokerBuilder config(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** Class path of the broker JVM; by default this JVM's. */
    public KafkaBrokerBuilder classpath(String classpath) {
        this.classpath = classpath;
        return this;
    }

    /** No shutdown hook and its own session: the broker keeps running after this JVM exits. */
    public KafkaBrokerBuilder outliveJvm() {
        this.outliveJvm = true;
        return this;
    }

    public KafkaBroker build() {
        boolean temporary = dataDir == null;
        Path dir;
        try {
            dir =
                    temporary
                            ? Files.createTempDirectory("orderflow-kafka-").toAbsolutePath()
                            : dataDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data dir", e);
        }
        int p = port != 0 ? port : LoopbackPorts.free();
        int cp =
                controllerPort != 0
                        ? controllerPort
                        : BrokerConfigFiles.recordedControllerPort(dir);
        while (cp == 0 || cp == p) {
            cp = LoopbackPorts.free();
        }
        return new KafkaBroker(this, dir, temporary, p, cp);
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
        }
        return port;
    }
}
