package io.orderflow.functions.wire;

import io.orderflow.functions.LedgerEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.ListSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The entries of one sku that wait for one instant (a bucket of the ledger's waiting or spilled
 * state), in the entries' wire format. Written by hand; buckets that Flink's list serializer wrote
 * with the POJO serializer of {@link LedgerEntry} (the layout before) are migrated on restore, and
 * so are buckets of format 1, whose entries carried no order.
 */
public final class LedgerBucketSerializer extends StateSerializer<List<LedgerEntry>> {

    /** The format this class writes: 2 adds the order an entry carries (format 1 had none). */
    public static final int FORMAT = 2;

    public static final LedgerBucketSerializer INSTANCE = new LedgerBucketSerializer(FORMAT);

    private static final long serialVersionUID = 1L;

    /** The format this instance reads: FORMAT, or 1 when it migrates earlier state. */
    private final int reads;

    private LedgerBucketSerializer(int reads) {
        this.reads = reads;
    }

    /** Reads buckets written in {@code format}; writes the current one. */
    public static LedgerBucketSerializer reading(int format) {
        return format == FORMAT ? INSTANCE : (LedgerBucketSerializer) INSTANCE.readerOf(format);
    }

    @Override
    protected StateSerializer<List<LedgerEntry>> readerOf(int format) {
        return format == 1 ? new LedgerBucketSerializer(1) : super.readerOf(format);
    }

    @Override
    public void serialize(List<LedgerEntry> bucket, DataOutputView out) throws IOException {
        out.writeInt(bucket.size());
        for (LedgerEntry e : bucket) {
            LedgerEntrySerializer.INSTANCE.serialize(e, out);
        }
    }

    @Override
    public List<LedgerEntry> deserialize(DataInputView in) throws IOException {
        int size = in.readInt();
        List<LedgerEntry> bucket = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            bucket.add(
                    reads >= 2
                            ? LedgerEntrySerializer.INSTANCE.deserialize(in)
                            : LedgerEntrySerializer.deserializeWithoutOrder(in));
        }
        return bucket;
    }

    /** Entries are immutable values: a copy needs its own list only. */
    @Override
    public List<LedgerEntry> copy(List<LedgerEntry> from) {
        return new ArrayList<>(from);
    }

    @Override
    public List<LedgerEntry> createInstance() {
        return new ArrayList<>();
    }

    @Override
    protected int format() {
        return FORMAT;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof LedgerBucketSerializer other && other.reads == reads;
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + reads;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected Class<List<LedgerEntry>> stateClass() {
        return (Class) List.class;
    }

    /** The layout before: a list of entries, each written by Flink's POJO serializer. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected boolean migratesFrom(TypeSerializerSnapshot<List<LedgerEntry>> old) {
        if (!(old instanceof ListSerializerSnapshot<?> list)
                || !(list.getElementSerializerSnapshot()
                        instanceof PojoSerializerSnapshot element)) {
            return false;
        }
        TypeSerializerSnapshot<LedgerEntry> pojoOfEntries =
                TypeInformation.of(LedgerEntry.class)
                        .createSerializer(new SerializerConfigImpl())
                        .snapshotConfiguration();
        return !pojoOfEntries.resolveSchemaCompatibility(element).isIncompatible();
    }
}
