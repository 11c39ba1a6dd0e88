package io.orderflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.rocksdb.DBOptions;
import org.rocksdb.Priority;
import org.rocksdb.RocksDB;

class RocksDbCheckpointOptionsTest {

    @Test
    void everyColumnFamilyIsFlushedInOneJobOnTwoFlushThreadsAndTheManifestIsBounded() {
        RocksDB.loadLibrary();
        try (DBOptions flinks = new DBOptions()) {
            flinks.setIncreaseParallelism(2); // what Flink sets: one flush thread per process
            DBOptions ours =
                    new RocksDbCheckpointOptions().createDBOptions(flinks, new ArrayList<>());

            assertThat(ours.atomicFlush()).isTrue();
            assertThat(ours.getEnv().getBackgroundThreads(Priority.HIGH)).isEqualTo(2);
            assertThat(ours.maxManifestFileSize()).isEqualTo(1024 * 1024);
        }
    }
}
