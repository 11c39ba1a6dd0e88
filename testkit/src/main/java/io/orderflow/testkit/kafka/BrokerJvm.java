package io.orderflow.testkit.kafka;

import io.orderflow.testkit.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;

/**
 * The JVMs of a broker's data dir, started from the Kafka jars of a class path: the broker itself
 * ({@value #MAIN_CLASS} with the dir's {@code server.properties}) and Kafka's storage tool that
 * formats the dir first. Their console goes to the dir's {@code broker.log}.
 */
final class BrokerJvm {

    static final String MAIN_CLASS = "kafka.Kafka";
    private static final String FORMAT_CLASS = "kafka.tools.StorageTool";

    /** Kafka's own defaults (kafka-run-class.sh), with the heap capped at 1 GB. */
    private static final List<String> BROKER_JVM_OPTIONS =
            List.of(
                    "-Xms256m",
                    "-Xmx1g",
                    "-XX:+UseG1GC",
                    "-XX:MaxGCPauseMillis=20",
                    "-XX:InitiatingHeapOccupancyPercent=35",
                    "-XX:+ExplicitGCInvokesConcurrent",
                    "-XX:+ExitOnOutOfMemoryError");

    private final Path dataDir;
    private final String classpath;

    BrokerJvm(Path dataDir, String classpath) {
        this.dataDir = dataDir;
        this.classpath = classpath;
    }

    /**
     * The broker; {@code ownSession}: in a session of its own, so that it outlives the terminal.
     */
    Process startBroker(boolean ownSession) throws IOException {
        return launch(
                MAIN_CLASS, List.of(serverProperties().toString()), ownSession, BROKER_JVM_OPTIONS);
    }

    /**
     * Formats the storage with a new cluster id, the listener's {@code extraArguments} (the SCRAM
     * users of a secure one) and waits up to {@code timeout}; {@code failure} makes the exception
     * of a format that fails.
     */
    void formatStorage(
            List<String> extraArguments,
            Duration timeout,
            Function<String, IllegalStateException> failure)
            throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                serverProperties().toString(),
                                "--standalone"));
        args.addAll(extraArguments);
        // A short-lived JVM: C1 only starts it faster.
        Process format =
                launch(FORMAT_CLASS, args, false, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
        try {
            if (!format.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ChildProcesses.stop(format.toHandle(), Duration.ZERO);
                throw failure.apply(
                        "formatting the storage did not finish within "
                                + timeout.toSeconds()
                                + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildProcesses.stop(format.toHandle(), Duration.ZERO);
            throw failure.apply("interrupted while formatting the storage");
        }
        if (format.exitValue() != 0) {
            throw failure.apply(
                    "formatting the storage failed with exit code " + format.exitValue());
        }
    }

    /**
     * True when {@code process} is the broker of {@code dataDir}: its command line runs {@value
     * #MAIN_CLASS} with that dir's {@code server.properties}. When the OS does not tell the command
     * line, the pid is taken at its word.
     */
    static boolean isBrokerOf(ProcessHandle process, Path dataDir) {
        Optional<String[]> args = process.info().arguments();
        if (args.isEmpty()) {
            return process.isAlive();
        }
        List<String> list = List.of(args.get());
        String props =
                dataDir.toAbsolutePath()
                        .normalize()
                        .resolve(KafkaBroker.SERVER_PROPERTIES)
                        .toString();
        return list.contains(MAIN_CLASS) && list.contains(props);
    }

    private Path serverProperties() {
        return dataDir.resolve(KafkaBroker.SERVER_PROPERTIES);
    }

    private Process launch(
            String mainClass, List<String> args, boolean ownSession, List<String> jvmOptions)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        File setsid = new File("/usr/bin/setsid");
        if (ownSession && setsid.canExecute()) {
            // Its own session, so closing the terminal that ran `orderflow kafka start` leaves it
            // running.
            cmd.add(setsid.getPath());
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(
                List.of(
                        "-Djava.awt.headless=true",
                        "-Dlog4j2.configurationFile="
                                + dataDir.resolve(BrokerConfigFiles.LOG4J2_PROPERTIES).toUri(),
                        "-Dkafka.logs.dir=" + dataDir));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        File devNull = new File("/dev/null");
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(dataDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                Redirect.appendTo(dataDir.resolve(KafkaBroker.LOG_FILE).toFile()));
        if (devNull.exists()) {
            pb.redirectInput(Redirect.from(devNull));
        }
        return pb.start();
    }
}
