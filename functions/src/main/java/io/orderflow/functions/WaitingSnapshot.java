package io.orderflow.functions;

import io.orderflow.functions.WaitingEntries.Bucket;
import io.orderflow.functions.wire.LedgerBucketSerializer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.types.StringValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's waiting entries in a checkpoint: raw keyed state, one sequential stream per key
 * group, written whole at each checkpoint and read back at a restore (at any parallelism, since a
 * key group moves whole). Keyed state in RocksDB took a write and, once the bucket applied, a
 * delete per bucket: 2.9 % of the job's CPU at 1 M events (async-profiler), and writes that every
 * checkpoint then flushed.
 *
 * <p>Each key group starts with {@link #MAGIC} and {@link #FORMAT}, then the number of buckets and
 * each bucket's sku, instant and entries ({@link LedgerBucketSerializer}). A key group that does
 * not start so was not written here (a savepoint of an older layout with Flink's legacy timers in
 * raw keyed state, which Flink did not restore either): it is skipped with a warning.
 */
final class WaitingSnapshot {

    static final int MAGIC = 0x6F66_6C77; // "oflw"
    static final int FORMAT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(WaitingSnapshot.class);

    private WaitingSnapshot() {}

    /**
     * Writes every waiting bucket under its sku's key group; every group of the subtask's range is
     * written.
     */
    static void write(
            WaitingEntries waiting, KeyedStateCheckpointOutputStream out, int maxParallelism)
            throws IOException {
        Map<Integer, List<Bucket>> byGroup = new HashMap<>();
        waiting.forEachBucket(
                b ->
                        byGroup.computeIfAbsent(
                                        KeyGroupRangeAssignment.assignToKeyGroup(
                                                b.sku, maxParallelism),
                                        g -> new ArrayList<>())
                                .add(b));
        DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(out);
        for (int group : out.getKeyGroupList()) {
            out.startNewKeyGroup(group);
            List<Bucket> buckets = byGroup.getOrDefault(group, List.of());
            view.writeInt(MAGIC);
            view.writeInt(FORMAT);
            view.writeInt(buckets.size());
            for (Bucket b : buckets) {
                StringValue.writeString(b.sku, view);
                view.writeLong(b.time);
                LedgerBucketSerializer.INSTANCE.serialize(b.entries, view);
            }
        }
    }

    /** Adds what one key group held to {@code waiting}. */
    static void read(KeyGroupStatePartitionStreamProvider group, WaitingEntries waiting)
            throws IOException {
        InputStream in = group.getStream();
        DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
        if (magicOf(view) != MAGIC) {
            LOG.warn(
                    "key group {} of the ledger's raw keyed state was not written by this ledger"
                            + " (an older layout's legacy timers?): skipped",
                    group.getKeyGroupId());
            return;
        }
        int format = view.readInt();
        if (format != FORMAT) {
            throw new IOException(
                    "the ledger's waiting entries are in format "
                            + format
                            + ", this version reads "
                            + FORMAT);
        }
        int buckets = view.readInt();
        for (int i = 0; i < buckets; i++) {
            String sku = StringValue.readString(view);
            long time = view.readLong();
            waiting.addAll(sku, time, LedgerBucketSerializer.INSTANCE.deserialize(view));
        }
    }

    private static int magicOf(DataInputViewStreamWrapper view) throws IOException {
        try {
            return view.readInt();
        } catch (EOFException e) {
            return 0; // an empty stream: nothing of ours
        }
    }
}
