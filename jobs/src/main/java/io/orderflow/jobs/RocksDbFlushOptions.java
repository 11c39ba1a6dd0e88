package io.orderflow.jobs;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Priority;

/**
 * How RocksDB flushes at a checkpoint. The synchronous part of a RocksDB checkpoint is a native
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
 */
public final class RocksDbFlushOptions implements RocksDBOptionsFactory {

    /** Flush threads shared by every RocksDB instance in a TaskManager. */
    static final int FLUSH_THREADS = 2;

    private static final long serialVersionUID = 1L;

    @Override
    public DBOptions createDBOptions(
            DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        currentOptions.getEnv().setBackgroundThreads(FLUSH_THREADS, Priority.HIGH);
        return currentOptions.setAtomicFlush(true);
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions;
    }
}
