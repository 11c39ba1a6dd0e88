package io.orderflow.jobs.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The transaction naming a job's checkpoints were taken with, kept in a file beside them ({@value
 * #FILE} in the job's checkpoint folder). The Kafka connector restores a checkpoint of pooled
 * transactional ids only with pooling again: with incrementing ids it fails the restore, and the
 * job would restart into the same failure for ever. So a run that resumes its own checkpoints with
 * incrementing ids after a run with pooled ones is refused at start, with one line.
 */
final class TransactionNamingRecord {

    static final String FILE = "transaction-naming";

    private TransactionNamingRecord() {}

    /**
     * Refuses {@code o} when it resumes from its own checkpoints with incrementing ids and they
     * were taken with pooled ones; then records its naming for the runs after it. Nothing for a run
     * without a checkpoint folder of its own, or at least once.
     */
    static void check(JobRun o) {
        if (!o.exactlyOnce() || o.jobCheckpointDir() == null) {
            return;
        }
        Path file = new Path(o.jobCheckpointDir(), FILE);
        if (o.transactionNaming() == TransactionNaming.INCREMENTING
                && o.resumesOwnCheckpoint()
                && read(file).orElse(null) == TransactionNaming.POOLING) {
            throw new UsageException(
                    "--transaction-naming: the checkpoints in "
                            + o.jobCheckpointDir()
                            + " were taken with pooled transactional ids, and the Kafka connector"
                            + " cannot go back to incrementing ones (it could lose outputs):"
                            + " resume with --transaction-naming pooling");
        }
        write(file, o.transactionNaming());
    }

    /**
     * What {@code file} records; empty when there is no such file, it says nothing known, or this
     * process cannot read the checkpoint folder (the guard is then not made).
     */
    static Optional<TransactionNaming> read(Path file) {
        try {
            FileSystem fs = file.getFileSystem();
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            try (FSDataInputStream in = fs.open(file)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                for (TransactionNaming naming : TransactionNaming.values()) {
                    if (naming.name().equalsIgnoreCase(text)) {
                        return Optional.of(naming);
                    }
                }
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Best effort: a client that cannot write the checkpoint folder leaves the guard out. */
    private static void write(Path file, TransactionNaming naming) {
        try {
            FileSystem fs = file.getFileSystem();
            fs.mkdirs(file.getParent());
            try (FSDataOutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
                out.write(naming.name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the cluster writes its checkpoints there; this process may have no access
        }
    }
}
