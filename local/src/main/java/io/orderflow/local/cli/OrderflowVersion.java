package io.orderflow.local.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code ./orderflow --version}: the project's version and what it was built against, from the
 * build (version.properties).
 */
public final class OrderflowVersion implements IVersionProvider {

    /** The project version, as the pom says: {@code orderflow 0.1.0-SNAPSHOT}'s second word. */
    public static String version() {
        return properties().getProperty("orderflow.version");
    }

    @Override
    public String[] getVersion() {
        Properties p = properties();
        return new String[] {
            "orderflow " + p.getProperty("orderflow.version"),
            "built for Flink "
                    + p.getProperty("flink.version")
                    + " and Kafka "
                    + p.getProperty("kafka.version")
                    + "; running on Java "
                    + System.getProperty("java.version")
                    + " ("
                    + System.getProperty("java.vendor")
                    + ")"
        };
    }

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = OrderflowVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException(
                        "version.properties is missing from the class path: build with Maven");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
