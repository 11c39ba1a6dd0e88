package io.orderflow.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * Where this repository is: its build outputs, {@code flink-conf/} and the job jar are found from
 * there.
 */
public final class Repository {

    private Repository() {}

    /**
     * $ORDERFLOW_HOME, else the nearest folder up from here with flink-conf/config.yaml, else here.
     */
    public static Path root() {
        String home = System.getenv("ORDERFLOW_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath().normalize();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(
                    p.resolve("flink-conf").resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
                return p;
            }
        }
        return here;
    }
}
