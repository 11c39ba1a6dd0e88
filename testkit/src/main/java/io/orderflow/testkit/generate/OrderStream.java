package io.orderflow.testkit.generate;

import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

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
 *
 * <p>The orders are drawn here; {@link ArrivalSchedule} holds what arrives later, {@link
 * ShadowStock} the stocktake, the restocks and the model that steers them, and {@link BadRecords}
 * the bad records.
 */
public final class OrderStream implements Iterator<GeneratedRecord> {

    private static final double CANCEL_FIRST_SHARE = 0.10;
    private static final double CANCEL_STAMPED_EARLIER_SHARE = 0.05;
    private static final double EXACT_RESEND_SHARE = 0.8;
    private static final double EXPLICIT_PARTIAL_SHARE = 0.3;

    private static final String[] CANCEL_REASONS = {
        "customer request", "payment failed", "duplicate checkout", null
    };

    private final GeneratorSettings settings;
    private final StreamContext ctx;
    private final DeterministicRandom random;
    private final SkuCatalogue catalogue;
    private final ArrivalSchedule schedule = new ArrivalSchedule();
    private final RecentOrders recent = new RecentOrders();
    private final ShadowStock stock;
    private final BadRecords badRecords;

    private int countedSkus;
    private boolean finished;

    private long ordersPlaced;
    private long orderLines;
    private long cancels;

    public OrderStream(GeneratorSettings settings) {
        this.settings = settings;
        this.ctx = new StreamContext(settings);
        this.random = ctx.random;
        this.catalogue = ctx.catalogue;
        this.stock = new ShadowStock(ctx, schedule);
        this.badRecords = new BadRecords(ctx, recent);
    }

    @Override
    public boolean hasNext() {
        fill();
        return ctx.hasReady();
    }

    @Override
    public GeneratedRecord next() {
        fill();
        if (!ctx.hasReady()) {
            throw new NoSuchElementException("the stream is exhausted");
        }
        return ctx.poll();
    }

    /** How far the stream is, from 0 to 1, by orders placed. */
    public double progress() {
        if (finished) {
            return 1.0;
        }
        return settings.orders() == 0 ? 0.0 : (double) schedule.currentOrder() / settings.orders();
    }

    /** What was generated so far; the totals once {@link #hasNext()} returned false. */
    public GeneratorCounts counts() {
        return new GeneratorCounts(
                ctx.ordersRecords(),
                ctx.inventoryRecords(),
                ordersPlaced,
                orderLines,
                stock.shortLines(),
                stock.stockCounts(),
                stock.restocks(),
                cancels,
                ctx.duplicates(),
                badRecords.malformedJson(),
                badRecords.unknownType(),
                badRecords.schemaViolations(),
                badRecords.keyMismatches(),
                badRecords.conflictingOrders());
    }

    private void fill() {
        while (!ctx.hasReady() && !finished) {
            if (countedSkus < settings.skus()) {
                stock.emitStockCount(countedSkus++);
            } else if (schedule.currentOrder() < settings.orders()) {
                schedule.runDue();
                nextOrder();
                schedule.advance();
            } else {
                schedule.drain();
                finished = true;
            }
        }
    }

    // ---------------------------------------------------------------- orders

    private void nextOrder() {
        if (random.chance(settings.malformedRate())) {
            badRecords.emitOne();
        }
        OrderDraft draft = draftOrder();
        double cancelRoll = random.nextDouble();
        double cancelRate = settings.cancelRate();
        if (cancelRoll < cancelRate * CANCEL_FIRST_SHARE) {
            // The cancellation overtakes its order: the job must remember it until the order comes.
            long cancelAt = emitCancel(draft.orderId(), ctx.tick());
            schedule.at(
                    schedule.heldBackDue(random), true, () -> emitPlacement(draft, cancelAt, true));
            return;
        }
        RecentOrders.Order placed = emitPlacement(draft, Long.MIN_VALUE, false);
        if (cancelRoll < cancelRate * (CANCEL_FIRST_SHARE + CANCEL_STAMPED_EARLIER_SHARE)) {
            // Sent after its order but stamped a little before it, as contract example 10.
            cancel(placed, placed.event().occurredAt() - 1 - random.nextInt(20));
        } else if (cancelRoll < cancelRate && recent.count() > 1) {
            RecentOrders.Order earlier = recent.anyBeforeLast(random);
            if (!earlier.cancelled()) {
                cancel(earlier, Math.max(ctx.tick(), earlier.event().occurredAt()));
            }
        }
    }

    private OrderDraft draftOrder() {
        String orderId = "o-" + ctx.tag + "-" + schedule.currentOrder();
        int[] skus = catalogue.pickDistinct(random, Math.min(catalogue.size(), lineCount()));
        List<OrderLine> lines = new ArrayList<>(skus.length);
        for (int sku : skus) {
            lines.add(new OrderLine(catalogue.name(sku), quantity(), catalogue.price(sku)));
        }
        String customerId = ctx.anyCustomer();
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

    private RecentOrders.Order emitPlacement(
            OrderDraft draft, long notBefore, boolean alreadyCancelled) {
        OrderPlaced event =
                new OrderPlaced(
                        ctx.nextEventId(),
                        Math.max(ctx.tick(), notBefore),
                        draft.orderId(),
                        draft.customerId(),
                        StreamContext.CURRENCY,
                        draft.fulfilment(),
                        draft.lines());
        byte[] value = ctx.codec.encode(event);
        ctx.emit(InputKind.ORDERS, draft.orderId(), value, RecordIntent.APPLY);
        ordersPlaced++;
        orderLines += draft.lines().size();
        int reserved = alreadyCancelled ? 0 : stock.reserve(draft.skus(), draft.lines());
        RecentOrders.Order order = new RecentOrders.Order(event, draft.skus(), reserved);
        if (alreadyCancelled) {
            order.cancel();
        }
        recent.remember(order);
        if (random.chance(settings.duplicateRate())) {
            long due = schedule.resendDue(random);
            if (random.chance(EXACT_RESEND_SHARE)) {
                schedule.at(
                        due,
                        true,
                        () -> ctx.emitDuplicate(InputKind.ORDERS, draft.orderId(), value));
            } else {
                schedule.at(due, true, () -> emitReplacement(event));
            }
        }
        return order;
    }

    /** The same order placed again under a new eventId: the job drops it as a duplicate. */
    private void emitReplacement(OrderPlaced original) {
        OrderPlaced again =
                new OrderPlaced(
                        ctx.nextEventId(),
                        Math.max(ctx.tick(), original.occurredAt()),
                        original.orderId(),
                        original.customerId(),
                        original.currency(),
                        original.fulfilment(),
                        original.lines());
        ctx.emit(
                InputKind.ORDERS,
                original.orderId(),
                ctx.codec.encode(again),
                RecordIntent.DUPLICATE);
    }

    private void cancel(RecentOrders.Order order, long occurredAt) {
        order.cancel();
        stock.release(order.skus(), order.reservedLines(), order.event().lines());
        emitCancel(order.event().orderId(), occurredAt);
    }

    private long emitCancel(String orderId, long occurredAt) {
        String reason = CANCEL_REASONS[random.nextInt(CANCEL_REASONS.length)];
        OrderCancelled event = new OrderCancelled(ctx.nextEventId(), occurredAt, orderId, reason);
        byte[] value = ctx.codec.encode(event);
        ctx.emit(InputKind.ORDERS, orderId, value, RecordIntent.APPLY);
        cancels++;
        if (random.chance(settings.duplicateRate())) {
            long due = schedule.resendDue(random);
            if (random.chance(EXACT_RESEND_SHARE)) {
                schedule.at(due, true, () -> ctx.emitDuplicate(InputKind.ORDERS, orderId, value));
            } else {
                // A second cancellation under its own eventId: also a duplicate by the contract.
                schedule.at(
                        due,
                        true,
                        () -> {
                            OrderCancelled again =
                                    new OrderCancelled(
                                            ctx.nextEventId(),
                                            Math.max(ctx.tick(), occurredAt),
                                            orderId,
                                            "cancelled twice");
                            ctx.emit(
                                    InputKind.ORDERS,
                                    orderId,
                                    ctx.codec.encode(again),
                                    RecordIntent.DUPLICATE);
                        });
            }
        }
        return occurredAt;
    }

    private record OrderDraft(
            String orderId,
            String customerId,
            Fulfilment fulfilment,
            List<OrderLine> lines,
            int[] skus) {}
}
