package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readEnum;
import static io.orderflow.functions.wire.WireFormat.readNullable;
import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeEnum;
import static io.orderflow.functions.wire.WireFormat.writeNullable;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.functions.LedgerEntry;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link LedgerEntry} on its way into the ledger, and in the ledger's waiting buckets ({@link
 * LedgerBucketSerializer}): its fields, then the order it carries, if any (entries written before
 * entries carried orders end without it: {@link #deserializeWithoutOrder}).
 */
public final class LedgerEntrySerializer extends WireSerializer<LedgerEntry> {

    public static final LedgerEntrySerializer INSTANCE = new LedgerEntrySerializer();

    private static final LedgerEntry.Kind[] KINDS = LedgerEntry.Kind.values();
    private static final LedgerEntry EMPTY = new LedgerEntry(null, null, 0, null, 0, 0, false, 0);

    private LedgerEntrySerializer() {}

    @Override
    public LedgerEntry createInstance() {
        return EMPTY;
    }

    @Override
    public void serialize(LedgerEntry e, DataOutputView out) throws IOException {
        writeEnum(e.kind(), out);
        writeString(e.sku(), out);
        out.writeLong(e.time());
        writeString(e.id(), out);
        out.writeInt(e.lineIndex());
        out.writeLong(e.quantity());
        out.writeBoolean(e.backorder());
        out.writeLong(e.deadline());
        writeNullable(e.order(), out, EventFormat::writeOrderPlaced);
    }

    @Override
    public LedgerEntry deserialize(DataInputView in) throws IOException {
        return read(in, true);
    }

    /** An entry in the layout before entries carried orders (the ledger's state format 1). */
    static LedgerEntry deserializeWithoutOrder(DataInputView in) throws IOException {
        return read(in, false);
    }

    private static LedgerEntry read(DataInputView in, boolean withOrder) throws IOException {
        return new LedgerEntry(
                readEnum(KINDS, in),
                readString(in),
                in.readLong(),
                readString(in),
                in.readInt(),
                in.readLong(),
                in.readBoolean(),
                in.readLong(),
                withOrder ? readNullable(in, EventFormat::readOrderPlaced) : null);
    }

    @Override
    public TypeSerializerSnapshot<LedgerEntry> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the one instance; Flink instantiates it by name. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LedgerEntry> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
