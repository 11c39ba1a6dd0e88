package io.orderflow.local.cluster;

import static io.orderflow.local.cluster.FaultRunOutputs.committedOutputs;
import static io.orderflow.local.cluster.FaultRunOutputs.openTransactions;
import static io.orderflow.local.cluster.FaultRunOutputs.printDifferences;
import static io.orderflow.local.cluster.FaultTestInput.awaitCaughtUp;
import static io.orderflow.local.cluster.FaultTestInput.awaitInput;
import static io.orderflow.local.cluster.FaultTestInput.closeEventTime;
import static io.orderflow.local.cluster.FaultTestInput.inputOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.kafka.KafkaPreflight;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.local.cluster.FaultRunOutputs.Transaction;
import io.orderflow.local.cluster.FaultTestInput.InputShape;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.cluster.FlinkCli;
import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.generate.GeneratorReport;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.VerifyOptions;
import io.orderflow.verifier.ViolationKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once on a real standalone cluster through real faults, all in one run. A broker, a
 * ZooKeeper-HA JobManager and two TaskManagers (separate JVMs, {@code cluster start --ha}), the job
 * submitted with Flink's CLI as {@code flink run} submits it, and the generator writing orders at a
 * steady rate. While it writes: a TaskManager running the job is killed with SIGKILL (and a new one
 * started) twice, both TaskManagers at once once, the broker is restarted gracefully, killed with
 * SIGKILL mid-transaction and started again after more than the idle timeout, and frozen with
 * SIGSTOP for more than the idle timeout, the JobManager is killed with SIGKILL and brought back,
 * and the job is stopped with a savepoint and resumed from it. Then event time is closed (a last
 * record per partition), the job is stopped with a savepoint, the same input is run once more,
 * cleanly and bounded, into side topics, and:
 *
 * <ul>
 *   <li>the contract's invariants hold on the committed outputs (no duplicate, no lost decision,
 *       nothing oversold, money conserved, every input accounted for);
 *   <li>no transaction is left open on the broker;
 *   <li>the committed outputs equal the clean run's, record for record.
 * </ul>
 *
 * Prints the recovery figures of every fault: time from the fault to the failure being noticed, to
 * the job running again, and to its first new committed output; and the restarts it took. Size and
 * pace: {@code -Dorderflow.fault.orders} (200,000) and {@code -Dorderflow.fault.rate} (records/s,
 * 1,500); for diagnosis {@code -Dorderflow.fault.kinds}
 * (kill,kill2,broker,broker-kill,broker-freeze,jobmanager,savepoint), {@code
 * -Dorderflow.fault.broker-down-seconds} and {@code -Dorderflow.fault.job-args}. The cluster's logs
 * are kept in {@code target/cluster-fault-logs}.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class ClusterFaultITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long ORDERS = Long.getLong("orderflow.fault.orders", 200_000);
    private static final double RATE =
            Double.parseDouble(System.getProperty("orderflow.fault.rate", "1500"));

    /**
     * Which faults to inject (for diagnosis): kill, kill2, broker, broker-kill, broker-freeze,
     * jobmanager, savepoint.
     */
    private static final Set<String> FAULTS =
            Set.of(
                    System.getProperty(
                                    "orderflow.fault.kinds",
                                    "kill,kill2,broker,broker-kill,broker-freeze,jobmanager,savepoint")
                            .split(","));

    /** How long the broker stays killed or frozen: longer than the job's idle timeout (5 s). */
    static final Duration OUTAGE = Duration.ofSeconds(8);

    /**
     * How long the broker stays down at its restart: 0 for a plain restart (diagnosis: e.g. 20s).
     */
    static final Duration BROKER_DOWN =
            Duration.ofSeconds(Long.getLong("orderflow.fault.broker-down-seconds", 0));

    private static final long SEED = 11;
    static final int PARTITIONS = 3;
    static final String GROUP = "orderflow-order-processing";
    static final String CLEAN_PREFIX = "clean-";
    static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(3);
    static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);
    static final Duration RUN_DEADLINE = Duration.ofMinutes(10);
    static final long POLL_MS = 200;
    static final List<String> OUTPUTS =
            List.of(Topics.CONFIRMATIONS.name(), Topics.REFUNDS.name(), Topics.DEAD_LETTERS.name());

    @TempDir Path tmp;

    FlinkCluster cluster;
    FlinkCli.Target target;
    CommittedOutputs committed;
    final ExecutorService background =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "fault-test-background");
                        t.setDaemon(true);
                        return t;
                    });
    private final List<Figure> figures = new ArrayList<>();
    private final Faults faults = new Faults(this);

    /**
     * What one fault cost: nanoseconds from the fault (-1: not applicable), and the job's restarts.
     */
    record Figure(
            String fault,
            long noticedNanos,
            long runningNanos,
            long firstCommitNanos,
            int restarts) {}

    @AfterEach
    void stopEverything() throws IOException {
        if (committed != null) {
            committed.close();
        }
        if (cluster != null) {
            cluster.stop();
            keepLogs(cluster, KAFKA.broker(), Path.of("target", "cluster-fault-logs"));
        }
        background.shutdownNow();
    }

    /**
     * The logs of the cluster (and its ZooKeeper) and broker outlive the temporary folder, in
     * {@code kept}, for a look after a failure.
     */
    static void keepLogs(FlinkCluster cluster, KafkaBroker broker, Path kept) throws IOException {
        kept = kept.toAbsolutePath();
        if (Files.exists(kept)) {
            try (Stream<Path> old = Files.walk(kept)) {
                old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(kept);
        for (Path log : List.of(cluster.logDir(), cluster.dir().resolve("log.1"))) {
            if (Files.isDirectory(log)) {
                try (Stream<Path> files = Files.list(log)) {
                    for (Path f : files.toList()) {
                        Files.copy(
                                f,
                                kept.resolve(f.getFileName()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        if (Files.exists(cluster.zooKeeper().logFile())) {
            Files.copy(
                    cluster.zooKeeper().logFile(),
                    kept.resolve("zookeeper.log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(
                broker.logFile(), kept.resolve("broker.log"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void taskManagerJobManagerAndBrokerFaultsAndAnUpgradeLoseAndDoubleNothing() throws Exception {
        long testStart = System.nanoTime();
        String bootstrap = KAFKA.bootstrapServers();
        createTopics(bootstrap);
        GeneratorSettings settings = GeneratorSettings.defaults(ORDERS).withSeed(SEED);
        InputShape input = inputOf(settings);
        long records = input.records();
        log(
                "input: %,d orders in %,d records at %,.0f records/s (about %d s)",
                ORDERS, records, RATE, Math.round(records / RATE));

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
                                "--checkpoint-dir",
                                tmp.resolve("checkpoints").toUri().toString(),
                                "--savepoint-dir",
                                tmp.resolve("savepoints").toUri().toString()),
                        d -> cluster,
                        System.out,
                        System.err);
        assertThat(started).as("cluster start --ha").isZero();
        target = FlinkCli.Target.of(cluster);
        RestClient rest = cluster.rest();
        log("cluster up at %s: %s", rest.base(), rest.overview());

        committed = new CommittedOutputs(bootstrap, OUTPUTS);
        String job = submit(List.of(), jobArgs(bootstrap));
        awaitRunning(rest, job);
        log("job %s running", job);
        assertASecondJobWithItsPrefixIsRefused(bootstrap, job);

        // A live shop: event time starts now (with a lead for the generator's back-dated jitter)
        // and runs ahead of the clock (about 3 ms of event time per record at 1,500 records/s).
        // Input dated in the past would be late by contract: the job has waited on empty topics
        // longer than the idle timeout, so its event time follows the wall clock (section 5).
        GeneratorSettings live = settings.withStartEpochMillis(System.currentTimeMillis() + 10_000);
        long lastEventTime =
                input.lastEventTime() - settings.startEpochMillis() + live.startEpochMillis();
        CompletableFuture<GeneratorReport> generator =
                CompletableFuture.supplyAsync(
                        () ->
                                OrderWriter.produce(
                                        bootstrap, live, TopicNames.defaults(), RATE, null),
                        background);

        awaitInput(bootstrap, records, 0.08, generator);
        if (FAULTS.contains("kill")) {
            figures.add(faults.killTaskManager(job));
        }
        awaitInput(bootstrap, records, 0.18, generator);
        if (FAULTS.contains("broker")) {
            figures.add(faults.restartBroker(job));
        }
        awaitInput(bootstrap, records, 0.28, generator);
        if (FAULTS.contains("jobmanager")) {
            figures.add(faults.killJobManager(job));
        }
        awaitInput(bootstrap, records, 0.38, generator);
        if (FAULTS.contains("broker-kill")) {
            figures.add(faults.killBroker(job, OUTAGE));
        }
        awaitInput(bootstrap, records, 0.48, generator);
        if (FAULTS.contains("savepoint")) {
            String[] resumed = new String[1];
            figures.add(faults.stopWithSavepointAndResume(job, bootstrap, resumed));
            job = resumed[0];
        }
        awaitInput(bootstrap, records, 0.58, generator);
        if (FAULTS.contains("broker-freeze")) {
            figures.add(faults.freezeBroker(job, OUTAGE));
        }
        awaitInput(bootstrap, records, 0.68, generator);
        if (FAULTS.contains("kill2")) {
            figures.add(faults.killTwoTaskManagers(job));
        }
        awaitInput(bootstrap, records, 0.80, generator);
        if (FAULTS.contains("kill")) {
            figures.add(faults.killTaskManager(job));
        }

        GeneratorReport sent = generator.get(RUN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        log("%s", sent.summaryLine());
        awaitCaughtUp(bootstrap, job);
        closeEventTime(bootstrap, lastEventTime);
        awaitCaughtUp(bootstrap, job);
        String last = job;
        long checkpoint = latestCheckpoint(rest, last);
        awaitUntil(
                RECOVERY_DEADLINE,
                () -> latestCheckpoint(rest, last) >= checkpoint + 2,
                "two more checkpoints of job " + last);
        faults.countLateEvents(job);
        log(
                "late events in the faulty run (as far as its counters tell): %,d",
                faults.lateEvents());
        FlinkCli.Result stopped =
                FlinkCli.stop(target, job, null, false, CLI_TIMEOUT, System.out, System.err);
        assertThat(stopped.exitCode()).as("flink stop: %s", stopped.output()).isZero();
        awaitState(rest, job, "FINISHED", RECOVERY_DEADLINE);
        int restartsOfLastJob = rest.failures(job);
        log(
                "job %s stopped with a savepoint; the faulty run took %d s so far",
                job, seconds(testStart));

        String clean = submit(List.of(), cleanRunArgs(bootstrap));
        awaitState(rest, clean, "FINISHED", RUN_DEADLINE);
        log("clean bounded run %s finished", clean);

        Report report = VerifyCommand.verify(bootstrap, VerifyOptions.defaults(), null);
        System.out.print(report.format());
        List<Transaction> open = openTransactions(bootstrap);
        Map<String, Long> faulty = committedOutputs(bootstrap, "");
        Map<String, Long> reference = committedOutputs(bootstrap, CLEAN_PREFIX);
        printFigures(testStart, restartsOfLastJob);
        boolean equal = printDifferences(faulty, reference);
        if (!equal || !report.ok()) {
            log("the clean run's outputs, checked the same way:");
            System.out.print(
                    VerifyCommand.verify(
                                    bootstrap,
                                    VerifyOptions.defaults().withOutputPrefix(CLEAN_PREFIX),
                                    null)
                            .format());
        }

        assertThat(equal)
                .as(
                        "committed outputs after the faults equal the clean run's, exactly"
                                + " (differences above)")
                .isTrue();
        assertThat(report.total(ViolationKind.DUPLICATE_OUTPUT)).as("duplicates").isZero();
        assertThat(report.total(ViolationKind.LOST_DECISION)).as("lost decisions").isZero();
        assertThat(report.total(ViolationKind.OVERSOLD)).as("oversold skus").isZero();
        assertThat(
                        report.total(ViolationKind.WRONG_AMOUNT)
                                + report.total(ViolationKind.MISSING_REFUND))
                .as("money not conserved")
                .isZero();
        assertThat(report.ok()).as("invariants (report above)").isTrue();
        assertThat(open).as("transactions left open on the broker").isEmpty();
        assertThat(faulty.values().stream().mapToLong(Long::longValue).sum())
                .as("committed outputs")
                .isGreaterThan(ORDERS / 2);
        for (Figure f : figures) {
            if (f.fault().startsWith("kill -9")
                    && f.fault().toLowerCase(Locale.ROOT).contains("taskmanager")) {
                assertThat(f.restarts()).as("%s made the job restart", f.fault()).isPositive();
            }
        }
    }

    /**
     * The start-up guard finds the running job by its transactional id prefix in the cluster's REST
     * API (a global job parameter), before the job has written anything the brokers could show.
     */
    private void assertASecondJobWithItsPrefixIsRefused(String bootstrap, String job) {
        List<String> args = jobArgs(bootstrap);
        OrderProcessingOptions second = OrderProcessingOptions.parse(args.subList(1, args.size()));
        Configuration client = new Configuration(cluster.configuration());
        client.set(DeploymentOptions.TARGET, "remote");
        assertThatThrownBy(
                        () ->
                                KafkaPreflight.check(
                                        second,
                                        client,
                                        new PrintStream(OutputStream.nullOutputStream())))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("is in use by job " + job);
    }

    // ---- jobs ----

    String submit(List<String> flinkOptions, List<String> jobArgs) {
        return submit(target, flinkOptions, jobArgs);
    }

    /** {@code flink run -d} of the job jar on {@code target}; its job id. */
    static String submit(FlinkCli.Target target, List<String> flinkOptions, List<String> jobArgs) {
        FlinkCli.Result r =
                FlinkCli.submit(
                        target,
                        flinkOptions,
                        FlinkCli.defaultJar(),
                        jobArgs,
                        CLI_TIMEOUT,
                        System.out,
                        System.err);
        assertThat(r.exitCode()).as("flink run: %s", r.output()).isZero();
        return r.jobId().orElseThrow(() -> new AssertionError("no job id in: " + r.output()));
    }

    static List<String> jobArgs(String bootstrap) {
        List<String> args =
                new ArrayList<>(List.of("order-processing", "--bootstrap-servers", bootstrap));
        String extra = System.getProperty("orderflow.fault.job-args", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        return args;
    }

    /**
     * The same job, bounded, over the whole input, into the {@value #CLEAN_PREFIX} topics: the
     * outputs a run without faults commits.
     */
    static List<String> cleanRunArgs(String bootstrap) {
        List<String> args = new ArrayList<>(jobArgs(bootstrap));
        args.addAll(
                List.of(
                        "--starting-offsets",
                        "earliest",
                        "--stop-at",
                        "latest",
                        "--output-prefix",
                        CLEAN_PREFIX));
        return args;
    }

    /** Waits until every vertex of the job runs; returns when. */
    static long awaitRunning(RestClient rest, String job) throws Exception {
        return awaitUntil(
                RECOVERY_DEADLINE,
                () -> {
                    try {
                        RestClient.JobDetails d = rest.job(job);
                        if (RestClient.isTerminal(d.state())) {
                            throw new AssertionError("job " + job + " ended " + d.state());
                        }
                        return d.allRunning();
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                },
                "job " + job + " running");
    }

    static void awaitState(RestClient rest, String job, String state, Duration deadline)
            throws Exception {
        awaitUntil(
                deadline,
                () -> {
                    try {
                        String now = rest.job(job).state();
                        if (RestClient.isTerminal(now) && !now.equals(state)) {
                            throw new AssertionError(
                                    "job " + job + " ended " + now + ", not " + state);
                        }
                        return now.equals(state);
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                },
                "job " + job + " " + state);
    }

    /**
     * The id of the job's latest completed checkpoint; 0 when it has none or the REST API does not
     * answer.
     */
    static long latestCheckpoint(RestClient rest, String job) {
        try {
            return rest.latestCheckpoint(job).map(RestClient.Checkpoint::id).orElse(0L);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    static void createTopics(String bootstrap) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (var t : Topics.ORDER_PROCESSING) {
            topics.put(t.name(), PARTITIONS);
        }
        TopicAdmin.createTopics(bootstrap, topics);
    }

    private void printFigures(long testStart, int restartsOfLastJob) {
        StringBuilder s =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%n=== recovery figures (%,d orders at %,.0f records/s; test took"
                                        + " %d s) ===%n",
                                ORDERS,
                                RATE,
                                seconds(testStart)));
        s.append(
                String.format(
                        Locale.ROOT,
                        "%-56s %9s %9s %13s %9s%n",
                        "fault",
                        "noticed",
                        "running",
                        "first commit",
                        "restarts"));
        for (Figure f : figures) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "%-56s %9s %9s %13s %9d%n",
                            f.fault(),
                            inSeconds(f.noticedNanos()),
                            inSeconds(f.runningNanos()),
                            inSeconds(f.firstCommitNanos()),
                            f.restarts()));
        }
        s.append(
                "(times from the fault: failure in the job's exception history, every task RUNNING"
                        + " again, first new\n"
                        + " committed output on the output topics; restarts = failures in the job's"
                        + " exception history;\n"
                        + " the resumed job restarted "
                        + restartsOfLastJob
                        + " times in all)\n");
        System.out.print(s);
    }

    private static String inSeconds(long nanosOrMinus) {
        return nanosOrMinus < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", nanosOrMinus / 1e9);
    }

    /**
     * Polls {@code condition} every {@value #POLL_MS} ms until it holds; returns System.nanoTime()
     * then.
     */
    static long awaitUntil(Duration deadline, BooleanSupplier condition, String what)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline.toSeconds() + " s: " + what);
            }
            Thread.sleep(POLL_MS);
        }
        return System.nanoTime();
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    static long seconds(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[fault-test] " + format + "%n", args);
    }
}
