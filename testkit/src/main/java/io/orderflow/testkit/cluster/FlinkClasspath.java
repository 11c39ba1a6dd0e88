package io.orderflow.testkit.cluster;

import io.orderflow.testkit.Repository;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path of a standalone cluster's JVMs and of Flink's CLI: what a Flink installation's
 * {@code lib/} holds, taken from the jars of this build.
 */
public final class FlinkClasspath {

    /**
     * Written by the build (maven-dependency-plugin); the orderflow script runs the CLI with it.
     */
    private static final String RUNTIME_CLASSPATH = "local/target/runtime.classpath";

    /**
     * Jars of this build that a Flink installation's {@code lib/} does not have: our own modules,
     * the Kafka connector and client (they travel inside the job's fat jar), Jackson, and the Kafka
     * broker and ZooKeeper server with their dependencies (the local runtime's, not Flink's:
     * Flink's HA client is its own shaded ZooKeeper).
     */
    private static final List<String> NOT_FLINK =
            List.of(
                    "/io/orderflow/",
                    "/org/apache/flink/flink-connector-kafka/",
                    "/org/apache/kafka/",
                    "/com/fasterxml/jackson/",
                    "/org/scala-lang/",
                    "/com/typesafe/scala-logging/",
                    "/org/pcollections/",
                    "/org/hdrhistogram/",
                    "/com/dynatrace/",
                    "/com/github/ben-manes/",
                    "/org/jspecify/",
                    "/net/sourceforge/argparse4j/",
                    "/commons-validator/",
                    "/commons-beanutils/",
                    "/commons-digester/",
                    "/commons-logging/",
                    "/net/sf/jopt-simple/",
                    "/org/bitbucket/b_c/",
                    "/com/yammer/",
                    "/com/google/re2j/",
                    "/org/yaml/snakeyaml/",
                    "/com/github/luben/",
                    "/org/apache/zookeeper/",
                    "/org/apache/yetus/",
                    "/io/dropwizard/");

    private FlinkClasspath() {}

    /**
     * The local module's runtime class path without what a Flink installation does not have (see
     * {@link #NOT_FLINK}).
     */
    public static String get() {
        Path file = Repository.root().resolve(RUNTIME_CLASSPATH);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    "no "
                            + file
                            + ": build first (mvn -o -q -DskipTests install, or any ./orderflow"
                            + " command)");
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
            throw new IllegalStateException(
                    file + " has no flink-runtime jar: rebuild the local module");
        }
        return String.join(File.pathSeparator, kept);
    }
}
