package io.orderflow.testkit.generate;

import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import io.orderflow.schemas.json.EventCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A deterministic stream of input records for the order-processing job: the same settings give the
 * same records, byte for byte, in the same order. It opens with a stocktake of every sku at the
 * start instant, then sends orders of 1 to 4 lines over a Zipf-like catalogue, restocks that keep
 * roughly a tenth of the lines short, resends and re-placements, cancellations (mostly after the
 * order, a few before it and a few stamped just before it), and bad records of every kind.
 *
 * <p>Event time advances a few milliseconds per event with jitter below 100 ms, and every resend
 * follows its original within a few dozen events, so nothing arrives later than the job's default
 * 500 ms out-of-orderness. Records of one key keep their occurredAt order, except the cancellations
 * stamped just before their order (as contract example 10) and resends, which repeat their
 * original's time. Memory is bounded: only a window of recent orders and per-sku counters are kept.
 */
public final class OrderStream implements Iterator<GeneratedRecord> {

    /** Recent orders kept for resends, re-placements, conflicts and cancellations. */
    private static final int RECENT_ORDERS = 4096;

    /** Resends follow within this many orders: far less than 500 ms of event time. */
    private static final int MAX_RESEND_DELAY_ORDERS = 20;

    private static final int MAX_CANCEL_FIRST_DELAY_ORDERS = 10;
    private static final int MAX_STEP_MILLIS = 5;
    private static final int MAX_JITTER_MILLIS = 100;
    private static final double JITTER_SHARE = 0.2;

    private static final double CANCEL_FIRST_SHARE = 0.10;
    private static final double CANCEL_STAMPED_EARLIER_SHARE = 0.05;
    private static final double EXACT_RESEND_SHARE = 0.8;
    private static final double EXPLICIT_PARTIAL_SHARE = 0.3;
    private static final double BAD_INVENTORY_SHARE = 0.3;

    /** The share of order lines the restock policy steers towards being out of stock. */
    private static final double TARGET_SHORT_SHARE = 0.10;

    private static final int RESTOCK_REVIEW_LINES = 1024;
    private static final long INITIAL_RESTOCK_DELAY_ORDERS = 100;
    private static final long MAX_RESTOCK_DELAY_ORDERS = 100_000;

    /** Expected units per order and unit of popularity: 2.0 lines of 1.8 units on average. */
    private static final double UNITS_PER_ORDER = 3.6;

    /** Rarely sold skus still get a shelf's worth, so that shortages come from demand, not size. */
    private static final long MIN_STOCK = 10;

    private static final int INITIAL_STOCK_ORDERS = 300;
    private static final int RESTOCK_ORDERS = 400;
    private static final String CURRENCY = "EUR";
    private static final String[] CANCEL_REASONS = {
        "customer request", "payment failed", "duplicate checkout", null
    };

    private final GeneratorSettings settings;
    private final EventCodec codec = new EventCodec();
    private final DeterministicRandom random;
    private final SkuCatalogue catalogue;
    private final String tag;
    private final int customers;

    private final ArrayDeque<GeneratedRecord> ready = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> scheduled =
            new PriorityQueue<>(
                    Comparator.comparingLong(Scheduled::dueOrder)
                            .thenComparingLong(Scheduled::seq));
    private final RecentOrder[] recent = new RecentOrder[RECENT_ORDERS];
    private int recentCount;
    private int recentNext;

    /** The generator's own rough stock model: it steers restocks, the job decides for real. */
    private final long[] shadowStock;

    private final long[] lastStockAt;
    private final BitSet restockPending;
    private long restockDelay = INITIAL_RESTOCK_DELAY_ORDERS;
    private long reviewLines;
    private long reviewShortLines;

    private long clock;
    private long orderIndex;
    private int countedSkus;
    private long eventSeq;
    private long badSeq;
    private long scheduleSeq;
    private boolean finished;

    private long ordersRecords;
    private long inventoryRecords;
    private long ordersPlaced;
    private long orderLines;
    private long shortLines;
    private long stockCounts;
    private long restocks;
    private long cancels;
    private long duplicates;
    private long malformedJson;
    private long unknownType;
    private long schemaViolations;
    private long keyMismatches;
    private long conflictingOrders;

    public OrderStream(GeneratorSettings settings) {
        this.settings = settings;
        this.random = new DeterministicRandom(settings.seed());
        this.catalogue = new SkuCatalogue(settings.skus(), random);
        this.tag = Long.toUnsignedString(settings.seed(), 36);
        this.customers = (int) Math.min(1_000_000, Math.max(50, settings.orders() / 4));
        this.shadowStock = new long[settings.skus()];
        this.lastStockAt = new long[settings.skus()];
        this.restockPending = new BitSet(settings.skus());
        this.clock = settings.startEpochMillis();
    }

    @Override
    public boolean hasNext() {
        fill();
        return !ready.isEmpty();
    }

    @Override
    public GeneratedRecord next() {
        fill();
        if (ready.isEmpty()) {
            throw new NoSuchElementException("the stream is exhausted");
        }
        return ready.poll();
    }

    /** How far the stream is, from 0 to 1, by orders placed. */
    public double progress() {
        if (finished) {
            return 1.0;
        }
        return settings.orders() == 0 ? 0.0 : (double) orderIndex / settings.orders();
    }

    /** What was generated so far; the totals once {@link #hasNext()} returned false. */
    public GeneratorCounts counts() {
        return new GeneratorCounts(
                ordersRecords,
                inventoryRecords,
                ordersPlaced,
                orderLines,
                shortLines,
                stockCounts,
                restocks,
                cancels,
                duplicates,
                malformedJson,
                unknownType,
                schemaViolations,
                keyMismatches,
                conflictingOrders);
    }

    private void fill() {
        while (ready.isEmpty() && !finished) {
            if (countedSkus < settings.skus()) {
                emitStockCount(countedSkus++);
            } else if (orderIndex < settings.orders()) {
                runDue(orderIndex);
                nextOrder();
                orderIndex++;
            } else {
                drainScheduled();
                finished = true;
            }
        }
    }

    private void runDue(long order) {
        while (!scheduled.isEmpty() && scheduled.peek().dueOrder() <= order) {
            scheduled.poll().action().run();
        }
    }

    /** At the end, resends and held-back orders still go out; pending restocks are dropped. */
    private void drainScheduled() {
        while (!scheduled.isEmpty()) {
            Scheduled next = scheduled.poll();
            if (next.essential()) {
                next.action().run();
            }
        }
    }

    private void schedule(long dueOrder, boolean essential, Runnable action) {
        scheduled.add(new Scheduled(dueOrder, scheduleSeq++, essential, action));
    }

    // ---------------------------------------------------------------- orders

    private void nextOrder() {
        if (random.chance(settings.malformedRate())) {
            emitBadRecord();
        }
        OrderDraft draft = draftOrder();
        double cancelRoll = random.nextDouble();
        double cancelRate = settings.cancelRate();
        if (cancelRoll < cancelRate * CANCEL_FIRST_SHARE) {
            // The cancellation overtakes its order: the job must remember it until the order comes.
            long cancelAt = emitCancel(draft.orderId(), tick());
            schedule(
                    orderIndex + 1 + random.nextInt(MAX_CANCEL_FIRST_DELAY_ORDERS),
                    true,
                    () -> emitPlacement(draft, cancelAt, true));
            return;
        }
        RecentOrder placed = emitPlacement(draft, Long.MIN_VALUE, false);
        if (cancelRoll < cancelRate * (CANCEL_FIRST_SHARE + CANCEL_STAMPED_EARLIER_SHARE)) {
            // Sent after its order but stamped a little before it, as contract example 10.
            cancel(placed, placed.event().occurredAt() - 1 - random.nextInt(20));
        } else if (cancelRoll < cancelRate && recentCount > 1) {
            RecentOrder earlier =
                    recent[
                            Math.floorMod(
                                    recentNext - 2 - random.nextInt(recentCount - 1),
                                    RECENT_ORDERS)];
            if (!earlier.cancelled) {
                cancel(earlier, Math.max(tick(), earlier.event().occurredAt()));
            }
        }
    }

    private OrderDraft draftOrder() {
        String orderId = "o-" + tag + "-" + orderIndex;
        int[] skus = catalogue.pickDistinct(random, Math.min(catalogue.size(), lineCount()));
        List<OrderLine> lines = new ArrayList<>(skus.length);
        for (int sku : skus) {
            lines.add(new OrderLine(catalogue.name(sku), quantity(), catalogue.price(sku)));
        }
        String customerId = "c-" + random.nextInt(customers);
        Fulfilment fulfilment;
        if (random.chance(settings.backorderRate())) {
            fulfilment = Fulfilment.BACKORDER;
        } else {
            // Most orders leave fulfilment to the job's default, as most shops would.
            fulfilment = random.chance(EXPLICIT_PARTIAL_SHARE) ? Fulfilment.PARTIAL : null;
        }
        return new OrderDraft(orderId, customerId, fulfilment, List.copyOf(lines), skus);
    }

    private int lineCount() {
        double roll = random.nextDouble();
        return roll < 0.4 ? 1 : roll < 0.7 ? 2 : roll < 0.9 ? 3 : 4;
    }

    private long quantity() {
        double roll = random.nextDouble();
        return roll < 0.55 ? 1 : roll < 0.80 ? 2 : roll < 0.92 ? 3 : random.between(4, 6);
    }

    private RecentOrder emitPlacement(OrderDraft draft, long notBefore, boolean alreadyCancelled) {
        OrderPlaced event =
                new OrderPlaced(
                        nextEventId(),
                        Math.max(tick(), notBefore),
                        draft.orderId(),
                        draft.customerId(),
                        CURRENCY,
                        draft.fulfilment(),
                        draft.lines());
        byte[] value = codec.encode(event);
        emit(InputKind.ORDERS, draft.orderId(), value, RecordIntent.APPLY);
        ordersPlaced++;
        orderLines += draft.lines().size();
        int reserved = alreadyCancelled ? 0 : reserveInShadow(draft);
        RecentOrder order = new RecentOrder(event, draft.skus(), reserved);
        order.cancelled = alreadyCancelled;
        remember(order);
        if (random.chance(settings.duplicateRate())) {
            long due = orderIndex + 1 + random.nextInt(MAX_RESEND_DELAY_ORDERS);
            if (random.chance(EXACT_RESEND_SHARE)) {
                schedule(due, true, () -> emitDuplicate(InputKind.ORDERS, draft.orderId(), value));
            } else {
                schedule(due, true, () -> emitReplacement(event));
            }
        }
        return order;
    }

    /** The same order placed again under a new eventId: the job drops it as a duplicate. */
    private void emitReplacement(OrderPlaced original) {
        OrderPlaced again =
                new OrderPlaced(
                        nextEventId(),
                        Math.max(tick(), original.occurredAt()),
                        original.orderId(),
                        original.customerId(),
                        original.currency(),
                        original.fulfilment(),
                        original.lines());
        emit(InputKind.ORDERS, original.orderId(), codec.encode(again), RecordIntent.DUPLICATE);
    }

    private void cancel(RecentOrder order, long occurredAt) {
        order.cancelled = true;
        for (int i = 0; i < order.skus().length; i++) {
            if ((order.reservedLines() & (1 << i)) != 0) {
                shadowStock[order.skus()[i]] += order.event().lines().get(i).quantity();
            }
        }
        emitCancel(order.event().orderId(), occurredAt);
    }

    private long emitCancel(String orderId, long occurredAt) {
        String reason = CANCEL_REASONS[random.nextInt(CANCEL_REASONS.length)];
        OrderCancelled event = new OrderCancelled(nextEventId(), occurredAt, orderId, reason);
        byte[] value = codec.encode(event);
        emit(InputKind.ORDERS, orderId, value, RecordIntent.APPLY);
        cancels++;
        if (random.chance(settings.duplicateRate())) {
            long due = orderIndex + 1 + random.nextInt(MAX_RESEND_DELAY_ORDERS);
            if (random.chance(EXACT_RESEND_SHARE)) {
                schedule(due, true, () -> emitDuplicate(InputKind.ORDERS, orderId, value));
            } else {
                // A second cancellation under its own eventId: also a duplicate by the contract.
                schedule(
                        due,
                        true,
                        () -> {
                            OrderCancelled again =
                                    new OrderCancelled(
                                            nextEventId(),
                                            Math.max(tick(), occurredAt),
                                            orderId,
                                            "cancelled twice");
                            emit(
                                    InputKind.ORDERS,
                                    orderId,
                                    codec.encode(again),
                                    RecordIntent.DUPLICATE);
                        });
            }
        }
        return occurredAt;
    }

    private void remember(RecentOrder order) {
        recent[recentNext] = order;
        recentNext = (recentNext + 1) % RECENT_ORDERS;
        recentCount = Math.min(recentCount + 1, RECENT_ORDERS);
    }

    private RecentOrder anyRecent() {
        return recent[Math.floorMod(recentNext - 1 - random.nextInt(recentCount), RECENT_ORDERS)];
    }

    // ---------------------------------------------------------------- stock

    private void emitStockCount(int sku) {
        long available =
                Math.max(
                        MIN_STOCK, Math.round(expectedUnits(sku, INITIAL_STOCK_ORDERS) * spread()));
        long at = settings.startEpochMillis();
        StockCounted event = new StockCounted(nextEventId(), at, catalogue.name(sku), available);
        shadowStock[sku] = available;
        lastStockAt[sku] = at;
        stockCounts++;
        emitInventory(sku, codec.encode(event));
    }

    private void emitRestock(int sku) {
        long quantity =
                Math.max(MIN_STOCK, Math.round(expectedUnits(sku, RESTOCK_ORDERS) * spread()));
        long at = Math.max(tick(), lastStockAt[sku]);
        lastStockAt[sku] = at;
        StockReceived event = new StockReceived(nextEventId(), at, catalogue.name(sku), quantity);
        shadowStock[sku] += quantity;
        restockPending.clear(sku);
        restocks++;
        emitInventory(sku, codec.encode(event));
    }

    private void emitInventory(int sku, byte[] value) {
        String key = catalogue.name(sku);
        emit(InputKind.INVENTORY, key, value, RecordIntent.APPLY);
        if (random.chance(settings.duplicateRate())) {
            long due = orderIndex + 1 + random.nextInt(MAX_RESEND_DELAY_ORDERS);
            schedule(due, true, () -> emitDuplicate(InputKind.INVENTORY, key, value));
        }
    }

    private double expectedUnits(int sku, int orders) {
        return catalogue.share(sku) * orders * UNITS_PER_ORDER;
    }

    private double spread() {
        return 0.8 + 0.4 * random.nextDouble();
    }

    /** Takes the lines from the shadow stock; returns a bit per line that fitted. */
    private int reserveInShadow(OrderDraft draft) {
        int reserved = 0;
        for (int i = 0; i < draft.skus().length; i++) {
            int sku = draft.skus()[i];
            long quantity = draft.lines().get(i).quantity();
            if (shadowStock[sku] >= quantity) {
                shadowStock[sku] -= quantity;
                reserved |= 1 << i;
            } else {
                shortLines++;
                reviewShortLines++;
                requestRestock(sku);
            }
            reviewLines++;
        }
        if (reviewLines >= RESTOCK_REVIEW_LINES) {
            reviewRestockDelay();
        }
        return reserved;
    }

    private void requestRestock(int sku) {
        if (!restockPending.get(sku)) {
            restockPending.set(sku);
            schedule(orderIndex + restockDelay, false, () -> emitRestock(sku));
        }
    }

    /** A slower restock leaves skus empty for longer: steer towards the target short share. */
    private void reviewRestockDelay() {
        double share = (double) reviewShortLines / reviewLines;
        long step = Math.max(1, restockDelay / 4);
        if (share > TARGET_SHORT_SHARE * 1.1) {
            restockDelay = Math.max(0, restockDelay - step);
        } else if (share < TARGET_SHORT_SHARE * 0.9) {
            restockDelay = Math.min(MAX_RESTOCK_DELAY_ORDERS, restockDelay + step);
        }
        reviewLines = 0;
        reviewShortLines = 0;
    }

    // ---------------------------------------------------------------- bad records

    private void emitBadRecord() {
        double roll = random.nextDouble();
        boolean inventory = random.chance(BAD_INVENTORY_SHARE);
        if (roll < 0.25) {
            emitMalformedJson(inventory);
        } else if (roll < 0.40) {
            emitUnknownType(inventory);
        } else if (roll < 0.75 || recentCount == 0) {
            emitSchemaViolation(inventory);
        } else if (roll < 0.90) {
            emitKeyMismatch(inventory);
        } else {
            emitConflictingOrder();
        }
    }

    private void emitMalformedJson(boolean inventory) {
        String key = inventory ? catalogue.name(anySku()) : badOrderId();
        byte[] valid = inventory ? validStockReceived(key) : validOrderPlaced(key);
        byte[] value;
        switch (random.nextInt(4)) {
            case 0:
                value = ("not json: " + key).getBytes(StandardCharsets.UTF_8);
                break;
            case 1:
                // A record cut short, as a crashed writer leaves it.
                value = Arrays.copyOf(valid, valid.length / 2);
                break;
            case 2:
                value = valid.clone();
                value[value.length / 2] = (byte) 0xFF; // never valid in UTF-8
                break;
            default:
                value = "{eventId: 1, type: OrderPlaced}".getBytes(StandardCharsets.UTF_8);
                break;
        }
        malformedJson++;
        emit(
                inventory ? InputKind.INVENTORY : InputKind.ORDERS,
                key,
                value,
                RecordIntent.MALFORMED_JSON);
    }

    private void emitUnknownType(boolean inventory) {
        String json;
        String key;
        if (inventory) {
            key = catalogue.name(anySku());
            json = head("StockAudited") + ",\"sku\":\"" + key + "\",\"quantity\":3}";
        } else {
            key = badOrderId();
            json = head("OrderShipped") + ",\"orderId\":\"" + key + "\"}";
        }
        unknownType++;
        emit(
                inventory ? InputKind.INVENTORY : InputKind.ORDERS,
                key,
                utf8(json),
                RecordIntent.UNKNOWN_TYPE);
    }

    /** Each variant breaks exactly one rule of the contract's section 3, with a matching key. */
    private void emitSchemaViolation(boolean inventory) {
        String json;
        String key;
        if (inventory) {
            key = catalogue.name(anySku());
            switch (random.nextInt(4)) {
                case 0:
                    json = head("StockReceived") + ",\"sku\":\"" + key + "\",\"quantity\":0}";
                    break;
                case 1:
                    json = head("StockCounted") + ",\"sku\":\"" + key + "\",\"available\":-5}";
                    break;
                case 2:
                    json = head("StockReceived") + ",\"sku\":\"" + key + "\",\"quantity\":\"ten\"}";
                    break;
                default:
                    key = "sku-" + "x".repeat(61); // 65 characters, one over the limit
                    json = head("StockReceived") + ",\"sku\":\"" + key + "\",\"quantity\":4}";
                    break;
            }
        } else {
            key = badOrderId();
            String sku = catalogue.name(anySku());
            String line = "{\"sku\":\"" + sku + "\",\"quantity\":2,\"unitPrice\":999}";
            String order = head("OrderPlaced") + ",\"orderId\":\"" + key + "\"";
            String customer = ",\"customerId\":\"c-" + random.nextInt(customers) + "\"";
            switch (random.nextInt(8)) {
                case 0:
                    json =
                            order
                                    + customer
                                    + ",\"currency\":\"EUR\",\"lines\":[{\"sku\":\""
                                    + sku
                                    + "\",\"quantity\":0,\"unitPrice\":999}]}";
                    break;
                case 1:
                    json = order + customer + ",\"currency\":\"eur\",\"lines\":[" + line + "]}";
                    break;
                case 2:
                    json = order + ",\"currency\":\"EUR\",\"lines\":[" + line + "]}";
                    break;
                case 3:
                    json = order + customer + ",\"currency\":\"EUR\",\"lines\":[]}";
                    break;
                case 4:
                    json =
                            order
                                    + customer
                                    + ",\"currency\":\"EUR\",\"lines\":["
                                    + line
                                    + ","
                                    + line
                                    + "]}";
                    break;
                case 5:
                    json =
                            order
                                    + customer
                                    + ",\"currency\":\"EUR\",\"lines\":[{\"sku\":\""
                                    + sku
                                    + "\",\"quantity\":1,\"unitPrice\":-1}]}";
                    break;
                case 6:
                    json =
                            order
                                    + customer
                                    + ",\"currency\":\"EUR\",\"fulfilment\":\"SOMETIMES\","
                                    + "\"lines\":["
                                    + line
                                    + "]}";
                    break;
                default:
                    json =
                            "{\"eventId\":\""
                                    + nextEventId()
                                    + "\",\"type\":\"OrderPlaced\","
                                    + "\"occurredAt\":\"yesterday\",\"orderId\":\""
                                    + key
                                    + "\""
                                    + customer
                                    + ",\"currency\":\"EUR\",\"lines\":["
                                    + line
                                    + "]}";
                    break;
            }
        }
        schemaViolations++;
        emit(
                inventory ? InputKind.INVENTORY : InputKind.ORDERS,
                key,
                utf8(json),
                RecordIntent.SCHEMA_VIOLATION);
    }

    private void emitKeyMismatch(boolean inventory) {
        if (inventory) {
            int sku = anySku();
            String value = catalogue.name(sku);
            String key =
                    catalogue.size() > 1
                            ? catalogue.name((sku + 1) % catalogue.size())
                            : value + "-elsewhere";
            keyMismatches++;
            emit(InputKind.INVENTORY, key, validStockReceived(value), RecordIntent.KEY_MISMATCH);
            return;
        }
        String orderId = badOrderId();
        // Keyed by a real order, as a producer that mixed up two orders would send it.
        String key = anyRecent().event().orderId();
        byte[] value;
        if (random.chance(0.7)) {
            value = validOrderPlaced(orderId);
        } else {
            value = codec.encode(new OrderCancelled(nextEventId(), tick(), orderId, null));
        }
        keyMismatches++;
        emit(InputKind.ORDERS, key, value, RecordIntent.KEY_MISMATCH);
    }

    /** A known order placed again under a new eventId with one quantity changed. */
    private void emitConflictingOrder() {
        OrderPlaced original = anyRecent().event();
        List<OrderLine> lines = new ArrayList<>(original.lines());
        OrderLine first = lines.get(0);
        long quantity = first.quantity() < 1_000_000 ? first.quantity() + 1 : first.quantity() - 1;
        lines.set(0, new OrderLine(first.sku(), quantity, first.unitPrice()));
        OrderPlaced conflicting =
                new OrderPlaced(
                        nextEventId(),
                        Math.max(tick(), original.occurredAt()),
                        original.orderId(),
                        original.customerId(),
                        original.currency(),
                        original.fulfilment(),
                        List.copyOf(lines));
        conflictingOrders++;
        emit(
                InputKind.ORDERS,
                original.orderId(),
                codec.encode(conflicting),
                RecordIntent.CONFLICTING_ORDER);
    }

    private byte[] validOrderPlaced(String orderId) {
        int sku = anySku();
        return codec.encode(
                new OrderPlaced(
                        nextEventId(),
                        tick(),
                        orderId,
                        "c-" + random.nextInt(customers),
                        CURRENCY,
                        null,
                        List.of(new OrderLine(catalogue.name(sku), 1, catalogue.price(sku)))));
    }

    private byte[] validStockReceived(String sku) {
        return codec.encode(new StockReceived(nextEventId(), tick(), sku, 5));
    }

    /** The common fields of a hand-written bad record, without the closing brace. */
    private String head(String type) {
        return "{\"eventId\":\""
                + nextEventId()
                + "\",\"type\":\""
                + type
                + "\",\"occurredAt\":\""
                + EventCodec.formatInstant(tick())
                + "\"";
    }

    private int anySku() {
        return random.nextInt(catalogue.size());
    }

    private String badOrderId() {
        return "o-" + tag + "-bad-" + badSeq++;
    }

    // ---------------------------------------------------------------- common

    private void emitDuplicate(InputKind kind, String key, byte[] value) {
        emit(kind, key, value, RecordIntent.DUPLICATE);
    }

    private void emit(InputKind kind, String key, byte[] value, RecordIntent intent) {
        if (kind == InputKind.ORDERS) {
            ordersRecords++;
        } else {
            inventoryRecords++;
        }
        if (intent == RecordIntent.DUPLICATE) {
            duplicates++;
        }
        ready.add(new GeneratedRecord(kind, key, value, intent));
    }

    /** Advances event time by a few ms and returns a new event's occurredAt, sometimes jittered. */
    private long tick() {
        clock += 1 + random.nextInt(MAX_STEP_MILLIS);
        long jitter = random.chance(JITTER_SHARE) ? random.nextInt(MAX_JITTER_MILLIS) : 0;
        return clock - jitter;
    }

    private String nextEventId() {
        return "e-" + tag + "-" + eventSeq++;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record OrderDraft(
            String orderId,
            String customerId,
            Fulfilment fulfilment,
            List<OrderLine> lines,
            int[] skus) {}

    private record Scheduled(long dueOrder, long seq, boolean essential, Runnable action) {}

    private static final class RecentOrder {
        private final OrderPlaced event;
        private final int[] skus;
        private final int reservedLines;
        private boolean cancelled;

        RecentOrder(OrderPlaced event, int[] skus, int reservedLines) {
            this.event = event;
            this.skus = skus;
            this.reservedLines = reservedLines;
        }

        OrderPlaced event() {
            return event;
        }

        int[] skus() {
            return skus;
        }

        int reservedLines() {
            return reservedLines;
        }
    }
}
