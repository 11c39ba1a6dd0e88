package io.orderflow.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.Repository;
import io.orderflow.testkit.cluster.FlinkCli;
import io.orderflow.testkit.cluster.FlinkCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * In application mode (the Kubernetes operator's) the job's {@code main} runs inside the
 * JobManager. A start-up check that refuses the job there must fail the application with its one
 * line, not exit: an exit would end the JobManager, and its pod would restart into the same refusal
 * for ever. Run here on a standalone application cluster from the Flink jars, configured as the
 * operator configures one (the JobManager stays after the application ends; a failed {@code main}
 * shows as a failed job with a fixed id).
 */
class ApplicationModeStartupITCase {

    private static final JobID JOB = JobID.fromHexString("0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f");

    @TempDir Path tmp;

    private FlinkCluster cluster;
    private FlinkCluster.Daemon jobManager;

    @AfterEach
    void stopJobManager() {
        if (jobManager != null && jobManager.process().isPresent()) {
            cluster.kill(jobManager);
        }
    }

    @Test
    @Timeout(180)
    void aRefusedStartFailsTheJobWithItsOneLineAndTheJobManagerStaysUp() throws Exception {
        cluster = FlinkCluster.ownedBy(tmp.resolve("cluster"));
        cluster.writeConfiguration(
                Repository.root().resolve("flink-conf"),
                Map.of(
                        "rest.port", String.valueOf(LoopbackPorts.free()),
                        "jobmanager.rpc.port", String.valueOf(LoopbackPorts.free())));
        // A mistake the job's own checks find before it touches Kafka: no broker needed.
        jobManager =
                cluster.startApplicationJobManager(
                        FlinkCli.defaultJar(),
                        "io.orderflow.jobs.Main",
                        Map.of(
                                "execution.shutdown-on-application-finish",
                                "false",
                                "execution.submit-failed-job-on-application-error",
                                "true",
                                "$internal.pipeline.job-id",
                                JOB.toHexString()),
                        List.of(
                                "order-processing",
                                "--bootstrap-servers",
                                "127.0.0.1:9092",
                                "--parallelism",
                                "zero"));
        RestClient rest = cluster.rest();

        String state = awaitTerminalState(rest, Duration.ofSeconds(60), jobManager.log());

        assertThat(state).as("the failed main shows as a failed job").isEqualTo("FAILED");
        assertThat(Files.readString(jobManager.log()))
                .as("the JobManager's log names the refusal in its one line")
                .contains(
                        "Caused by: io.orderflow.jobs.StartupRefused: orderflow order-processing:"
                            + " --parallelism must be a whole number from 1 to 1024, was 'zero'");
        assertThat(jobManager.process()).as("the JobManager did not exit").isPresent();
        assertThat(rest.answers()).as("and still answers").isTrue();
    }

    private static String awaitTerminalState(RestClient rest, Duration timeout, Path log)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                // The job list, not the job's details: Flink's details handler fails on a job that
                // never ran.
                for (RestClient.Job job : rest.jobs()) {
                    if (job.id().equals(JOB.toHexString()) && RestClient.isTerminal(job.state())) {
                        return job.state();
                    }
                }
            } catch (IOException notYet) {
                // the REST API is still starting
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        List<String> lines =
                Files.readAllLines(log).stream()
                        .filter(
                                l ->
                                        !l.startsWith("\tat ")
                                                && !l.contains("JobDetailsHandler")
                                                && !l.startsWith("java.lang.NullPointerException"))
                        .toList();
        throw new AssertionError(
                "job "
                        + JOB
                        + " reached no terminal state within "
                        + timeout.toSeconds()
                        + " s; the JobManager's log ends:\n"
                        + String.join(
                                "\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
    }
}
