package io.orderflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.OrderProcessingOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.state.rocksdb.RocksDBOptions;
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

    @Test
    void theJobConfiguresRocksDbWithThem() {
        var config =
                OrderProcessingJob.flinkConfig(
                        OrderProcessingOptions.parse(
                                List.of("--bootstrap-servers", "unused:9092")));

        assertThat(config.get(RocksDBOptions.OPTIONS_FACTORY))
                .isEqualTo(RocksDbCheckpointOptions.class.getName());
    }
}
