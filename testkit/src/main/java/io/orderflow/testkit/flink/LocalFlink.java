package io.orderflow.testkit.flink;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink mini-cluster in this JVM with the web UI and REST API on localhost, configured from
 * {@code flink-conf/config.yaml}: what {@code ./orderflow run} and the demo run jobs on.
 */
public final class LocalFlink implements AutoCloseable {

    private final MiniCluster cluster;
    private final Configuration config;

    private LocalFlink(MiniCluster cluster, Configuration config) {
        this.cluster = cluster;
        this.config = config;
    }

    /** The folder with config.yaml: $ORDERFLOW_HOME/flink-conf, else ./flink-conf, else none. */
    public static Configuration loadConfig() {
        String home = System.getenv("ORDERFLOW_HOME");
        Path dir = Path.of(home != null ? home : ".").resolve("flink-conf");
        if (Files.isRegularFile(dir.resolve("config.yaml"))) {
            return GlobalConfiguration.loadConfiguration(dir.toString());
        }
        return new Configuration();
    }

    /**
     * Starts a cluster of one TaskManager with {@code slots} slots. {@code restPort} 0 takes any
     * free port; otherwise the first free port from it on.
     */
    public static LocalFlink start(Configuration jobConfig, int slots, int restPort)
            throws Exception {
        Configuration config = loadConfig();
        config.addAll(jobConfig);
        config.set(RestOptions.BIND_PORT, restPort == 0 ? "0" : restPort + "-" + (restPort + 100));
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(config)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        cluster.start();
        return new LocalFlink(cluster, config);
    }

    public Configuration config() {
        return config;
    }

    /** An environment whose job graph this cluster runs, with the cluster's configuration. */
    public StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.getExecutionEnvironment(config);
    }

    public URI restAddress() throws Exception {
        return cluster.getRestAddress().get(30, TimeUnit.SECONDS);
    }

    public JobID submit(StreamExecutionEnvironment env) throws Exception {
        return cluster.submitJob(env.getStreamGraph()).get(60, TimeUnit.SECONDS).getJobID();
    }

    /** Waits for the job to end; throws with Flink's cause when it failed. */
    public JobResult await(JobID job) throws Exception {
        return checked(job, cluster.requestJobResult(job).get());
    }

    /**
     * Waits at most {@code timeout} for the job to end; throws with Flink's cause when it failed.
     */
    public JobResult await(JobID job, Duration timeout) throws Exception {
        return checked(
                job, cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private JobResult checked(JobID job, JobResult result) throws Exception {
        if (result.getSerializedThrowable().isPresent()) {
            throw new IllegalStateException(
                    "job " + job + " failed",
                    result.getSerializedThrowable()
                            .get()
                            .deserializeError(getClass().getClassLoader()));
        }
        return result;
    }

    /**
     * Stops the job with a savepoint in {@code dir}. {@code drain} first ends the input as a
     * bounded run would (the watermark jumps to the end of time and every pending event applies):
     * for a last stop, not for an upgrade.
     */
    public String stopWithSavepoint(JobID job, String dir, boolean drain, Duration timeout)
            throws Exception {
        return cluster.stopWithSavepoint(job, dir, drain, SavepointFormatType.CANONICAL)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(60, TimeUnit.SECONDS);
    }
}
