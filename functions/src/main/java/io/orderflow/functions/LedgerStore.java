package io.orderflow.functions;

import io.orderflow.functions.wire.LedgerBucketSerializer;
import io.orderflow.functions.wire.SkuBookSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;

/**
 * The ledger's keyed state (by sku) and what it holds of it in memory between checkpoints: the
 * books of the skus it touched and the lines it rejected. {@link #flush} writes only what changed,
 * once per checkpoint; the rest of the time a watermark step reads and writes memory. State names
 * and types are the timer-based ledger's, so its savepoints restore here (the book and the buckets
 * migrate from the POJO serializers they had then to hand-written ones).
 *
 * <p>A release must learn what its line holds. A line the ledger applied was reserved unless it was
 * rejected, and far fewer lines are rejected than reserved, so only rejections are written ({@code
 * rejected-lines}, by orderId, since an order has no sku twice); a released line holds its own
 * quantity. The layout before wrote every reservation instead ({@code reserved}, by orderId): after
 * a restore of it, for the dedup TTL, a line found in neither may be one that layout rejected, so
 * until then reservations are written as before too and a line found in neither holds nothing
 * ({@link #keepReservations}).
 */
final class LedgerStore {

    static final String BOOK = "book";
    static final String PENDING = "pending";
    static final String SEEN_STOCK_EVENTS = "seen-stock-events";
    static final String REJECTED_LINES = "rejected-lines";

    /**
     * More books than this are dropped from memory after a flush (they are in keyed state then).
     */
    private static final int MAX_CACHED_BOOKS = 50_000;

    private final Consumer<String> key;
    private final ValueState<SkuBook> bookState;

    /**
     * Where the layout before kept what waited in memory at a checkpoint (now raw keyed state):
     * read and cleared at a restore.
     */
    final MapState<Long, List<LedgerEntry>> pending;

    /** Waiting buckets beyond the memory budget; each has a timer at its instant. */
    final MapState<Long, List<LedgerEntry>> spilled;

    /** The layout before's reservations, by orderId: written and read only after its restore. */
    private final MapState<String, Long> reserved;

    /** The lines rejected, by orderId (an order has no sku twice). */
    private final MapState<String, Boolean> rejected;

    private final MapState<String, Boolean> seenStockEvents;

    /**
     * The stock eventIds this subtask's keyed state may hold, so that a new one skips the lookup.
     */
    private final KnownIds seenStockEventIds;

    private final Map<String, SkuBook> books = new HashMap<>();
    private final Set<String> changedBooks = new HashSet<>();
    private final Map<String, Map<String, Long>> newReservations = new HashMap<>();
    private final Map<String, Set<String>> newRejections = new HashMap<>();

    /** Reservations and rejections recorded since the last flush (some released since). */
    private int linesSinceFlush;

    /**
     * Whether reservations are written and read as the layout before did (after its restore, for
     * the dedup TTL).
     */
    private boolean keepReservations;

    /** {@code key} switches the keyed state (and timers) to a sku. */
    LedgerStore(RuntimeContext context, Duration dedupTtl, Consumer<String> key) {
        this.key = key;
        bookState = context.getState(new ValueStateDescriptor<>(BOOK, SkuBookSerializer.INSTANCE));
        pending =
                context.getMapState(
                        new MapStateDescriptor<>(
                                PENDING, LongSerializer.INSTANCE, LedgerBucketSerializer.INSTANCE));
        spilled =
                context.getMapState(
                        new MapStateDescriptor<>(
                                "spilled",
                                LongSerializer.INSTANCE,
                                LedgerBucketSerializer.INSTANCE));
        MapStateDescriptor<String, Long> reservedDescriptor =
                new MapStateDescriptor<>("reserved", Types.STRING, Types.LONG);
        reservedDescriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        reserved = context.getMapState(reservedDescriptor);
        MapStateDescriptor<String, Boolean> rejectedDescriptor =
                new MapStateDescriptor<>(REJECTED_LINES, Types.STRING, Types.BOOLEAN);
        rejectedDescriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        rejected = context.getMapState(rejectedDescriptor);
        MapStateDescriptor<String, Boolean> seenDescriptor =
                new MapStateDescriptor<>(SEEN_STOCK_EVENTS, Types.STRING, Types.BOOLEAN);
        seenDescriptor.enableTimeToLive(StateTtl.of(dedupTtl));
        seenStockEvents = context.getMapState(seenDescriptor);
        seenStockEventIds = new KnownIds(dedupTtl.toMillis());
    }

    /**
     * Whether this stock event was applied before; remembers it when not. The current key must be
     * its sku; {@code now} is processing time, the clock of the state's TTL.
     */
    boolean seenBefore(LedgerEntry stockEvent, long now) throws Exception {
        String eventId = stockEvent.id();
        if (seenStockEventIds.mightContain(eventId, now) && seenStockEvents.contains(eventId)) {
            return true;
        }
        seenStockEvents.put(eventId, Boolean.TRUE);
        seenStockEventIds.add(eventId, now);
        return false;
    }

    /**
     * Tells the filter of seen stock events what the current sku's keyed state holds (after a
     * restore, at whatever parallelism), so that none of them skips the lookup.
     */
    void rememberSeenStockEvents(long now) throws Exception {
        for (String eventId : seenStockEvents.keys()) {
            seenStockEventIds.add(eventId, now);
        }
    }

    /** The book of {@code sku}, from memory or else from keyed state. */
    SkuBook book(String sku) throws Exception {
        SkuBook book = books.get(sku);
        if (book == null) {
            key.accept(sku);
            book = bookState.value();
            book = book == null ? new SkuBook() : book;
            books.put(sku, book);
        }
        return book;
    }

    void bookChanged(String sku) {
        changedBooks.add(sku);
    }

    /**
     * Reservations are written and read as the layout before did: set after a restore of it, until
     * what it wrote has expired.
     */
    void keepReservations(boolean keep) {
        keepReservations = keep;
    }

    /** What the book of {@code sku} decided of its lines: memory first, then keyed state. */
    SkuBook.DecidedLines decidedLines(String sku) {
        return new SkuBook.DecidedLines() {
            @Override
            public void reserved(String orderId, long quantity) {
                if (keepReservations) {
                    newReservations
                            .computeIfAbsent(sku, s -> new HashMap<>())
                            .put(orderId, quantity);
                    linesSinceFlush++;
                }
            }

            @Override
            public void rejected(String orderId) {
                newRejections.computeIfAbsent(sku, s -> new HashSet<>()).add(orderId);
                linesSinceFlush++;
            }

            @Override
            public Long release(String orderId, long quantity) {
                try {
                    return releaseLine(sku, orderId, quantity);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read the decided lines' state", e);
                }
            }
        };
    }

    private Long releaseLine(String sku, String orderId, long quantity) throws Exception {
        Set<String> fresh = newRejections.get(sku);
        if (fresh != null && fresh.remove(orderId)) {
            return null;
        }
        key.accept(sku);
        if (rejected.contains(orderId)) {
            rejected.remove(orderId);
            return null;
        }
        if (!keepReservations) {
            return quantity;
        }
        Map<String, Long> freshReservations = newReservations.get(sku);
        Long held = freshReservations == null ? null : freshReservations.remove(orderId);
        if (held == null) {
            held = reserved.get(orderId);
            if (held != null) {
                reserved.remove(orderId);
            }
        }
        return held; // null: a line the layout before rejected, or forgot after the TTL
    }

    /** How many writes the next {@link #flush} would make, about. */
    int writesPending() {
        return changedBooks.size() + linesSinceFlush;
    }

    /**
     * Writes the books, rejections and (after a restore of the layout before) reservations that
     * changed since the last flush to keyed state. Values are copied: the heap backend keeps the
     * object it is given, and memory goes on changing ours.
     */
    void flush() throws Exception {
        for (String sku : changedBooks) {
            SkuBook book = books.get(sku);
            key.accept(sku);
            if (book.isEmpty()) {
                bookState.clear();
                books.remove(sku);
            } else {
                bookState.update(book.copy());
            }
        }
        changedBooks.clear();
        // One put each: a sku rarely has more than one new line between two flushes, and putAll
        // opens, fills, writes and frees a RocksDB write batch per call (with the map TTL wraps
        // first, about a sixth of the ledger's flush in a profile), where put is one write.
        for (Map.Entry<String, Set<String>> skuRejections : newRejections.entrySet()) {
            key.accept(skuRejections.getKey());
            for (String orderId : skuRejections.getValue()) {
                rejected.put(orderId, Boolean.TRUE);
            }
        }
        newRejections.clear();
        for (Map.Entry<String, Map<String, Long>> skuReservations : newReservations.entrySet()) {
            key.accept(skuReservations.getKey());
            for (Map.Entry<String, Long> reservation : skuReservations.getValue().entrySet()) {
                reserved.put(reservation.getKey(), reservation.getValue());
            }
        }
        newReservations.clear();
        linesSinceFlush = 0;
        if (books.size() > MAX_CACHED_BOOKS) {
            books.clear();
        }
    }
}
