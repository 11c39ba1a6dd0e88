package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readEnum;
import static io.orderflow.functions.wire.WireFormat.readList;
import static io.orderflow.functions.wire.WireFormat.readNullable;
import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeEnum;
import static io.orderflow.functions.wire.WireFormat.writeList;
import static io.orderflow.functions.wire.WireFormat.writeNullable;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderProgress;
import java.io.IOException;
import java.util.ArrayList;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The decider's keyed state: an order in flight or a decided order kept for a cancellation. Written
 * by hand (Flink's POJO serializer reflects over every field of the order on every write). The
 * format has a version, kept in the snapshot: a later format reads state of an earlier one and
 * Flink migrates it.
 */
public final class OrderProgressSerializer extends TypeSerializer<OrderProgress> {

    /** The format this class writes. */
    public static final int FORMAT = 1;
    public static final OrderProgressSerializer INSTANCE = new OrderProgressSerializer();

    private static final long serialVersionUID = 1L;
    private static final LineOutcome.Result[] RESULTS = LineOutcome.Result.values();

    private OrderProgressSerializer() {}

    @Override
    public void serialize(OrderProgress p, DataOutputView out) throws IOException {
        writeNullable(p.order, out, EventFormat::writeOrderPlaced);
        // Every outcome belongs to the one order: its id is written once.
        writeString(p.outcomes.isEmpty() ? null : p.outcomes.get(0).orderId(), out);
        writeList(p.outcomes, out, OrderProgressSerializer::writeOutcome);
        writeString(p.cancelEventId, out);
        out.writeLong(p.cancelAt);
        out.writeBoolean(p.cancelledOnArrival);
        out.writeBoolean(p.decided);
    }

    @Override
    public OrderProgress deserialize(DataInputView in) throws IOException {
        OrderProgress p = new OrderProgress();
        p.order = readNullable(in, EventFormat::readOrderPlaced);
        String orderId = readString(in);
        p.outcomes = new ArrayList<>(readList(in, source -> readOutcome(orderId, source)));
        p.cancelEventId = readString(in);
        p.cancelAt = in.readLong();
        p.cancelledOnArrival = in.readBoolean();
        p.decided = in.readBoolean();
        return p;
    }

    private static void writeOutcome(LineOutcome o, DataOutputView out) throws IOException {
        out.writeInt(o.lineIndex());
        out.writeLong(o.time());
        writeEnum(o.result(), out);
        out.writeBoolean(o.waited());
    }

    private static LineOutcome readOutcome(String orderId, DataInputView in) throws IOException {
        return new LineOutcome(orderId, in.readInt(), in.readLong(), readEnum(RESULTS, in), in.readBoolean());
    }

    @Override
    public OrderProgress deserialize(OrderProgress reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** The order and the outcomes are immutable values: a copy needs its own list and fields only. */
    @Override
    public OrderProgress copy(OrderProgress from) {
        return OrderProgress.copyOf(from);
    }

    @Override
    public OrderProgress copy(OrderProgress from, OrderProgress reuse) {
        return copy(from);
    }

    @Override
    public OrderProgress createInstance() {
        return new OrderProgress();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<OrderProgress> duplicate() {
        return this;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OrderProgressSerializer;
    }

    @Override
    public int hashCode() {
        return OrderProgressSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<OrderProgress> snapshotConfiguration() {
        return new Snapshot(FORMAT);
    }

    /** Remembers the format the state was written in. */
    public static final class Snapshot implements TypeSerializerSnapshot<OrderProgress> {

        private int format;

        /** For Flink, which instantiates snapshots by name and then reads them. */
        public Snapshot() {
            this(FORMAT);
        }

        Snapshot(int format) {
            this.format = format;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(format);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
            format = in.readInt();
        }

        @Override
        public TypeSerializer<OrderProgress> restoreSerializer() {
            if (format != FORMAT) {
                throw new IllegalStateException("decider state in format " + format + " needs a reader for it; this build reads format " + FORMAT);
            }
            return INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<OrderProgress> resolveSchemaCompatibility(TypeSerializerSnapshot<OrderProgress> oldSnapshot) {
            if (oldSnapshot instanceof Snapshot old && old.format == FORMAT) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            if (oldSnapshot instanceof Snapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
