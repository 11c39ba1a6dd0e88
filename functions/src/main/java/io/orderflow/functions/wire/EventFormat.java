package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireFormat.readBytes;
import static io.orderflow.functions.wire.WireFormat.readEnum;
import static io.orderflow.functions.wire.WireFormat.readList;
import static io.orderflow.functions.wire.WireFormat.readNullable;
import static io.orderflow.functions.wire.WireFormat.readString;
import static io.orderflow.functions.wire.WireFormat.writeBytes;
import static io.orderflow.functions.wire.WireFormat.writeEnum;
import static io.orderflow.functions.wire.WireFormat.writeList;
import static io.orderflow.functions.wire.WireFormat.writeNullable;
import static io.orderflow.functions.wire.WireFormat.writeString;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.SourceRef;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The wire layout of the schemas' events, field by field in declaration order, shared by the
 * serializers of the records that carry them (the schemas module has no Flink to put it in).
 */
final class EventFormat {

    private static final Fulfilment[] FULFILMENTS = Fulfilment.values();
    private static final DeadLetterReason[] DEAD_LETTER_REASONS = DeadLetterReason.values();

    private EventFormat() {}

    static void writeOrderPlaced(OrderPlaced e, DataOutputView out) throws IOException {
        writeString(e.eventId(), out);
        out.writeLong(e.occurredAt());
        writeString(e.orderId(), out);
        writeString(e.customerId(), out);
        writeString(e.currency(), out);
        writeEnum(e.fulfilment(), out);
        writeList(e.lines(), out, EventFormat::writeOrderLine);
    }

    static OrderPlaced readOrderPlaced(DataInputView in) throws IOException {
        return new OrderPlaced(
                readString(in),
                in.readLong(),
                readString(in),
                readString(in),
                readString(in),
                readEnum(FULFILMENTS, in),
                readList(in, EventFormat::readOrderLine));
    }

    private static void writeOrderLine(OrderLine line, DataOutputView out) throws IOException {
        writeString(line.sku(), out);
        out.writeLong(line.quantity());
        out.writeLong(line.unitPrice());
    }

    private static OrderLine readOrderLine(DataInputView in) throws IOException {
        return new OrderLine(readString(in), in.readLong(), in.readLong());
    }

    static void writeOrderCancelled(OrderCancelled e, DataOutputView out) throws IOException {
        writeString(e.eventId(), out);
        out.writeLong(e.occurredAt());
        writeString(e.orderId(), out);
        writeString(e.reason(), out);
    }

    static OrderCancelled readOrderCancelled(DataInputView in) throws IOException {
        return new OrderCancelled(readString(in), in.readLong(), readString(in), readString(in));
    }

    static void writeStockReceived(StockReceived e, DataOutputView out) throws IOException {
        writeString(e.eventId(), out);
        out.writeLong(e.occurredAt());
        writeString(e.sku(), out);
        out.writeLong(e.quantity());
    }

    static StockReceived readStockReceived(DataInputView in) throws IOException {
        return new StockReceived(readString(in), in.readLong(), readString(in), in.readLong());
    }

    static void writeStockCounted(StockCounted e, DataOutputView out) throws IOException {
        writeString(e.eventId(), out);
        out.writeLong(e.occurredAt());
        writeString(e.sku(), out);
        out.writeLong(e.available());
    }

    static StockCounted readStockCounted(DataInputView in) throws IOException {
        return new StockCounted(readString(in), in.readLong(), readString(in), in.readLong());
    }

    static void writeDeadLetter(DeadLetter e, DataOutputView out) throws IOException {
        writeString(e.eventId(), out);
        out.writeLong(e.occurredAt());
        writeEnum(e.reason(), out);
        writeString(e.detail(), out);
        writeNullable(e.source(), out, EventFormat::writeSourceRef);
        writeString(e.key(), out);
        out.writeBoolean(e.keyTruncated());
        writeString(e.value(), out);
        writeString(e.valueBase64(), out);
        out.writeBoolean(e.valueTruncated());
        out.writeInt(e.valueBytes());
        writeString(e.valueSha256(), out);
    }

    static DeadLetter readDeadLetter(DataInputView in) throws IOException {
        return new DeadLetter(
                readString(in),
                in.readLong(),
                readEnum(DEAD_LETTER_REASONS, in),
                readString(in),
                readNullable(in, EventFormat::readSourceRef),
                readString(in),
                in.readBoolean(),
                readString(in),
                readString(in),
                in.readBoolean(),
                in.readInt(),
                readString(in));
    }

    private static void writeSourceRef(SourceRef s, DataOutputView out) throws IOException {
        writeString(s.topic(), out);
        out.writeInt(s.partition());
        out.writeLong(s.offset());
        out.writeLong(s.timestamp());
    }

    private static SourceRef readSourceRef(DataInputView in) throws IOException {
        return new SourceRef(readString(in), in.readInt(), in.readLong(), in.readLong());
    }

    static void writeRecordOrigin(RecordOrigin o, DataOutputView out) throws IOException {
        writeString(o.topic(), out);
        out.writeInt(o.partition());
        out.writeLong(o.offset());
        out.writeLong(o.timestamp());
        writeString(o.key(), out);
        writeBytes(o.value(), out);
    }

    static RecordOrigin readRecordOrigin(DataInputView in) throws IOException {
        return new RecordOrigin(
                readString(in),
                in.readInt(),
                in.readLong(),
                in.readLong(),
                readString(in),
                readBytes(in));
    }
}
