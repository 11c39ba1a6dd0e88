package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.CheckpointFinder;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.local.Cli;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.Repository;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.verifier.Fulfilment;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.VerifyOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded replay run as a user runs it ({@code ./orderflow run ... --stop-at latest}: the local
 * CLI in its own JVM), killed with SIGKILL once two checkpoints completed, then started again with
 * {@code --resume}. It must end by itself and commit exactly what an uninterrupted run of the same
 * input commits into other topics: no more, no less.
 */
class CrashedReplayResumeITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 3;
    private static final long CHECKPOINTS_DEADLINE_S = 180;
    private static final long RESUMED_RUN_DEADLINE_S = 240;

    private static Path work;
    private static OrderProcessingOptions crashed;
    private static List<String> uninterruptedOutputs;
    private static String resumedRunLog;
    private static int resumedExitCode;
    private static String checkpointAtKill;
    private static boolean aliveAtKill;
    private static boolean withoutEndEnded;
    private static int withoutEndExitCode;
    private static String withoutEndLog;

    @BeforeAll
    static void crashAReplayAfterTwoCheckpointsThenResumeIt() throws Exception {
        work = Files.createTempDirectory("orderflow-crash-");
        String in = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.createTopics(
                KAFKA.bootstrapServers(),
                Map.of(
                        in + Topics.ORDERS.name(),
                        PARTITIONS,
                        in + Topics.INVENTORY.name(),
                        PARTITIONS));
        OrderWriter.produce(
                KAFKA.bootstrapServers(),
                GeneratorSettings.defaults(20_000).withSeed(11),
                new TopicNames(in + Topics.ORDERS.name(), in + Topics.INVENTORY.name()),
                0,
                null);

        List<String> args =
                List.of(
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--orders-topic",
                        in + Topics.ORDERS.name(),
                        "--inventory-topic",
                        in + Topics.INVENTORY.name(),
                        "--starting-offsets",
                        "earliest",
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "300ms",
                        "--checkpoint-dir",
                        work.resolve("checkpoints").toUri().toString());

        OrderProcessingOptions uninterrupted =
                OrderProcessingOptions.parse(
                        with(args, "--stop-at", "latest", "--output-prefix", in + "whole-"));
        io.orderflow.jobs.kafka.OutputGuard.check(uninterrupted); // creates its side topics
        BoundedRun.run(uninterrupted, UnaryOperator.identity());
        uninterruptedOutputs = BoundedRun.committedOutputs(KAFKA.bootstrapServers(), uninterrupted);

        List<String> crashedArgs =
                with(args, "--stop-at", "latest", "--output-prefix", in + "crashed-");
        crashed = OrderProcessingOptions.parse(crashedArgs);
        Process first = cli(with(crashedArgs), "first");
        try {
            checkpointAtKill = awaitCheckpoint(first, 2);
            aliveAtKill = first.isAlive();
        } finally {
            first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no cancel, open
            // transactions left behind
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the killed JVM is gone").isTrue();
        }

        Process withoutEnd =
                cli(with(args, "--output-prefix", in + "crashed-", "--resume"), "without-end");
        withoutEndEnded = withoutEnd.waitFor(RESUMED_RUN_DEADLINE_S, TimeUnit.SECONDS);
        if (!withoutEndEnded) {
            withoutEnd.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        withoutEndExitCode = withoutEnd.exitValue();
        withoutEndLog = Files.readString(work.resolve("without-end.log"), StandardCharsets.UTF_8);

        Process resumed = cli(with(crashedArgs, "--resume"), "resumed");
        boolean ended = resumed.waitFor(RESUMED_RUN_DEADLINE_S, TimeUnit.SECONDS);
        if (!ended) {
            resumed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        resumedRunLog = Files.readString(work.resolve("resumed.log"), StandardCharsets.UTF_8);
        assertThat(ended)
                .as(
                        "the resumed bounded run ends by itself within %d s; its log:%n%s",
                        RESUMED_RUN_DEADLINE_S, tail(resumedRunLog))
                .isTrue();
        resumedExitCode = resumed.exitValue();
    }

    @AfterAll
    static void removeWorkDir() throws IOException {
        if (work != null) {
            org.apache.flink.util.FileUtils.deleteDirectory(work.toFile());
        }
    }

    @Test
    void theReplayWasKilledMidwayAfterAtLeastTwoCheckpoints() {
        assertThat(aliveAtKill).as("still running when killed (else give it more input)").isTrue();
        assertThat(checkpointAtKill).matches(".*/chk-([2-9]|\\d{2,})");
    }

    @Test
    void theResumedReplayStartsFromTheLatestCheckpointOfItsOwnAndEndsByItself() {
        assertThat(resumedRunLog)
                .contains("Resuming from the latest checkpoint of this job: ")
                .contains(crashed.jobCheckpointDir().replaceFirst("^file:/+", "/"));
        assertThat(resumedExitCode).as(tail(resumedRunLog)).isZero();
        assertThat(resumedRunLog)
                .contains("The job ended; the outputs of everything it read are committed.");
    }

    @Test
    void resumedWithoutItsStopAtTheReplayStopsAtOnceWithTheWayOutAndKeepsItsCheckpoint() {
        assertThat(withoutEndEnded)
                .as(
                        "ends instead of waiting or restarting for ever; its log:%n%s",
                        tail(withoutEndLog))
                .isTrue();
        assertThat(withoutEndExitCode).isNotZero();
        assertThat(withoutEndLog)
                .contains("is of a bounded run")
                .contains("resume it with the --stop-at it ran with");
        assertThat(resumedRunLog)
                .as("the right command then resumes the same checkpoint")
                .contains(checkpointAtKill);
    }

    @Test
    void theCheckpointItResumedIsGoneOnceTheReplayEndedSoItCannotBeResumedTwice() {
        assertThat(Path.of(java.net.URI.create(checkpointAtKill))).doesNotExist();
    }

    @Test
    void theResumedReplayCommitsExactlyTheOutputsOfAnUninterruptedRun() {
        assertThat(uninterruptedOutputs).hasSizeGreaterThan(20_000);
        assertThat(BoundedRun.committedOutputs(KAFKA.bootstrapServers(), crashed))
                .isEqualTo(uninterruptedOutputs);
    }

    @Test
    void verifyPassesOnTheResumedReplaysOutputs() {
        Report report =
                VerifyCommand.verify(
                        KAFKA.bootstrapServers(),
                        new VerifyOptions(
                                crashed.ordersTopic,
                                crashed.inventoryTopic,
                                crashed.confirmationsTopic,
                                crashed.refundsTopic,
                                crashed.deadLettersTopic,
                                crashed.statusTopic,
                                Fulfilment.valueOf(crashed.defaultFulfilment.name()),
                                crashed.maxRecordBytes),
                        null);

        assertThat(report.ok()).as(report.format()).isTrue();
    }

    /**
     * What {@code ./orderflow run order-processing args...} runs: the local CLI in a JVM of its own
     * (this JVM's class path and opens, the repository's Flink settings), output to {@code
     * <name>.log}.
     */
    private static Process cli(List<String> args, String name) throws IOException {
        Path root = Repository.root();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-"))
                .forEach(cmd::add);
        cmd.addAll(
                List.of(
                        "-Xmx1g",
                        "-Dlog4j2.configurationFile="
                                + root.resolve("flink-conf").resolve("log4j-console.properties"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Cli.class.getName(),
                        "run",
                        OrderProcessingOptions.JOB_NAME));
        cmd.addAll(args);
        cmd.addAll(List.of("--web-ui-port", "0"));
        ProcessBuilder process =
                new ProcessBuilder(cmd)
                        .directory(
                                work.toFile()) // its .orderflow/run record stays in the work folder
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve(name + ".log").toFile());
        process.environment().put("ORDERFLOW_HOME", root.toString());
        return process.start();
    }

    /**
     * The latest completed checkpoint once its number is at least {@code n}; fails if the run ends
     * first or the deadline passes.
     */
    private static String awaitCheckpoint(Process run, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHECKPOINTS_DEADLINE_S);
        while (true) {
            Optional<String> latest = CheckpointFinder.latest(crashed.jobCheckpointDir());
            if (latest.isPresent()
                    && Long.parseLong(latest.get().replaceFirst(".*chk-", "")) >= n) {
                return latest.get();
            }
            assertThat(run.isAlive())
                    .as(
                            "the replay runs until it has completed %d checkpoints; its log:%n%s",
                            n, tail(work.resolve("first.log")))
                    .isTrue();
            assertThat(System.nanoTime() - deadline)
                    .as("%d checkpoints within %d s", n, CHECKPOINTS_DEADLINE_S)
                    .isNegative();
            TimeUnit.MILLISECONDS.sleep(50); // polling interval, bounded by the deadline above
        }
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static String tail(Path log) throws IOException {
        return Files.exists(log) ? tail(Files.readString(log, StandardCharsets.UTF_8)) : "(no log)";
    }

    private static String tail(String log) {
        return log.length() <= 6_000 ? log : log.substring(log.length() - 6_000);
    }
}
