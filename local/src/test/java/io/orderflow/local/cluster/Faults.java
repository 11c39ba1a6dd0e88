package io.orderflow.local.cluster;

import static io.orderflow.local.cluster.ClusterFaultITCase.BROKER_DOWN;
import static io.orderflow.local.cluster.ClusterFaultITCase.CLI_TIMEOUT;
import static io.orderflow.local.cluster.ClusterFaultITCase.KAFKA;
import static io.orderflow.local.cluster.ClusterFaultITCase.POLL_MS;
import static io.orderflow.local.cluster.ClusterFaultITCase.RECOVERY_DEADLINE;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitRunning;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitState;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitUntil;
import static io.orderflow.local.cluster.ClusterFaultITCase.jobArgs;
import static io.orderflow.local.cluster.ClusterFaultITCase.log;
import static io.orderflow.local.cluster.ClusterFaultITCase.millisSince;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.rest.RestClient;
import io.orderflow.local.cluster.ClusterFaultITCase.Figure;
import io.orderflow.testkit.cluster.FlinkCli;
import io.orderflow.testkit.cluster.FlinkCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The faults {@link ClusterFaultITCase} injects into its running job (a TaskManager killed, the
 * broker restarted, a stop with savepoint and resume), each measured as a {@link Figure}: time to
 * the failure being noticed, to the job running again, to its first new committed output.
 */
final class Faults {

    private final ClusterFaultITCase test;
    private long lateEvents;

    Faults(ClusterFaultITCase test) {
        this.test = test;
    }

    /** The late events counted so far, over every job and restart. */
    long lateEvents() {
        return lateEvents;
    }

    /** Adds the job's late-event counters (they restart at 0 with every restart of its tasks). */
    void countLateEvents(String job) {
        try {
            lateEvents += test.cluster.rest().sumOfOperatorMetric(job, "lateEvents");
        } catch (IOException e) {
            log("could not read the late-event counters of %s: %s", job, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Figure killTaskManager(String job) throws Exception {
        countLateEvents(job);
        RestClient rest = test.cluster.rest();
        Set<String> busy = rest.taskManagersOf(job);
        FlinkCluster.Daemon victim =
                test.cluster.taskManagers().stream()
                        .filter(tm -> busy.contains(tm.name()))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "no TaskManager of ours runs job "
                                                        + job
                                                        + ": "
                                                        + busy));
        int failuresBefore = rest.failures(job);
        long killedAt = System.nanoTime();
        test.cluster.kill(victim);
        String fault = "kill -9 " + victim.name() + " (pid " + victim.pid() + ")";
        log("%s, starting a new TaskManager", fault);
        CompletableFuture<List<FlinkCluster.Daemon>> replacement =
                CompletableFuture.supplyAsync(
                        () -> test.cluster.startTaskManagers(1), test.background);
        Figure figure = awaitRecovery(fault, job, failuresBefore, killedAt, test.committed.total());
        replacement.get(RECOVERY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        return figure;
    }

    /**
     * Both TaskManagers of the cluster killed at once (SIGKILL), among them every one that runs the
     * job: it has no slot until two new ones come.
     */
    Figure killTwoTaskManagers(String job) throws Exception {
        countLateEvents(job);
        RestClient rest = test.cluster.rest();
        Set<String> busy = rest.taskManagersOf(job);
        List<FlinkCluster.Daemon> victims = test.cluster.taskManagers();
        assertThat(victims).as("the cluster's TaskManagers").hasSize(2);
        assertThat(victims.stream().map(FlinkCluster.Daemon::name).toList())
                .as("the TaskManagers killed run job %s", job)
                .containsAll(busy);
        int failuresBefore = rest.failures(job);
        long killedAt = System.nanoTime();
        victims.forEach(test.cluster::kill);
        String fault = "kill -9 two TaskManagers at once";
        log(
                "%s (%s), starting two new ones",
                fault, victims.stream().map(FlinkCluster.Daemon::name).toList());
        CompletableFuture<List<FlinkCluster.Daemon>> replacements =
                CompletableFuture.supplyAsync(
                        () -> test.cluster.startTaskManagers(2), test.background);
        Figure figure = awaitRecovery(fault, job, failuresBefore, killedAt, test.committed.total());
        replacements.get(RECOVERY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        return figure;
    }

    /**
     * The JobManager killed (SIGKILL) and brought back by {@code cluster start} (ZooKeeper HA): the
     * same job must run again, restored from a checkpoint completed before the kill.
     */
    Figure killJobManager(String job) throws Exception {
        countLateEvents(job);
        RestClient rest = test.cluster.rest();
        long checkpointBefore = ClusterFaultITCase.latestCheckpoint(rest, job);
        FlinkCluster.Daemon jobManager = test.cluster.jobManager().orElseThrow();
        long before = test.committed.total();
        long killedAt = System.nanoTime();
        long killedAtMillis = System.currentTimeMillis();
        test.cluster.kill(jobManager);
        log(
                "kill -9 jobmanager (pid %d) after checkpoint %d; cluster start brings it back",
                jobManager.pid(), checkpointBefore);
        assertThat(
                        ClusterCommand.run(
                                List.of("start", "--dir", test.cluster.dir().toString()),
                                d -> test.cluster,
                                System.out,
                                System.err))
                .as("cluster start after the kill")
                .isZero();
        long running =
                awaitUntil(
                        RECOVERY_DEADLINE,
                        () ->
                                restoredAfter(rest, job, killedAtMillis).isPresent()
                                        && allRunning(rest, job),
                        "job " + job + " restored and running");
        RestClient.Restored restored = restoredAfter(rest, job, killedAtMillis).orElseThrow();
        assertThat(restored.isSavepoint()).as("restored from a checkpoint").isFalse();
        assertThat(restored.id())
                .as("the checkpoint job %s restored", job)
                .isGreaterThanOrEqualTo(checkpointBefore);
        long firstCommit =
                awaitUntil(
                        RECOVERY_DEADLINE,
                        () -> test.committed.total() > before,
                        "committed output after the JobManager came back");
        return new Figure(
                "kill -9 the JobManager (HA), cluster start",
                -1,
                running - killedAt,
                firstCommit - killedAt,
                1);
    }

    /**
     * The broker killed (SIGKILL) while the job's transactions are open, and started again after
     * {@code down}, longer than the job's idle timeout: silence while the brokers do not answer
     * must not move event time on.
     */
    Figure killBroker(String job, Duration down) throws Exception {
        countLateEvents(job);
        int failuresBefore = test.cluster.rest().failures(job);
        long before = test.committed.total();
        long killedAt = System.nanoTime();
        KAFKA.broker().kill();
        log("kill -9 the Kafka broker; starting it again in %d s", down.toSeconds());
        // The outage's length is the fault itself, not a wait for something.
        Thread.sleep(down.toMillis());
        KAFKA.broker().start();
        log("broker back after %d ms", millisSince(killedAt));
        long firstCommit =
                awaitUntil(
                        RECOVERY_DEADLINE,
                        () -> test.committed.total() > before,
                        "committed output after the broker came back");
        awaitRunning(test.cluster.rest(), job);
        int restarts = test.cluster.rest().failures(job) - failuresBefore;
        return new Figure(
                "kill -9 the Kafka broker, " + down.toSeconds() + " s down",
                -1,
                -1,
                firstCommit - killedAt,
                restarts);
    }

    /**
     * The broker frozen (SIGSTOP) for {@code frozen}, longer than the job's idle timeout, then
     * resumed (SIGCONT).
     */
    Figure freezeBroker(String job, Duration frozen) throws Exception {
        countLateEvents(job);
        int failuresBefore = test.cluster.rest().failures(job);
        long before = test.committed.total();
        long pid = KAFKA.broker().pid();
        long frozenAt = System.nanoTime();
        signal("STOP", pid);
        log("kill -STOP the Kafka broker (pid %d) for %d s", pid, frozen.toSeconds());
        try {
            // The freeze's length is the fault itself, not a wait for something.
            Thread.sleep(frozen.toMillis());
        } finally {
            signal("CONT", pid);
        }
        long firstCommit =
                awaitUntil(
                        RECOVERY_DEADLINE,
                        () -> test.committed.total() > before,
                        "committed output after the broker resumed");
        awaitRunning(test.cluster.rest(), job);
        int restarts = test.cluster.rest().failures(job) - failuresBefore;
        return new Figure(
                "kill -STOP the Kafka broker " + frozen.toSeconds() + " s, then -CONT",
                -1,
                -1,
                firstCommit - frozenAt,
                restarts);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill =
                new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    private static java.util.Optional<RestClient.Restored> restoredAfter(
            RestClient rest, String job, long afterMillis) {
        try {
            return rest.restoredCheckpoint(job).filter(r -> r.restoreTimestamp() > afterMillis);
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private static boolean allRunning(RestClient rest, String job) {
        try {
            return rest.job(job).allRunning();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Figure restartBroker(String job) throws Exception {
        countLateEvents(job);
        int failuresBefore = test.cluster.rest().failures(job);
        long before = test.committed.total();
        long stoppedAt = System.nanoTime();
        log("restarting the Kafka broker");
        if (BROKER_DOWN.isZero()) {
            KAFKA.broker().restart();
        } else {
            KAFKA.broker().stop();
            // A longer outage on request (diagnosis): the fault's length is the point here.
            Thread.sleep(Math.max(0, BROKER_DOWN.toMillis() - millisSince(stoppedAt)));
            KAFKA.broker().start();
        }
        log("broker back after %d ms", millisSince(stoppedAt));
        long firstCommit =
                awaitUntil(
                        RECOVERY_DEADLINE,
                        () -> test.committed.total() > before,
                        "committed output after the broker restart");
        awaitRunning(test.cluster.rest(), job);
        int restarts = test.cluster.rest().failures(job) - failuresBefore;
        return new Figure("restart the Kafka broker", -1, -1, firstCommit - stoppedAt, restarts);
    }

    Figure stopWithSavepointAndResume(String job, String bootstrap, String[] resumed)
            throws Exception {
        countLateEvents(job);
        long stoppedAt = System.nanoTime();
        FlinkCli.Result stop =
                FlinkCli.stop(test.target, job, null, false, CLI_TIMEOUT, System.out, System.err);
        assertThat(stop.exitCode()).as("flink stop: %s", stop.output()).isZero();
        String savepoint =
                stop.savepointPath()
                        .orElseThrow(
                                () -> new AssertionError("no savepoint path in: " + stop.output()));
        awaitState(test.cluster.rest(), job, "FINISHED", RECOVERY_DEADLINE);
        long before = test.committed.total();
        String next = test.submit(List.of("-s", savepoint), jobArgs(bootstrap));
        long running = awaitRunning(test.cluster.rest(), next);
        long firstCommit =
                awaitUntil(
                        RECOVERY_DEADLINE,
                        () -> test.committed.total() > before,
                        "committed output after the resume");
        resumed[0] = next;
        log("resumed as job %s from %s", next, savepoint);
        return new Figure(
                "stop with savepoint, resume (flink stop; flink run -s)",
                -1,
                running - stoppedAt,
                firstCommit - stoppedAt,
                0);
    }

    /** Waits until the job noticed the failure, runs again, and committed new output. */
    private Figure awaitRecovery(
            String fault, String job, int failuresBefore, long faultAt, long committedBefore)
            throws Exception {
        RestClient rest = test.cluster.rest();
        long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
        long noticed = -1;
        long running = -1;
        long firstCommit = -1;
        long committedAtNotice = committedBefore;
        while (noticed < 0 || running < 0 || firstCommit < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        fault
                                + ": the job did not recover within "
                                + RECOVERY_DEADLINE.toSeconds()
                                + " s (noticed "
                                + noticed
                                + ", running "
                                + running
                                + ", first commit "
                                + firstCommit
                                + ")");
            }
            try {
                if (noticed < 0 && rest.failures(job) > failuresBefore) {
                    noticed = System.nanoTime();
                    committedAtNotice = test.committed.total();
                }
                if (noticed >= 0 && running < 0 && rest.job(job).allRunning()) {
                    running = System.nanoTime();
                }
            } catch (IOException e) {
                // the JobManager is busy with the failover; ask again
            }
            if (noticed >= 0 && firstCommit < 0 && test.committed.total() > committedAtNotice) {
                firstCommit = System.nanoTime();
            }
            Thread.sleep(POLL_MS);
        }
        int restarts = rest.failures(job) - failuresBefore;
        return new Figure(
                fault, noticed - faultAt, running - faultAt, firstCommit - faultAt, restarts);
    }
}
