package io.orderflow.jobs;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Priority;

/**
 * What a checkpoint costs RocksDB. The synchronous part of a RocksDB checkpoint is a native
 * checkpoint, which first flushes the memtable of every column family written since the last one.
 * By default it does so one column family after another, each as its own job on RocksDB's flush
 * pool, and that pool has one thread for all the RocksDB instances of a TaskManager (Flink's {@code
 * state.backend.rocksdb.thread.num} sets RocksDB's {@code IncreaseParallelism}, which leaves one
 * flush thread in the process-wide environment). A ledger writes four states, so its checkpoint
 * queued four times behind the other operators' flushes: on a loaded machine each wait for that
 * thread took 10 to 25 ms, and the flushes themselves about 1 ms of CPU each.
 *
 * <p>Here each instance flushes all its column families in one job (atomic flush: one wait, and the
 * column families stay consistent with each other, which the checkpoint needs anyway), and the
 * flush pool gets {@value #FLUSH_THREADS} threads so that instances checkpointing together do not
 * queue behind each other.
 *
 * <p>The native checkpoint also copies the instance's MANIFEST, and Flink uploads that copy with
 * every incremental checkpoint. RocksDB appends to it at every flush and compaction and, by
 * default, starts a new one only past 1 GiB: a ledger's grew by about 1 KiB a second at 2,000
 * events/s with 1 s checkpoints, so a job running for days would copy and upload tens of MB per
 * instance and checkpoint. Here a new MANIFEST (holding only the live files) starts past {@value
 * #MAX_MANIFEST_BYTES} bytes.
 */
public final class RocksDbCheckpointOptions implements RocksDBOptionsFactory {

    /** Flush threads shared by every RocksDB instance in a TaskManager. */
    static final int FLUSH_THREADS = 2;

    /** Past this size RocksDB starts a new MANIFEST. */
    static final long MAX_MANIFEST_BYTES = 1024 * 1024;

    private static final long serialVersionUID = 1L;

    @Override
    public DBOptions createDBOptions(
            DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        currentOptions.getEnv().setBackgroundThreads(FLUSH_THREADS, Priority.HIGH);
        return currentOptions.setAtomicFlush(true).setMaxManifestFileSize(MAX_MANIFEST_BYTES);
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions;
    }
}
