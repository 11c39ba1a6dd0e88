package io.orderflow.functions;

import io.orderflow.functions.WaitingEntries.Bucket;
import io.orderflow.functions.wire.LedgerBucketSerializer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
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
 * checkpoint then flushed. A bucket is encoded once and its bytes kept until its entries change: a
 * replay's inventory waits through many checkpoints, and encoding all of it again at each one took
 * 5.6 % of the job's CPU (async-profiler, 1 M events; 2.5 % with the bytes kept).
 *
 * <p>Each key group starts with {@link #MAGIC} and {@link #FORMAT}, then the number of buckets and
 * each bucket's sku, instant and entries ({@link LedgerBucketSerializer}). A key group that does
 * not start so was not written here (a savepoint of an older layout with Flink's legacy timers in
 * raw keyed state, which Flink did not restore either): it is skipped with a warning.
 */
final class WaitingSnapshot {

    static final int MAGIC = 0x6F66_6C77; // "oflw"

    /** 2: entries may carry their order (1: none did); both are read. */
    static final int FORMAT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(WaitingSnapshot.class);

    private WaitingSnapshot() {}

    /**
     * Writes every waiting bucket under its sku's key group; every group of the subtask's range is
     * written.
     */
    static void write(
            WaitingEntries waiting, KeyedStateCheckpointOutputStream out, int maxParallelism)
            throws IOException {
        ByGroup byGroup = new ByGroup(maxParallelism);
        waiting.forEachBucket(byGroup);
        DataOutputSerializer scratch = new DataOutputSerializer(256);
        for (int group : out.getKeyGroupList()) {
            out.startNewKeyGroup(group);
            writeGroup(byGroup.buckets.getOrDefault(group, List.of()), out, scratch);
        }
    }

    /**
     * One key group's buckets. A bucket is encoded once and its bytes kept ({@link Bucket#written})
     * until its entries change; the stream gets whole arrays, not single bytes.
     */
    static void writeGroup(List<Bucket> buckets, OutputStream out, DataOutputSerializer scratch)
            throws IOException {
        scratch.clear();
        scratch.writeInt(MAGIC);
        scratch.writeInt(FORMAT);
        scratch.writeInt(buckets.size());
        out.write(scratch.getSharedBuffer(), 0, scratch.length());
        for (Bucket b : buckets) {
            if (b.written == null) {
                scratch.clear();
                StringValue.writeString(b.sku, scratch);
                scratch.writeLong(b.time);
                LedgerBucketSerializer.INSTANCE.serialize(b.entries, scratch);
                b.written = scratch.getCopyOfBuffer();
            }
            out.write(b.written);
        }
    }

    /**
     * Buckets by their sku's key group. {@link WaitingEntries#forEachBucket} gives a sku's buckets
     * one after another, so the group is looked up once per sku, not once per bucket.
     */
    private static final class ByGroup implements Consumer<Bucket> {
        final Map<Integer, List<Bucket>> buckets = new HashMap<>();
        private final int maxParallelism;
        private String sku;
        private List<Bucket> ofSku;

        ByGroup(int maxParallelism) {
            this.maxParallelism = maxParallelism;
        }

        @Override
        public void accept(Bucket b) {
            if (!b.sku.equals(sku)) {
                sku = b.sku;
                ofSku =
                        buckets.computeIfAbsent(
                                KeyGroupRangeAssignment.assignToKeyGroup(sku, maxParallelism),
                                g -> new ArrayList<>());
            }
            ofSku.add(b);
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
        if (format != FORMAT && format != 1) {
            throw new IOException(
                    "the ledger's waiting entries are in format "
                            + format
                            + ", this version reads 1 and "
                            + FORMAT);
        }
        LedgerBucketSerializer buckets = LedgerBucketSerializer.reading(format);
        int count = view.readInt();
        for (int i = 0; i < count; i++) {
            String sku = StringValue.readString(view);
            long time = view.readLong();
            waiting.addAll(sku, time, buckets.deserialize(view));
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
