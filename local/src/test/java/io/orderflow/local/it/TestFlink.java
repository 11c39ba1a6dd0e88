package io.orderflow.local.it;

import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.testkit.flink.LocalFlink;
import java.nio.file.Files;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * The mini-cluster of an integration test: {@link LocalFlink} as {@code ./orderflow run} starts it,
 * so with the shipped {@code flink-conf/config.yaml} (REST on localhost, the restart strategy),
 * found through {@code ORDERFLOW_HOME} as the {@code orderflow} script sets it (failsafe sets it to
 * the repository). Only the folders differ: config.yaml puts checkpoints and savepoints under
 * /tmp/orderflow, shared by every run on the machine, so a test keeps its own.
 */
final class TestFlink {

    private TestFlink() {}

    /**
     * A cluster for a job with {@code options}, which must name a checkpoint folder of the test's
     * own.
     */
    static LocalFlink start(OrderProcessingOptions options) throws Exception {
        return start(options, new Configuration());
    }

    /** The same, with {@code extra} settings (a metric reporter, say) over the job's. */
    static LocalFlink start(OrderProcessingOptions options, Configuration extra) throws Exception {
        requireShippedConfig();
        if (options.checkpointDir == null) {
            throw new IllegalArgumentException(
                    "a test run needs a --checkpoint-dir of its own, not config.yaml's"
                            + " /tmp/orderflow");
        }
        Configuration job = OrderProcessingJob.flinkConfig(options);
        job.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                Files.createTempDirectory("orderflow-it-savepoints-").toUri().toString());
        job.addAll(extra);
        return LocalFlink.start(job, Math.max(2, options.parallelism), 0);
    }

    /**
     * config.yaml as {@link LocalFlink} reads it; fails rather than let a test run on Flink's
     * defaults.
     */
    static Configuration requireShippedConfig() {
        Configuration shipped = LocalFlink.loadConfig();
        if (!shipped.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
            throw new IllegalStateException(
                    "flink-conf/config.yaml not found (ORDERFLOW_HOME="
                            + System.getenv("ORDERFLOW_HOME")
                            + "): integration tests run with the shipped Flink configuration; set"
                            + " ORDERFLOW_HOME to the repository");
        }
        return shipped;
    }
}
