package io.orderflow.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.cluster.FlinkCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster status}: its JSON and its text, both printed from one {@link ClusterStatus}. */
class ClusterStatusTest {

    @TempDir Path tmp;

    private static final Path DIR = Path.of("/work/.orderflow/cluster");

    /**
     * A running cluster with HA: one TaskManager of this folder, one foreign, one gone; a job
     * restored from a savepoint.
     */
    private static ClusterStatus running() {
        return new ClusterStatus(
                DIR,
                new FlinkCluster.Daemon("jobmanager", 4242, DIR.resolve("log/jobmanager.log")),
                "http://localhost:8081/",
                new ClusterStatus.Ha(
                        "zookeeper at 127.0.0.1:2181",
                        new ClusterStatus.ZooKeeper(
                                4141,
                                "127.0.0.1:2181",
                                null,
                                DIR.resolve("zookeeper/data"),
                                DIR.resolve("zookeeper/zookeeper.log")),
                        false),
                null,
                new RestClient.Overview(2, 4, 1, 1, "2.2.1"),
                List.of(
                        new ClusterStatus.TaskManager(
                                "taskmanager-1",
                                4343L,
                                DIR.resolve("log/taskmanager-1.log"),
                                true,
                                true,
                                false,
                                2,
                                0),
                        new ClusterStatus.TaskManager(
                                "10.0.0.9:3333-abc", null, null, false, true, false, 2, 1)),
                List.of("taskmanager-2"),
                List.of(
                        new ClusterStatus.Job(
                                "0123456789abcdef0123456789abcdef",
                                "order-processing",
                                "RUNNING",
                                1_764_500_000_000L,
                                new ClusterStatus.Detail(
                                        1,
                                        new RestClient.Checkpoint(12, "file:/ckp/chk-12", 12, 0),
                                        new RestClient.Restored(
                                                7,
                                                true,
                                                "file:/sp/savepoint-7",
                                                1_764_499_000_000L)))),
                null);
    }

    private static JsonNode json(ClusterStatus status) throws Exception {
        String json = ClusterStatusJson.write(status);
        assertThat(json.lines()).hasSize(1);
        return new ObjectMapper().readTree(json);
    }

    private static String text(ClusterStatus status) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClusterStatusText.print(status, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonOfARunningClusterHasItsProcessesSlotsAndJobsAsNumbers() throws Exception {
        JsonNode root = json(running());

        assertThat(root.get("running").booleanValue()).isTrue();
        assertThat(root.get("exit_code").intValue()).isEqualTo(ExitCodes.OK);
        assertThat(root.get("job_manager").get("pid").isIntegralNumber()).isTrue();
        assertThat(root.get("job_manager").get("pid").longValue()).isEqualTo(4242);
        assertThat(root.get("job_manager").get("rest_address").asText())
                .isEqualTo("http://localhost:8081/");
        assertThat(root.get("rest_answers").booleanValue()).isTrue();
        assertThat(root.get("rest_error").isNull()).isTrue();
        assertThat(root.get("flink_version").asText()).isEqualTo("2.2.1");
        assertThat(root.get("slots_total").intValue()).isEqualTo(4);
        assertThat(root.get("slots_free").intValue()).isEqualTo(1);
        JsonNode ours = root.get("task_managers").get(0);
        assertThat(ours.get("pid").longValue()).isEqualTo(4343);
        assertThat(ours.get("started_here").booleanValue()).isTrue();
        assertThat(root.get("task_managers").get(1).get("pid").isNull())
                .as("not started here: no pid")
                .isTrue();
        assertThat(root.get("task_managers_gone").get(0).asText()).isEqualTo("taskmanager-2");
        JsonNode job = root.get("jobs").get(0);
        assertThat(job.get("state").asText()).isEqualTo("RUNNING");
        assertThat(job.get("start_time_ms").longValue()).isEqualTo(1_764_500_000_000L);
        assertThat(job.get("failures").intValue()).isEqualTo(1);
        assertThat(job.get("checkpoints_completed").longValue()).isEqualTo(12);
        assertThat(job.get("latest_checkpoint_path").asText()).isEqualTo("file:/ckp/chk-12");
        assertThat(job.get("restored_from_kind").asText()).isEqualTo("savepoint");
        assertThat(job.get("restored_from_id").longValue()).isEqualTo(7);
        assertThat(root.get("high_availability").get("zookeeper").get("mode").isNull())
                .as("not serving")
                .isTrue();
        assertThat(root.get("left_over").isNull()).isTrue();
    }

    @Test
    void jsonHasTheSameKeysWhetherOrNotAClusterRuns() throws Exception {
        ClusterStatus none =
                new ClusterStatus(
                        DIR,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        new ClusterStatus.LeftOver(1, false, false));

        JsonNode stopped = json(none);
        JsonNode up = json(running());

        assertThat(stopped.get("running").booleanValue()).isFalse();
        assertThat(stopped.get("exit_code").intValue()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(stopped.get("job_manager").isNull()).isTrue();
        assertThat(stopped.get("left_over").get("task_managers").intValue()).isEqualTo(1);
        assertThat(iterable(stopped.fieldNames()))
                .containsExactlyElementsOf(iterable(up.fieldNames()));
        assertThat(iterable(up.fieldNames())).allMatch(key -> key.matches("[a-z0-9_]+"));
    }

    @Test
    void aRestApiThatDoesNotAnswerIsExitThreeInTheJsonAndTheText() throws Exception {
        ClusterStatus silent =
                new ClusterStatus(
                        DIR,
                        new FlinkCluster.Daemon(
                                "jobmanager", 4242, DIR.resolve("log/jobmanager.log")),
                        "http://localhost:8081/",
                        null,
                        "Connection refused",
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        null);

        assertThat(silent.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        JsonNode root = json(silent);
        assertThat(root.get("rest_answers").booleanValue()).isFalse();
        assertThat(root.get("rest_error").asText()).isEqualTo("Connection refused");
        assertThat(root.get("slots_total").isNull()).isTrue();
        assertThat(text(silent)).contains("  REST API does not answer: Connection refused");
    }

    @Test
    void theTextShowsTheSameStatus() {
        assertThat(text(running()))
                .startsWith("Flink cluster in " + DIR + System.lineSeparator())
                .contains(
                        "  JobManager   pid 4242, web UI and REST API http://localhost:8081/, log "
                                + DIR.resolve("log/jobmanager.log"))
                .contains("  HA           on: zookeeper at 127.0.0.1:2181")
                .contains("  ZooKeeper    pid 4141, 127.0.0.1:2181 (not serving)")
                .contains("  Flink 2.2.1: 2 TaskManager(s), 4 slots, 1 free")
                .containsPattern("  taskmanager-1 +pid 4343 +2 slots, 0 free, log ")
                .containsPattern(
                        "  10.0.0.9:3333-abc +not started from this folder: 2 slots, 1 free")
                .contains(
                        "  gone: taskmanager-2; start new ones with ./orderflow cluster"
                                + " add-taskmanager")
                .containsPattern(
                        "    0123456789abcdef0123456789abcdef  RUNNING +order-processing, since"
                                + " \\d\\d:\\d\\d:\\d\\d, failures 1, checkpoints 12 \\(latest 12:"
                                + " file:/ckp/chk-12\\), restored from savepoint 7");
    }

    @Test
    void statusJsonOfAFolderWhereNoClusterRunsIsOneObjectAndExitOne() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code =
                ClusterCommand.run(
                        List.of("status", "--json", "--dir", tmp.resolve("none").toString()),
                        FlinkCluster::ownedBy,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream()));

        assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode root = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(root.get("running").booleanValue()).isFalse();
        assertThat(root.get("left_over").get("task_managers").intValue()).isZero();
    }

    @Test
    void jsonWithAnotherActionIsAUsageMistake() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code =
                ClusterCommand.run(
                        List.of("stop", "--json", "--dir", tmp.toString()),
                        FlinkCluster::ownedBy,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("orderflow cluster: --json goes with status only");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
