package io.orderflow.jobs.options;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that resumes its own checkpoints with incrementing transactional ids after a run with
 * pooled ones is refused at start (the connector would fail every restore); every other order of
 * runs is accepted.
 */
class TransactionNamingRecordTest {

    @TempDir Path dir;

    private final PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());

    private OrderProcessingOptions options(String... extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                "h:1",
                                "--checkpoint-dir",
                                dir.toUri().toString()));
        argv.addAll(List.of(extra));
        return OrderProcessingOptions.parse(argv);
    }

    /** A completed checkpoint of the job, where --resume finds it. */
    private String checkpoint(OrderProcessingOptions o) throws Exception {
        Path chk =
                Path.of(java.net.URI.create(o.jobCheckpointDir()))
                        .resolve("0123456789abcdef0123456789abcdef")
                        .resolve("chk-3");
        Files.createDirectories(chk);
        Files.writeString(chk.resolve("_metadata"), "");
        return chk.toUri().toString();
    }

    @Test
    void resumingPooledCheckpointsWithIncrementingIdsIsRefusedWithOneLine() throws Exception {
        CheckpointFinder.resolve(options("--transaction-naming", "pooling"), quiet);
        checkpoint(options());

        assertThatThrownBy(() -> CheckpointFinder.resolve(options("--resume"), quiet))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--transaction-naming: the checkpoints in ")
                .hasMessageEndingWith("resume with --transaction-naming pooling");
        assertThatNoException()
                .isThrownBy(
                        () ->
                                CheckpointFinder.resolve(
                                        options("--resume", "--transaction-naming", "pooling"),
                                        quiet));
    }

    @Test
    void anOwnCheckpointGivenAsSavepointIsCheckedToo() throws Exception {
        CheckpointFinder.resolve(options("--transaction-naming", "pooling"), quiet);
        String own = checkpoint(options());

        assertThatThrownBy(() -> CheckpointFinder.resolve(options("--from-savepoint", own), quiet))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void incrementingToPoolingAndFreshStartsAreAccepted() throws Exception {
        CheckpointFinder.resolve(options(), quiet);
        checkpoint(options());

        assertThatNoException()
                .isThrownBy(
                        () ->
                                CheckpointFinder.resolve(
                                        options("--resume", "--transaction-naming", "pooling"),
                                        quiet));
        // A fresh start with incrementing ids after pooled ones: nothing to restore.
        assertThatNoException().isThrownBy(() -> CheckpointFinder.resolve(options(), quiet));
        assertThatNoException()
                .isThrownBy(() -> CheckpointFinder.resolve(options("--resume"), quiet));
    }
}
