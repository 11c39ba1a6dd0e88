package io.orderflow.schemas.json;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;

/** STUB: the JSON codec of the contract. Being written; signatures are fixed. */
public final class EventCodec {

    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;

    public EventCodec() {
        this(DEFAULT_MAX_RECORD_BYTES);
    }

    public EventCodec(int maxRecordBytes) {}

    /** Decodes one input record into an event or a dead letter. Never throws. */
    public InputRecord decode(InputKind kind, RecordOrigin origin) {
        throw new UnsupportedOperationException("stub");
    }

    public byte[] encode(OrderPlaced event) { throw new UnsupportedOperationException("stub"); }
    public byte[] encode(OrderCancelled event) { throw new UnsupportedOperationException("stub"); }
    public byte[] encode(StockReceived event) { throw new UnsupportedOperationException("stub"); }
    public byte[] encode(StockCounted event) { throw new UnsupportedOperationException("stub"); }
    public byte[] encode(OrderConfirmed event) { throw new UnsupportedOperationException("stub"); }
    public byte[] encode(RefundIssued event) { throw new UnsupportedOperationException("stub"); }
    public byte[] encode(DeadLetter event) { throw new UnsupportedOperationException("stub"); }

    /** Reads an output event back (tests, verifier, demo); throws IllegalArgumentException if bad. */
    public OrderConfirmed decodeConfirmation(byte[] value) { throw new UnsupportedOperationException("stub"); }
    public RefundIssued decodeRefund(byte[] value) { throw new UnsupportedOperationException("stub"); }
    public DeadLetter decodeDeadLetter(byte[] value) { throw new UnsupportedOperationException("stub"); }

    /** ISO-8601 UTC with exactly three fraction digits, e.g. 2026-11-26T10:15:30.000Z. */
    public static String formatInstant(long epochMillis) { throw new UnsupportedOperationException("stub"); }

    /** Parses an ISO-8601 UTC instant with 0..9 fraction digits to epoch millis (sub-ms truncated). */
    public static long parseInstant(String text) { throw new UnsupportedOperationException("stub"); }
}
