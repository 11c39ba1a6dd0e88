package io.orderflow.bench.streams;

import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderProgress;
import io.orderflow.functions.QueuedLine;
import io.orderflow.functions.SkuBook;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compact binary encodings of the peer's state and of the records on its intermediate topics. Hand
 * written rather than JSON: state stores and repartition topics are on the hot path of every
 * record.
 */
final class StateCodec {

    private static final LedgerEntry.Kind[] KINDS = LedgerEntry.Kind.values();
    private static final LineOutcome.Result[] RESULTS = LineOutcome.Result.values();
    private static final Fulfilment[] FULFILMENTS = Fulfilment.values();

    private StateCodec() {}

    // ---------------------------------------------------------------- ledger entries (lines topic)

    static byte[] encode(LedgerEntry e) {
        Writer w = new Writer(64);
        w.u8(e.kind().ordinal());
        w.str(e.sku());
        w.i64(e.time());
        w.str(e.id());
        w.i32(e.lineIndex());
        w.i64(e.quantity());
        w.bool(e.backorder());
        w.i64(e.deadline());
        return w.bytes();
    }

    static LedgerEntry decodeEntry(byte[] bytes) {
        Reader r = new Reader(bytes);
        return new LedgerEntry(
                KINDS[r.u8()], r.str(), r.i64(), r.str(), r.i32(), r.i64(), r.bool(), r.i64());
    }

    // ---------------------------------------------------------------- line outcomes (outcomes
    // topic)

    static byte[] encode(LineOutcome o) {
        Writer w = new Writer(40);
        w.str(o.orderId());
        w.i32(o.lineIndex());
        w.i64(o.time());
        w.u8(o.result().ordinal());
        w.bool(o.waited());
        return w.bytes();
    }

    static LineOutcome decodeOutcome(byte[] bytes) {
        Reader r = new Reader(bytes);
        return new LineOutcome(r.str(), r.i32(), r.i64(), RESULTS[r.u8()], r.bool());
    }

    // ---------------------------------------------------------------- sku books

    static byte[] encode(SkuBook book) {
        Writer w = new Writer(16 + 32 * book.queue.size());
        w.i64(book.available);
        w.i32(book.queue.size());
        for (QueuedLine q : book.queue) {
            w.str(q.orderId());
            w.i32(q.lineIndex());
            w.i64(q.quantity());
            w.i64(q.deadline());
        }
        return w.bytes();
    }

    static SkuBook decodeBook(byte[] bytes) {
        Reader r = new Reader(bytes);
        SkuBook book = new SkuBook();
        book.available = r.i64();
        int n = r.i32();
        for (int i = 0; i < n; i++) {
            book.queue.add(new QueuedLine(r.str(), r.i32(), r.i64(), r.i64()));
        }
        return book;
    }

    // ---------------------------------------------------------------- orders

    static byte[] encode(OrderState s) {
        Writer w = new Writer(256);
        w.bool(s.placed != null);
        if (s.placed != null) {
            writeOrder(w, s.placed);
        }
        w.nullableStr(s.cancelEventId);
        w.i64(s.cancelOccurredAt);
        OrderProgress p = s.progress;
        w.bool(p != null);
        if (p != null) {
            // The decider's copy of the order is the gate's: it is written once.
            w.bool(p.order != null);
            w.i32(p.outcomes.size());
            for (LineOutcome o : p.outcomes) {
                w.i32(o.lineIndex());
                w.i64(o.time());
                w.u8(o.result().ordinal());
                w.bool(o.waited());
            }
            w.nullableStr(p.cancelEventId);
            w.i64(p.cancelAt);
            w.bool(p.cancelledOnArrival);
            w.bool(p.decided);
            w.i32(p.statusSeq);
        }
        return w.bytes();
    }

    static OrderState decodeOrderState(String orderId, byte[] bytes) {
        Reader r = new Reader(bytes);
        OrderState s = new OrderState();
        if (r.bool()) {
            s.placed = readOrder(r);
        }
        s.cancelEventId = r.nullableStr();
        s.cancelOccurredAt = r.i64();
        if (r.bool()) {
            OrderProgress p = new OrderProgress();
            if (r.bool()) {
                p.order = s.placed;
            }
            int n = r.i32();
            for (int i = 0; i < n; i++) {
                p.outcomes.add(
                        new LineOutcome(orderId, r.i32(), r.i64(), RESULTS[r.u8()], r.bool()));
            }
            p.cancelEventId = r.nullableStr();
            p.cancelAt = r.i64();
            p.cancelledOnArrival = r.bool();
            p.decided = r.bool();
            p.statusSeq = r.i32();
            s.progress = p;
        }
        return s;
    }

    private static void writeOrder(Writer w, OrderPlaced o) {
        w.str(o.eventId());
        w.i64(o.occurredAt());
        w.str(o.orderId());
        w.str(o.customerId());
        w.str(o.currency());
        w.u8(o.fulfilment() == null ? 255 : o.fulfilment().ordinal());
        w.i32(o.lines().size());
        for (OrderLine line : o.lines()) {
            w.str(line.sku());
            w.i64(line.quantity());
            w.i64(line.unitPrice());
        }
    }

    private static OrderPlaced readOrder(Reader r) {
        String eventId = r.str();
        long occurredAt = r.i64();
        String orderId = r.str();
        String customerId = r.str();
        String currency = r.str();
        int f = r.u8();
        int n = r.i32();
        List<OrderLine> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(new OrderLine(r.str(), r.i64(), r.i64()));
        }
        return new OrderPlaced(
                eventId,
                occurredAt,
                orderId,
                customerId,
                currency,
                f == 255 ? null : FULFILMENTS[f],
                List.copyOf(lines));
    }

    // ---------------------------------------------------------------- primitives

    static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void u8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
        }

        void bool(boolean v) {
            u8(v ? 1 : 0);
        }

        void i32(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i32(b.length);
            raw(b);
        }

        void nullableStr(String s) {
            bool(s != null);
            if (s != null) {
                str(s);
            }
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int u8() {
            return buf[pos++] & 0xff;
        }

        boolean bool() {
            return u8() != 0;
        }

        int i32() {
            int v =
                    ((buf[pos] & 0xff) << 24)
                            | ((buf[pos + 1] & 0xff) << 16)
                            | ((buf[pos + 2] & 0xff) << 8)
                            | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long i64() {
            return ((long) i32() << 32) | (i32() & 0xffffffffL);
        }

        String str() {
            int n = i32();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        String nullableStr() {
            return bool() ? str() : null;
        }
    }
}
