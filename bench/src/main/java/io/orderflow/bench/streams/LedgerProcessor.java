package io.orderflow.bench.streams;

import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.SkuBook;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The peer's stock side, keyed by sku, reading the lines topic: stock events and order lines wait
 * in a time-ordered buffer store until the task's watermark ({@link Watermarks}: the smallest
 * progress of every upstream orders and inventory task) passes them, then apply per sku in the
 * contract's order through the same {@link SkuBook} rules as the Flink job. Entries that come after
 * their time was applied apply on arrival (late), as in the job.
 */
final class LedgerProcessor implements Processor<String, byte[], String, byte[]> {

    private final StreamsPeer.Settings settings;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> books;
    private KeyValueStore<Bytes, byte[]> pending;
    private KeyValueStore<String, Long> reservations;
    private KeyValueStore<String, byte[]> seenStock;

    /**
     * Everything at or before this event time has been applied; later arrivals at or before it are
     * late.
     */
    private long flushedUpTo = Long.MIN_VALUE;

    private long lowestPending = Long.MAX_VALUE;
    private Watermarks watermarks;

    LedgerProcessor(StreamsPeer.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        books = context.getStateStore(StreamsPeer.BOOKS_STORE);
        pending = context.getStateStore(StreamsPeer.PENDING_STORE);
        reservations = context.getStateStore(StreamsPeer.RESERVATIONS_STORE);
        seenStock = context.getStateStore(StreamsPeer.SEEN_STOCK_STORE);
        // After a restart the buffer is whatever the changelog restored: find its head again.
        try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
            if (it.hasNext()) {
                lowestPending = PendingKey.time(it.next().key.get());
            }
        }
        watermarks = new Watermarks(2 * settings.ordersPartitions());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            watermarks.accept(record.value());
            flush(watermarks.current());
            return;
        }
        LedgerEntry entry = StateCodec.decodeEntry(record.value());
        if (entry.isStock()) {
            String seenKey = entry.sku() + '\u0000' + entry.id();
            if (seenStock.get(seenKey) != null) {
                return; // duplicate stock event
            }
            seenStock.put(seenKey, new byte[0]);
        }
        if (entry.time() <= flushedUpTo) {
            Map<String, SkuBook> touched = new HashMap<>();
            apply(entry, touched);
            saveBooks(touched);
        } else {
            pending.put(Bytes.wrap(PendingKey.of(entry)), record.value());
            lowestPending = Math.min(lowestPending, entry.time());
        }
    }

    /** Applies every buffered entry at or before {@code upTo}, in the contract's order. */
    private void flush(long upTo) {
        if (upTo <= flushedUpTo) {
            return;
        }
        flushedUpTo = upTo;
        if (lowestPending > upTo) {
            return;
        }
        Map<String, SkuBook> touched = new HashMap<>();
        List<Bytes> applied = new ArrayList<>();
        long nextLowest = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it =
                pending.range(Bytes.wrap(PendingKey.from(lowestPending)), null)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                long time = PendingKey.time(kv.key.get());
                if (time > upTo) {
                    nextLowest = time;
                    break;
                }
                apply(StateCodec.decodeEntry(kv.value), touched);
                applied.add(kv.key);
            }
        }
        for (Bytes key : applied) {
            pending.delete(key);
        }
        lowestPending = nextLowest;
        saveBooks(touched);
    }

    private void apply(LedgerEntry entry, Map<String, SkuBook> touched) {
        SkuBook book = touched.computeIfAbsent(entry.sku(), this::loadBook);
        Reservations held = new Reservations(entry.sku());
        // Backorder deadlines are not scheduled: the peer is compared on PARTIAL orders only.
        book.apply(entry, held, this::emit);
    }

    private void emit(LineOutcome outcome) {
        context.forward(
                new Record<>(outcome.orderId(), StateCodec.encode(outcome), outcome.time()),
                StreamsPeer.OUTCOMES_SINK);
    }

    private SkuBook loadBook(String sku) {
        byte[] bytes = books.get(sku);
        return bytes == null ? new SkuBook() : StateCodec.decodeBook(bytes);
    }

    private void saveBooks(Map<String, SkuBook> touched) {
        touched.forEach(
                (sku, book) -> {
                    if (book.isEmpty()) {
                        books.delete(sku);
                    } else {
                        books.put(sku, StateCodec.encode(book));
                    }
                });
    }

    /**
     * Reserved lines of one sku, in the reservations store under sku NUL orderId (an order has no
     * sku twice).
     */
    private final class Reservations implements SkuBook.DecidedLines {
        private final String prefix;

        Reservations(String sku) {
            this.prefix = sku + '\u0000';
        }

        @Override
        public void reserved(String orderId, long quantity) {
            reservations.put(prefix + orderId, quantity);
        }

        @Override
        public void rejected(String orderId) {}

        @Override
        public Long release(String orderId, long quantity) {
            return reservations.delete(prefix + orderId);
        }
    }

    /**
     * Buffer keys that sort as the contract applies entries: event time (sign flipped, big-endian),
     * rank, then the id and line index; the sku last, so that entries of different skus never
     * collide.
     */
    static final class PendingKey {
        private PendingKey() {}

        static byte[] of(LedgerEntry e) {
            byte[] id = e.id().getBytes(StandardCharsets.UTF_8);
            byte[] sku = e.sku().getBytes(StandardCharsets.UTF_8);
            byte[] key = new byte[8 + 1 + id.length + 1 + 4 + sku.length];
            putLong(key, 0, e.time() ^ Long.MIN_VALUE);
            key[8] = (byte) e.rank();
            System.arraycopy(id, 0, key, 9, id.length);
            key[9 + id.length] = 0;
            int at = 10 + id.length;
            key[at] = (byte) (e.lineIndex() >>> 24);
            key[at + 1] = (byte) (e.lineIndex() >>> 16);
            key[at + 2] = (byte) (e.lineIndex() >>> 8);
            key[at + 3] = (byte) e.lineIndex();
            System.arraycopy(sku, 0, key, at + 4, sku.length);
            return key;
        }

        static byte[] from(long time) {
            byte[] key = new byte[8];
            putLong(key, 0, time ^ Long.MIN_VALUE);
            return key;
        }

        static long time(byte[] key) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (key[i] & 0xff);
            }
            return v ^ Long.MIN_VALUE;
        }

        private static void putLong(byte[] b, int at, long v) {
            for (int i = 7; i >= 0; i--) {
                b[at + i] = (byte) v;
                v >>>= 8;
            }
        }
    }
}
