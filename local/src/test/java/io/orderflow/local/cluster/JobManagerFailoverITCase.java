package io.orderflow.local.cluster;

import static io.orderflow.local.cluster.ClusterFaultITCase.CLEAN_PREFIX;
import static io.orderflow.local.cluster.ClusterFaultITCase.CLI_TIMEOUT;
import static io.orderflow.local.cluster.ClusterFaultITCase.OUTPUTS;
import static io.orderflow.local.cluster.ClusterFaultITCase.RECOVERY_DEADLINE;
import static io.orderflow.local.cluster.ClusterFaultITCase.RUN_DEADLINE;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitRunning;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitState;
import static io.orderflow.local.cluster.ClusterFaultITCase.awaitUntil;
import static io.orderflow.local.cluster.ClusterFaultITCase.cleanRunArgs;
import static io.orderflow.local.cluster.ClusterFaultITCase.createTopics;
import static io.orderflow.local.cluster.ClusterFaultITCase.jobArgs;
import static io.orderflow.local.cluster.ClusterFaultITCase.keepLogs;
import static io.orderflow.local.cluster.ClusterFaultITCase.latestCheckpoint;
import static io.orderflow.local.cluster.ClusterFaultITCase.log;
import static io.orderflow.local.cluster.ClusterFaultITCase.submit;
import static io.orderflow.local.cluster.FaultRunOutputs.committedOutputs;
import static io.orderflow.local.cluster.FaultRunOutputs.openTransactions;
import static io.orderflow.local.cluster.FaultRunOutputs.printDifferences;
import static io.orderflow.local.cluster.FaultTestInput.awaitCaughtUp;
import static io.orderflow.local.cluster.FaultTestInput.awaitInput;
import static io.orderflow.local.cluster.FaultTestInput.closeEventTime;
import static io.orderflow.local.cluster.FaultTestInput.inputOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.rest.RestClient;
import io.orderflow.local.cluster.FaultRunOutputs.Transaction;
import io.orderflow.local.cluster.FaultTestInput.InputShape;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.cluster.FlinkCli;
import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.VerifyOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JobManager high availability on a real standalone cluster. {@code ./orderflow cluster start --ha}
 * starts a ZooKeeper server, a JobManager and two TaskManagers (separate JVMs); the job is
 * submitted with Flink's CLI and orders stream in at a steady rate. After a checkpoint has
 * completed the JobManager is killed with SIGKILL, and {@code ./orderflow cluster start} brings it
 * back. Then event time is closed, the job stopped with a savepoint, and the same input run once
 * more, cleanly and bounded, into side topics. The scenario runs once; each test checks one of its
 * outcomes. It prints the time from the kill to the job running again and to its first new
 * committed output. Logs are kept in {@code target/jobmanager-failover-logs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobManagerFailoverITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long ORDERS = Long.getLong("orderflow.failover.orders", 20_000);
    private static final double RATE =
            Double.parseDouble(System.getProperty("orderflow.failover.rate", "1000"));
    private static final long SEED = 13;

    @TempDir static Path tmp;

    private FlinkCluster cluster;
    private CommittedOutputs committed;
    private final ExecutorService background =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "failover-test-generator");
                        t.setDaemon(true);
                        return t;
                    });

    /** What the scenario found. */
    private String job;

    private long checkpointBeforeKill;
    private String stateAfterRestart;
    private RestClient.Restored restored;
    private long restoreTimestamp;
    private long killedAtMillis;
    private Map<String, Long> faultyOutputs;
    private Map<String, Long> cleanOutputs;
    private Report report;
    private List<Transaction> open;

    @BeforeAll
    void killTheJobManagerOfARunningJobAndBringItBack() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        createTopics(bootstrap);
        GeneratorSettings settings = GeneratorSettings.defaults(ORDERS).withSeed(SEED);
        InputShape input = inputOf(settings);
        log("input: %,d orders in %,d records at %,.0f records/s", ORDERS, input.records(), RATE);

        Path dir = tmp.resolve("cluster");
        cluster = FlinkCluster.ownedBy(dir);
        int started =
                ClusterCommand.run(
                        List.of(
                                "start",
                                "--ha",
                                "--dir",
                                dir.toString(),
                                "--taskmanagers",
                                "2",
                                "--rest-port",
                                String.valueOf(LoopbackPorts.free()),
                                "--rpc-port",
                                String.valueOf(LoopbackPorts.free()),
                                "--checkpoint-dir",
                                tmp.resolve("checkpoints").toUri().toString(),
                                "--savepoint-dir",
                                tmp.resolve("savepoints").toUri().toString()),
                        d -> cluster,
                        System.out,
                        System.err);
        assertThat(started).as("cluster start --ha").isZero();
        FlinkCli.Target target = FlinkCli.Target.of(cluster);
        RestClient rest = cluster.rest();

        committed = new CommittedOutputs(bootstrap, OUTPUTS);
        job = submit(target, List.of(), jobArgs(bootstrap));
        awaitRunning(rest, job);
        // A live shop, as in ClusterFaultITCase: event time starts now and runs ahead of the clock.
        GeneratorSettings live = settings.withStartEpochMillis(System.currentTimeMillis() + 10_000);
        long lastEventTime =
                input.lastEventTime() - settings.startEpochMillis() + live.startEpochMillis();
        CompletableFuture<GeneratorReport> generator =
                CompletableFuture.supplyAsync(
                        () ->
                                OrderWriter.produce(
                                        bootstrap, live, TopicNames.defaults(), RATE, null),
                        background);

        awaitInput(bootstrap, input.records(), 0.30, generator);
        awaitUntil(
                RECOVERY_DEADLINE,
                () -> latestCheckpoint(rest, job) > 0 && committed.total() > 0,
                "a completed checkpoint with committed outputs");
        checkpointBeforeKill = latestCheckpoint(rest, job);
        FlinkCluster.Daemon jobManager = cluster.jobManager().orElseThrow();
        long committedBefore = committed.total();
        long killedAt = System.nanoTime();
        killedAtMillis = System.currentTimeMillis();
        cluster.kill(jobManager);
        log(
                "kill -9 jobmanager (pid %d) after checkpoint %d; bringing it back with cluster"
                        + " start",
                jobManager.pid(), checkpointBeforeKill);

        assertThat(
                        ClusterCommand.run(
                                List.of("start", "--dir", dir.toString()),
                                d -> cluster,
                                System.out,
                                System.err))
                .as("cluster start after the kill")
                .isZero();
        long answering = System.nanoTime();
        long running =
                awaitUntil(
                        RECOVERY_DEADLINE,
                        () -> restoredCheckpoint(rest).isPresent() && allRunning(rest),
                        "job " + job + " restored and running");
        stateAfterRestart = rest.job(job).state();
        restored = restoredCheckpoint(rest).orElseThrow();
        restoreTimestamp = restored.restoreTimestamp();
        long firstCommit =
                awaitUntil(
                        RECOVERY_DEADLINE,
                        () -> committed.total() > committedBefore,
                        "committed output after the recovery");
        log(
                "=== JobManager killed: REST API back after %.1f s, job running again from"
                    + " checkpoint %d after %.1f s, first new committed output after %.1f s ===",
                seconds(answering - killedAt),
                restored.id(),
                seconds(running - killedAt),
                seconds(firstCommit - killedAt));

        GeneratorReport sent = generator.get(RUN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        log("%s", sent.summaryLine());
        awaitCaughtUp(bootstrap, job);
        closeEventTime(bootstrap, lastEventTime);
        awaitCaughtUp(bootstrap, job);
        long checkpoint = latestCheckpoint(rest, job);
        awaitUntil(
                RECOVERY_DEADLINE,
                () -> latestCheckpoint(rest, job) >= checkpoint + 2,
                "two more checkpoints of job " + job);
        FlinkCli.Result stopped =
                FlinkCli.stop(target, job, null, false, CLI_TIMEOUT, System.out, System.err);
        assertThat(stopped.exitCode()).as("flink stop: %s", stopped.output()).isZero();
        awaitState(rest, job, "FINISHED", RECOVERY_DEADLINE);

        String clean = submit(target, List.of(), cleanRunArgs(bootstrap));
        awaitState(rest, clean, "FINISHED", RUN_DEADLINE);
        report = VerifyCommand.verify(bootstrap, VerifyOptions.defaults(), null);
        System.out.print(report.format());
        open = openTransactions(bootstrap);
        faultyOutputs = committedOutputs(bootstrap, "");
        cleanOutputs = committedOutputs(bootstrap, CLEAN_PREFIX);
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (committed != null) {
            committed.close();
        }
        if (cluster != null) {
            cluster.stop();
            keepLogs(cluster, KAFKA.broker(), Path.of("target", "jobmanager-failover-logs"));
        }
        background.shutdownNow();
    }

    @Test
    void theSameJobRunsAgainRestoredFromACheckpointTakenBeforeTheKill() {
        assertThat(stateAfterRestart)
                .as("job %s after the JobManager came back", job)
                .isEqualTo("RUNNING");
        assertThat(restored.isSavepoint())
                .as("restored from a checkpoint, not a savepoint")
                .isFalse();
        assertThat(restored.id())
                .as("the checkpoint it restored")
                .isGreaterThanOrEqualTo(checkpointBeforeKill);
        assertThat(restoreTimestamp).as("restored after the kill").isGreaterThan(killedAtMillis);
    }

    @Test
    void committedOutputsEqualACleanRunsExactly() {
        assertThat(printDifferences(faultyOutputs, cleanOutputs))
                .as("committed outputs equal the clean run's (differences above)")
                .isTrue();
        assertThat(faultyOutputs.values().stream().mapToLong(Long::longValue).sum())
                .as("committed outputs")
                .isGreaterThan(ORDERS / 2);
    }

    @Test
    void theOutputsPassTheVerifierAndNoTransactionIsLeftOpen() {
        assertThat(report.ok()).as("invariants (report above)").isTrue();
        assertThat(open).as("transactions left open on the broker").isEmpty();
    }

    private Optional<RestClient.Restored> restoredCheckpoint(RestClient rest) {
        try {
            return rest.restoredCheckpoint(job);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private boolean allRunning(RestClient rest) {
        try {
            return rest.job(job).allRunning();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
