package io.orderflow.jobs.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * {@code --resume}: the latest retained checkpoint of one job, in Flink's layout under the job's
 * own folder ({@link OrderProcessingOptions#jobCheckpointDir()}): {@code <job-id>/chk-N/_metadata}.
 * A checkpoint counts once its {@code _metadata} is written; a {@code chk-N} folder without one was
 * cut short (the process died while writing it) and is passed over. Any file system Flink reaches
 * (file, s3, hdfs) will do.
 */
public final class CheckpointFinder {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final String METADATA = "_metadata";

    private record Found(String path, long modified, long number) {}

    private CheckpointFinder() {}

    /**
     * {@code options} resuming from the job's latest checkpoint when they ask for --resume; else
     * themselves.
     */
    @SuppressWarnings("unchecked") // resumingFrom gives options of the same job
    public static <T extends JobRun> T resolve(T options, java.io.PrintStream out) {
        if (!options.resume()) {
            return options;
        }
        String dir = options.jobCheckpointDir();
        if (dir == null) {
            throw new UsageException(
                    "--resume needs --checkpoint-dir: the checkpoints of this job are looked for"
                            + " there");
        }
        String latest =
                latest(dir)
                        .orElseThrow(
                                () ->
                                        new UsageException(
                                                "--resume: no completed checkpoint of this job"
                                                        + " (transactional id prefix "
                                                        + options.transactionalIdPrefix()
                                                        + ") in "
                                                        + dir
                                                        + "; run it without --resume to start"
                                                        + " afresh, or name a savepoint with"
                                                        + " --from-savepoint"));
        out.println("Resuming from the latest checkpoint of this job: " + latest);
        return (T) options.resumingFrom(latest);
    }

    /**
     * The latest checkpoint (a {@code chk-N} folder with its {@code _metadata}) under {@code
     * jobDir}, of any run of the job.
     */
    public static Optional<String> latest(String jobDir) {
        try {
            Path root = new Path(jobDir);
            FileSystem fs = root.getFileSystem();
            if (!fs.exists(root)) {
                return Optional.empty();
            }
            Optional<Found> best = Optional.empty();
            for (FileStatus run : list(fs, root)) {
                if (!run.isDir() || !JOB_ID.matcher(run.getPath().getName()).matches()) {
                    continue;
                }
                for (FileStatus checkpoint : list(fs, run.getPath())) {
                    Matcher m = CHECKPOINT.matcher(checkpoint.getPath().getName());
                    Path metadata = new Path(checkpoint.getPath(), METADATA);
                    if (!checkpoint.isDir() || !m.matches() || !fs.exists(metadata)) {
                        continue;
                    }
                    Found found =
                            new Found(
                                    checkpoint.getPath().toString(),
                                    fs.getFileStatus(metadata).getModificationTime(),
                                    Long.parseLong(m.group(1)));
                    // The newest metadata wins; a run resumed from a checkpoint numbers on from it,
                    // so N breaks ties.
                    Comparator<Found> order =
                            Comparator.comparingLong(Found::modified)
                                    .thenComparingLong(Found::number);
                    if (best.isEmpty() || order.compare(found, best.get()) > 0) {
                        best = Optional.of(found);
                    }
                }
            }
            return best.map(Found::path);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot look for checkpoints in " + jobDir + ": " + e.getMessage(), e);
        }
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        return children == null ? new FileStatus[0] : children;
    }
}
