package io.orderflow.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterLimits;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * The JSON codec of the contract (CONTRACT.md sections 2 to 4 and the validation rules of 5).
 *
 * <p>Thread-safe and cheap to share: its only state is the record size limit, and all Jackson
 * machinery is one static {@link JsonFactory}. It is {@link Serializable} so that Flink functions
 * can hold it as a plain field.
 */
public final class EventCodec implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;

    // Duplicate keys make a record ambiguous (which orderId?), so they are malformed JSON here.
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final GeneratorPerThread GENERATORS = new GeneratorPerThread(FACTORY);

    private static final SerializableString EVENT_ID = new SerializedString("eventId");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString OCCURRED_AT = new SerializedString("occurredAt");
    private static final SerializableString ORDER_ID = new SerializedString("orderId");
    private static final SerializableString CUSTOMER_ID = new SerializedString("customerId");
    private static final SerializableString CURRENCY = new SerializedString("currency");
    private static final SerializableString FULFILMENT = new SerializedString("fulfilment");
    private static final SerializableString LINES = new SerializedString("lines");
    private static final SerializableString SKU = new SerializedString("sku");
    private static final SerializableString QUANTITY = new SerializedString("quantity");
    private static final SerializableString UNIT_PRICE = new SerializedString("unitPrice");
    private static final SerializableString AVAILABLE = new SerializedString("available");
    private static final SerializableString REASON = new SerializedString("reason");
    private static final SerializableString AMOUNT = new SerializedString("amount");
    private static final SerializableString BACKORDERED = new SerializedString("backordered");
    private static final SerializableString CAUSATION_ID = new SerializedString("causationId");
    private static final SerializableString DETAIL = new SerializedString("detail");
    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString TOPIC = new SerializedString("topic");
    private static final SerializableString PARTITION = new SerializedString("partition");
    private static final SerializableString OFFSET = new SerializedString("offset");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString VALUE_BASE64 = new SerializedString("valueBase64");
    private static final SerializableString KEY_TRUNCATED = new SerializedString("keyTruncated");
    private static final SerializableString VALUE_TRUNCATED =
            new SerializedString("valueTruncated");
    private static final SerializableString VALUE_BYTES = new SerializedString("valueBytes");
    private static final SerializableString VALUE_SHA256 = new SerializedString("valueSha256");
    private static final SerializableString SEQ = new SerializedString("seq");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString CONFIRMED_AMOUNT =
            new SerializedString("confirmedAmount");
    private static final SerializableString REFUNDED_AMOUNT =
            new SerializedString("refundedAmount");
    private static final SerializableString STATE = new SerializedString("state");
    private static final SerializableString RESERVED_AT = new SerializedString("reservedAt");

    private final int maxRecordBytes;
    private final int deadLetterValueBytes;

    public EventCodec() {
        this(DEFAULT_MAX_RECORD_BYTES);
    }

    /** {@code maxRecordBytes}: values longer than this become TOO_LARGE dead letters. */
    public EventCodec(int maxRecordBytes) {
        this(maxRecordBytes, DeadLetterLimits.DEFAULT_VALUE_BYTES);
    }

    /**
     * {@code deadLetterValueBytes}: a dead letter holds at most this many of the original value's
     * first bytes.
     */
    public EventCodec(int maxRecordBytes, int deadLetterValueBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be positive, was " + maxRecordBytes);
        }
        if (deadLetterValueBytes < 0) {
            throw new IllegalArgumentException(
                    "deadLetterValueBytes must not be negative, was " + deadLetterValueBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.deadLetterValueBytes = deadLetterValueBytes;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public int deadLetterValueBytes() {
        return deadLetterValueBytes;
    }

    /**
     * Decodes one input record into an event or a dead letter. Never throws, whatever the bytes (a
     * null value included). Reasons are checked in this order: TOO_LARGE, MALFORMED_JSON, a missing
     * or non-string {@code type} (SCHEMA_VIOLATION), UNKNOWN_TYPE, SCHEMA_VIOLATION, and
     * KEY_MISMATCH. The origin is kept only for {@code OrderPlaced}, see {@link InputRecord}.
     * {@code kind} and {@code origin} themselves must not be null.
     */
    public InputRecord decode(InputKind kind, RecordOrigin origin) {
        return InputDecoder.decode(FACTORY, maxRecordBytes, deadLetterValueBytes, kind, origin);
    }

    public byte[] encode(OrderPlaced event) {
        return write(event, EventCodec::writeOrderPlaced);
    }

    public byte[] encode(OrderCancelled event) {
        return write(event, EventCodec::writeOrderCancelled);
    }

    public byte[] encode(StockReceived event) {
        return write(event, EventCodec::writeStockReceived);
    }

    public byte[] encode(StockCounted event) {
        return write(event, EventCodec::writeStockCounted);
    }

    public byte[] encode(OrderConfirmed event) {
        return write(event, EventCodec::writeOrderConfirmed);
    }

    public byte[] encode(RefundIssued event) {
        return write(event, EventCodec::writeRefundIssued);
    }

    public byte[] encode(DeadLetter event) {
        return write(event, EventCodec::writeDeadLetter);
    }

    public byte[] encode(OrderStatus event) {
        return write(event, EventCodec::writeOrderStatus);
    }

    /**
     * Reads an output event back (tests, verifier, demo); throws IllegalArgumentException if bad.
     */
    public OrderConfirmed decodeConfirmation(byte[] value) {
        return OutputReader.confirmation(value);
    }

    /** Reads a refund back; throws IllegalArgumentException naming the bad field. */
    public RefundIssued decodeRefund(byte[] value) {
        return OutputReader.refund(value);
    }

    /** Reads an order status back; throws IllegalArgumentException naming the bad field. */
    public OrderStatus decodeStatus(byte[] value) {
        return OutputReader.status(value);
    }

    /** Reads a dead letter back; throws IllegalArgumentException naming the bad field. */
    public DeadLetter decodeDeadLetter(byte[] value) {
        return OutputReader.deadLetter(value);
    }

    /**
     * ISO-8601 UTC with exactly three fraction digits, e.g. 2026-11-26T10:15:30.000Z. Years outside
     * 0000..9999 get a sign and more digits, as java.time writes them; parseInstant rejects those.
     */
    public static String formatInstant(long epochMillis) {
        return Instants.format(epochMillis);
    }

    /**
     * Parses an ISO-8601 UTC instant with 0..9 fraction digits to epoch millis (sub-ms truncated).
     * Only the contract's form {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z} is accepted.
     *
     * @throws IllegalArgumentException if the text has another form or names no real date-time
     */
    public static long parseInstant(String text) {
        long millis = Instants.parse(text);
        if (millis == Instants.BAD_FORMAT) {
            throw new IllegalArgumentException(
                    "not an ISO-8601 UTC instant YYYY-MM-DDTHH:MM:SS[.fraction]Z: " + text);
        }
        if (millis == Instants.BAD_DATE) {
            throw new IllegalArgumentException("not a real date and time: " + text);
        }
        return millis;
    }

    // ---------------------------------------------------------------- writing

    private static <T> byte[] write(T event, GeneratorPerThread.Fields<T> fields) {
        return GENERATORS.write(event, fields);
    }

    private static void writeHeader(JsonGenerator out, String eventId, String type, long occurredAt)
            throws IOException {
        out.writeFieldName(EVENT_ID);
        out.writeString(eventId);
        out.writeFieldName(TYPE);
        out.writeString(type);
        out.writeFieldName(OCCURRED_AT);
        out.writeString(Instants.format(occurredAt));
    }

    private static void writeOrderPlaced(JsonGenerator out, OrderPlaced e) throws IOException {
        writeHeader(out, e.eventId(), OrderPlaced.TYPE, e.occurredAt());
        writeString(out, ORDER_ID, e.orderId());
        writeString(out, CUSTOMER_ID, e.customerId());
        writeString(out, CURRENCY, e.currency());
        if (e.fulfilment() != null) {
            writeString(out, FULFILMENT, e.fulfilment().name());
        }
        writeLines(out, e.lines());
    }

    private static void writeOrderCancelled(JsonGenerator out, OrderCancelled e)
            throws IOException {
        writeHeader(out, e.eventId(), OrderCancelled.TYPE, e.occurredAt());
        writeString(out, ORDER_ID, e.orderId());
        if (e.reason() != null) {
            writeString(out, REASON, e.reason());
        }
    }

    private static void writeStockReceived(JsonGenerator out, StockReceived e) throws IOException {
        writeHeader(out, e.eventId(), StockReceived.TYPE, e.occurredAt());
        writeString(out, SKU, e.sku());
        writeNumber(out, QUANTITY, e.quantity());
    }

    private static void writeStockCounted(JsonGenerator out, StockCounted e) throws IOException {
        writeHeader(out, e.eventId(), StockCounted.TYPE, e.occurredAt());
        writeString(out, SKU, e.sku());
        writeNumber(out, AVAILABLE, e.available());
    }

    private static void writeOrderConfirmed(JsonGenerator out, OrderConfirmed e)
            throws IOException {
        writeHeader(out, e.eventId(), OrderConfirmed.TYPE, e.occurredAt());
        writeString(out, ORDER_ID, e.orderId());
        writeString(out, CUSTOMER_ID, e.customerId());
        writeString(out, CURRENCY, e.currency());
        writeLines(out, e.lines());
        writeNumber(out, AMOUNT, e.amount());
        out.writeFieldName(BACKORDERED);
        out.writeBoolean(e.backordered());
        writeString(out, CAUSATION_ID, e.causationId());
    }

    private static void writeRefundIssued(JsonGenerator out, RefundIssued e) throws IOException {
        writeHeader(out, e.eventId(), RefundIssued.TYPE, e.occurredAt());
        writeString(out, ORDER_ID, e.orderId());
        writeString(out, CUSTOMER_ID, e.customerId());
        writeString(out, CURRENCY, e.currency());
        writeString(out, REASON, e.reason() == null ? null : e.reason().name());
        writeLines(out, e.lines());
        writeNumber(out, AMOUNT, e.amount());
        writeString(out, CAUSATION_ID, e.causationId());
    }

    private static void writeDeadLetter(JsonGenerator out, DeadLetter e) throws IOException {
        writeHeader(out, e.eventId(), DeadLetter.TYPE, e.occurredAt());
        writeString(out, REASON, e.reason() == null ? null : e.reason().name());
        writeString(out, DETAIL, e.detail());
        out.writeFieldName(SOURCE);
        out.writeStartObject();
        writeString(out, TOPIC, e.source().topic());
        writeNumber(out, PARTITION, e.source().partition());
        writeNumber(out, OFFSET, e.source().offset());
        writeNumber(out, TIMESTAMP, e.source().timestamp());
        out.writeEndObject();
        writeString(out, KEY, e.key());
        out.writeFieldName(KEY_TRUNCATED);
        out.writeBoolean(e.keyTruncated());
        if (e.valueBase64() != null) {
            writeString(out, VALUE_BASE64, e.valueBase64());
        } else {
            // A null value (tombstone) is written as "value": null, so readers always find one.
            writeString(out, VALUE, e.value());
        }
        out.writeFieldName(VALUE_TRUNCATED);
        out.writeBoolean(e.valueTruncated());
        writeNumber(out, VALUE_BYTES, e.valueBytes());
        writeString(out, VALUE_SHA256, e.valueSha256());
    }

    private static void writeOrderStatus(JsonGenerator out, OrderStatus e) throws IOException {
        writeHeader(out, e.eventId(), OrderStatus.TYPE, e.occurredAt());
        writeString(out, ORDER_ID, e.orderId());
        writeString(out, CUSTOMER_ID, e.customerId());
        writeString(out, CURRENCY, e.currency());
        writeNumber(out, SEQ, e.seq());
        writeString(out, STATUS, e.status().name());
        writeNumber(out, CONFIRMED_AMOUNT, e.confirmedAmount());
        writeNumber(out, REFUNDED_AMOUNT, e.refundedAmount());
        out.writeFieldName(LINES);
        out.writeStartArray();
        for (OrderStatus.Line line : e.lines()) {
            out.writeStartObject();
            writeString(out, SKU, line.sku());
            writeNumber(out, QUANTITY, line.quantity());
            writeNumber(out, UNIT_PRICE, line.unitPrice());
            writeString(out, STATE, line.state().name());
            if (line.wasReserved()) {
                writeString(out, RESERVED_AT, Instants.format(line.reservedAt()));
            }
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void writeLines(JsonGenerator out, List<OrderLine> lines) throws IOException {
        out.writeFieldName(LINES);
        out.writeStartArray();
        for (OrderLine line : lines) {
            out.writeStartObject();
            writeString(out, SKU, line.sku());
            writeNumber(out, QUANTITY, line.quantity());
            writeNumber(out, UNIT_PRICE, line.unitPrice());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void writeString(JsonGenerator out, SerializableString name, String value)
            throws IOException {
        out.writeFieldName(name);
        out.writeString(value);
    }

    private static void writeNumber(JsonGenerator out, SerializableString name, long value)
            throws IOException {
        out.writeFieldName(name);
        out.writeNumber(value);
    }
}
