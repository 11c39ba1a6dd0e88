package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.functions.QueuedLine;
import io.orderflow.functions.SkuBook;
import java.io.IOException;
import java.util.ArrayList;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The ledger's book of one sku: its available stock and its backorder queue. Written by hand; state
 * that Flink's POJO serializer wrote (the layout before) is migrated on restore.
 */
public final class SkuBookSerializer extends StateSerializer<SkuBook> {

    public static final int FORMAT = 1;
    public static final SkuBookSerializer INSTANCE = new SkuBookSerializer();

    private static final long serialVersionUID = 1L;

    private SkuBookSerializer() {}

    @Override
    public void serialize(SkuBook book, DataOutputView out) throws IOException {
        out.writeLong(book.available);
        out.writeInt(book.queue.size());
        for (QueuedLine q : book.queue) {
            writeString(q.orderId(), out);
            out.writeInt(q.lineIndex());
            out.writeLong(q.quantity());
            out.writeLong(q.deadline());
        }
    }

    @Override
    public SkuBook deserialize(DataInputView in) throws IOException {
        SkuBook book = new SkuBook();
        book.available = in.readLong();
        int queued = in.readInt();
        book.queue = new ArrayList<>(queued);
        for (int i = 0; i < queued; i++) {
            book.queue.add(
                    new QueuedLine(readString(in), in.readInt(), in.readLong(), in.readLong()));
        }
        return book;
    }

    /** Queued lines are immutable values: a copy needs its own list only. */
    @Override
    public SkuBook copy(SkuBook from) {
        return from.copy();
    }

    @Override
    public SkuBook createInstance() {
        return new SkuBook();
    }

    @Override
    protected int format() {
        return FORMAT;
    }

    @Override
    protected Class<SkuBook> stateClass() {
        return SkuBook.class;
    }
}
