package io.orderflow.testkit.kafka;

import io.orderflow.testkit.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A launched broker JVM and what becomes of it when this JVM exits: unless it is to outlive this
 * JVM, a shutdown hook stops it (forcibly after 10 s) and deletes its data dir when that is a
 * temporary one. Stopping it removes the hook.
 */
final class BrokerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProcess.class);
    private static final Duration STOP_ON_JVM_EXIT = Duration.ofSeconds(10);

    private final Process process;
    private Thread shutdownHook;

    private BrokerProcess(Process process) {
        this.process = process;
    }

    /**
     * Watches {@code process}: stopped when this JVM exits unless {@code outliveJvm}, and then
     * {@code temporaryDataDir} deleted (null: none). {@code hookName} names the hook's thread.
     */
    static BrokerProcess watch(
            Process process, boolean outliveJvm, Path temporaryDataDir, String hookName) {
        BrokerProcess watched = new BrokerProcess(process);
        if (!outliveJvm) {
            watched.shutdownHook =
                    new Thread(
                            () -> {
                                ChildProcesses.stop(process.toHandle(), STOP_ON_JVM_EXIT);
                                if (temporaryDataDir != null) {
                                    deleteDataDir(temporaryDataDir);
                                }
                            },
                            hookName);
            Runtime.getRuntime().addShutdownHook(watched.shutdownHook);
        }
        return watched;
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, and SIGKILL after {@code grace} ({@link Duration#ZERO}: at once); the hook goes. */
    synchronized void stop(Duration grace) {
        ChildProcesses.stop(process.toHandle(), grace);
        removeShutdownHook();
    }

    private void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook runs anyway.
            }
            shutdownHook = null;
        }
    }

    /** Deletes {@code dir} and all in it; what cannot be deleted is logged, not thrown. */
    static void deleteDataDir(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
