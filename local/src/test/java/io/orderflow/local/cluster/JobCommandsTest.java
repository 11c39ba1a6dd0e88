package io.orderflow.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.cluster.FlinkCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandsTest {

    @TempDir Path conf;

    @Test
    void submitGivesTheJobTheClustersCheckpointDirectorySoResumeFindsItsCheckpoints()
            throws Exception {
        FlinkCli.Target cluster = target("execution.checkpointing.dir: file:///data/checkpoints\n");

        assertThat(JobCommands.withCheckpointDir(cluster, List.of("order-processing", "--resume")))
                .containsExactly(
                        "order-processing",
                        "--resume",
                        "--checkpoint-dir",
                        "file:///data/checkpoints");
        assertThat(
                        JobCommands.withCheckpointDir(
                                cluster,
                                List.of("order-processing", "--checkpoint-dir", "s3://b/c")))
                .containsExactly("order-processing", "--checkpoint-dir", "s3://b/c");
        assertThat(
                        JobCommands.withCheckpointDir(
                                target("parallelism.default: 1\n"), List.of("order-processing")))
                .containsExactly("order-processing");
    }

    @Test
    void submitWithResumeAndDashSIsAUsageErrorNamingBoth() {
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(
                        () ->
                                JobCommands.submit(
                                        List.of(
                                                "-s",
                                                "file:///sp/savepoint-1",
                                                "order-processing",
                                                "--resume"),
                                        quiet,
                                        quiet))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--resume and -s exclude each other: --resume finds the job's latest"
                                + " checkpoint itself");
    }

    private FlinkCli.Target target(String yaml) throws Exception {
        Files.writeString(conf.resolve("config.yaml"), yaml);
        return new FlinkCli.Target(
                conf, URI.create("http://localhost:1/"), conf.resolve("client.log"));
    }

    @Test
    void submitGivesTheJobTheFilesItReadsAsAbsolutePaths() {
        List<String> args =
                JobCommands.withAbsoluteKafkaConfig(
                        List.of(
                                "rivers",
                                "--rivers",
                                "rivers.yaml",
                                "--kafka-config=client.properties",
                                "--rapids-topic",
                                "rapids"));

        assertThat(args)
                .containsExactly(
                        "rivers",
                        "--rivers",
                        java.nio.file.Path.of("rivers.yaml").toAbsolutePath().toString(),
                        "--kafka-config="
                                + java.nio.file.Path.of("client.properties").toAbsolutePath(),
                        "--rapids-topic",
                        "rapids");
    }

    @Test
    void submitRiversHelpShowsTheRiversJobsOptions() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out =
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);

        assertThat(JobCommands.submit(List.of("rivers", "--help"), out, out)).isZero();
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("--rivers=FILE");
    }

    @Test
    void flinkCliExitCodesPassTheJobsUsageAndUnreachableCodesAndMakeAnyOtherFailureFour() {
        assertThat(JobCommands.exitCode(new FlinkCli.Result(0, ""))).isEqualTo(ExitCodes.OK);
        assertThat(JobCommands.exitCode(new FlinkCli.Result(2, "")))
                .as("the job's main: a usage mistake")
                .isEqualTo(ExitCodes.USAGE);
        assertThat(JobCommands.exitCode(new FlinkCli.Result(3, "")))
                .as("the job's main: Kafka unreachable")
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(JobCommands.exitCode(new FlinkCli.Result(1, "")))
                .as("Flink's CLI failed")
                .isEqualTo(ExitCodes.FAILED);
        assertThat(JobCommands.exitCode(new FlinkCli.Result(137, ""))).isEqualTo(ExitCodes.FAILED);
    }
}
