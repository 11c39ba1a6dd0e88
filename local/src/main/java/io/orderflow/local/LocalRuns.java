package io.orderflow.local;

import io.orderflow.testkit.StateDirs;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The job that {@code ./orderflow run} is running, recorded in {@code
 * .orderflow/run/local.properties} (its REST address and job id) so that {@code ./orderflow stop}
 * finds it.
 */
final class LocalRuns {

    record Running(String rest, String jobId) {}

    static final Path FILE = StateDirs.of("run", "local.properties");

    private LocalRuns() {}

    static void record(String rest, String jobId) throws IOException {
        Files.createDirectories(FILE.getParent());
        Properties p = new Properties();
        p.setProperty("rest", rest);
        p.setProperty("job", jobId);
        try (Writer w = Files.newBufferedWriter(FILE)) {
            p.store(w, "the job ./orderflow run is running");
        }
    }

    static void forget(String jobId) {
        try {
            if (current().map(r -> r.jobId().equals(jobId)).orElse(false)) {
                Files.deleteIfExists(FILE);
            }
        } catch (IOException ignored) {
            // a stale record only makes a later stop name a job that is gone
        }
    }

    static Optional<Running> current() throws IOException {
        if (!Files.isRegularFile(FILE)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(FILE)) {
            p.load(r);
        }
        return Optional.of(new Running(p.getProperty("rest"), p.getProperty("job")));
    }
}
