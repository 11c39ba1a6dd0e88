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
 * with the POJO serializer of {@link LedgerEntry} (the layout before) are migrated on restore.
 */
public final class LedgerBucketSerializer extends StateSerializer<List<LedgerEntry>> {

    public static final int FORMAT = 1;
    public static final LedgerBucketSerializer INSTANCE = new LedgerBucketSerializer();

    private static final long serialVersionUID = 1L;

    private LedgerBucketSerializer() {}

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
            bucket.add(LedgerEntrySerializer.INSTANCE.deserialize(in));
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
