package io.orderflow.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFinderTest {

    private static final String JOB_A = "0123456789abcdef0123456789abcdef";
    private static final String JOB_B = "fedcba9876543210fedcba9876543210";
    private static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");

    @TempDir Path dir;

    @Test
    void findsTheCheckpointWhoseMetadataIsNewestAcrossRunsOfTheJob() throws Exception {
        OrderProcessingOptions job = options("--output-prefix", "replay-");
        Path mine = Path.of(java.net.URI.create(job.jobCheckpointDir()));
        checkpoint(mine, JOB_A, 7, 0);
        checkpoint(mine, JOB_A, 8, 10);
        Path resumed = checkpoint(mine, JOB_B, 9, 20);

        assertThat(CheckpointFinder.latest(job.jobCheckpointDir()))
                .hasValueSatisfying(p -> assertThat(p).endsWith(JOB_B + "/chk-9"));
        assertThat(resumed).exists();
    }

    @Test
    void passesOverACheckpointFolderWithoutMetadata() throws Exception {
        OrderProcessingOptions job = options();
        Path mine = Path.of(java.net.URI.create(job.jobCheckpointDir()));
        checkpoint(mine, JOB_A, 3, 0);
        Files.createDirectories(mine.resolve(JOB_A).resolve("chk-4")); // cut short by a crash
        Files.createDirectories(mine.resolve(JOB_A).resolve("shared"));

        assertThat(CheckpointFinder.latest(job.jobCheckpointDir()))
                .hasValueSatisfying(p -> assertThat(p).endsWith(JOB_A + "/chk-3"));
    }

    @Test
    void ignoresTheCheckpointsOfAnotherJobInTheSameDirectory() throws Exception {
        OrderProcessingOptions job = options();
        OrderProcessingOptions other = options("--output-prefix", "other-");
        Path mine = Path.of(java.net.URI.create(job.jobCheckpointDir()));
        checkpoint(mine, JOB_A, 2, 0);
        checkpoint(Path.of(java.net.URI.create(other.jobCheckpointDir())), JOB_B, 50, 100);

        assertThat(other.jobCheckpointDir()).isNotEqualTo(job.jobCheckpointDir());
        assertThat(CheckpointFinder.latest(job.jobCheckpointDir()))
                .hasValueSatisfying(p -> assertThat(p).endsWith(JOB_A + "/chk-2"));
    }

    @Test
    void resumeTurnsIntoFromSavepointOfTheLatestCheckpointAndSaysSo() throws Exception {
        OrderProcessingOptions job = options("--resume", "--stop-at", "latest");
        Path chk = checkpoint(Path.of(java.net.URI.create(job.jobCheckpointDir())), JOB_A, 5, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        OrderProcessingOptions resumed =
                CheckpointFinder.resolve(job, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(Path.of(java.net.URI.create(resumed.fromSavepoint))).isEqualTo(chk);
        assertThat(resumed.resume).isFalse();
        assertThat(resumed.bounded()).isTrue();
        assertThat(resumed.resumesOwnCheckpoint())
                .as("claims it, so a finished run is not resumed again")
                .isTrue();
        assertThat(
                        options(
                                        "--from-savepoint",
                                        dir.resolve("savepoints")
                                                .resolve("savepoint-1")
                                                .toUri()
                                                .toString())
                                .resumesOwnCheckpoint())
                .isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Resuming from")
                .contains("chk-5");
    }

    @Test
    void resumeWithNoCheckpointIsOneLineNamingTheDirectoryAndTheWayOut() {
        OrderProcessingOptions job = options("--resume");

        assertThatThrownBy(() -> CheckpointFinder.resolve(job, System.out))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--resume: no completed checkpoint of this job")
                .hasMessageContaining(job.jobCheckpointDir())
                .hasMessageContaining("without --resume")
                .hasMessageNotContaining("\n");
    }

    @Test
    void resumeTogetherWithFromSavepointIsAUsageError() {
        assertThatThrownBy(() -> options("--resume", "--from-savepoint", "file:///tmp/sp"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--resume and --from-savepoint exclude each other");
    }

    @Test
    void resumeWithoutACheckpointDirectoryIsAUsageError() {
        OrderProcessingOptions job =
                OrderProcessingOptions.parse(
                        List.of("--bootstrap-servers", "localhost:9092", "--resume"));

        assertThatThrownBy(() -> CheckpointFinder.resolve(job, System.out))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--resume needs --checkpoint-dir");
    }

    private OrderProcessingOptions options(String... extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                "localhost:9092",
                                "--checkpoint-dir",
                                dir.toUri().toString()));
        argv.addAll(List.of(extra));
        return OrderProcessingOptions.parse(argv);
    }

    /** {@code <jobDir>/<jobId>/chk-N/_metadata}, written {@code seconds} after T0. */
    private static Path checkpoint(Path jobDir, String jobId, int n, int seconds) throws Exception {
        Path chk = Files.createDirectories(jobDir.resolve(jobId).resolve("chk-" + n));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "metadata");
        Files.setLastModifiedTime(metadata, FileTime.from(T0.plusSeconds(seconds)));
        return chk;
    }
}
