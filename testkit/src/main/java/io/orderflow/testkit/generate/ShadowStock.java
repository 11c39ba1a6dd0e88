package io.orderflow.testkit.generate;

import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.util.BitSet;
import java.util.List;

/**
 * The generator's own rough stock model and the inventory events it sends: a stocktake of every sku
 * at the start, and restocks of the skus that ran short, after a delay that it steers so that
 * roughly a tenth of the order lines find their sku out of stock. It only steers: the job decides
 * for real.
 */
final class ShadowStock {

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

    private final StreamContext ctx;
    private final ArrivalSchedule schedule;

    private final long[] shadowStock;
    private final long[] lastStockAt;
    private final BitSet restockPending;
    private long restockDelay = INITIAL_RESTOCK_DELAY_ORDERS;
    private long reviewLines;
    private long reviewShortLines;

    private long shortLines;
    private long stockCounts;
    private long restocks;

    ShadowStock(StreamContext ctx, ArrivalSchedule schedule) {
        this.ctx = ctx;
        this.schedule = schedule;
        int skus = ctx.settings.skus();
        this.shadowStock = new long[skus];
        this.lastStockAt = new long[skus];
        this.restockPending = new BitSet(skus);
    }

    void emitStockCount(int sku) {
        long available =
                Math.max(
                        MIN_STOCK, Math.round(expectedUnits(sku, INITIAL_STOCK_ORDERS) * spread()));
        long at = ctx.settings.startEpochMillis();
        StockCounted event =
                new StockCounted(ctx.nextEventId(), at, ctx.catalogue.name(sku), available);
        shadowStock[sku] = available;
        lastStockAt[sku] = at;
        stockCounts++;
        emitInventory(sku, ctx.codec.encode(event));
    }

    /** Takes the lines from the shadow stock; returns a bit per line that fitted. */
    int reserve(int[] skus, List<OrderLine> lines) {
        int reserved = 0;
        for (int i = 0; i < skus.length; i++) {
            int sku = skus[i];
            long quantity = lines.get(i).quantity();
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

    /** Gives back the lines of a cancelled order that {@link #reserve} took. */
    void release(int[] skus, int reservedLines, List<OrderLine> lines) {
        for (int i = 0; i < skus.length; i++) {
            if ((reservedLines & (1 << i)) != 0) {
                shadowStock[skus[i]] += lines.get(i).quantity();
            }
        }
    }

    long shortLines() {
        return shortLines;
    }

    long stockCounts() {
        return stockCounts;
    }

    long restocks() {
        return restocks;
    }

    private void emitRestock(int sku) {
        long quantity =
                Math.max(MIN_STOCK, Math.round(expectedUnits(sku, RESTOCK_ORDERS) * spread()));
        long at = Math.max(ctx.tick(), lastStockAt[sku]);
        lastStockAt[sku] = at;
        StockReceived event =
                new StockReceived(ctx.nextEventId(), at, ctx.catalogue.name(sku), quantity);
        shadowStock[sku] += quantity;
        restockPending.clear(sku);
        restocks++;
        emitInventory(sku, ctx.codec.encode(event));
    }

    private void emitInventory(int sku, byte[] value) {
        String key = ctx.catalogue.name(sku);
        ctx.emit(InputKind.INVENTORY, key, value, RecordIntent.APPLY);
        if (ctx.random.chance(ctx.settings.duplicateRate())) {
            long due = schedule.resendDue(ctx.random);
            schedule.at(due, true, () -> ctx.emitDuplicate(InputKind.INVENTORY, key, value));
        }
    }

    private double expectedUnits(int sku, int orders) {
        return ctx.catalogue.share(sku) * orders * UNITS_PER_ORDER;
    }

    private double spread() {
        return 0.8 + 0.4 * ctx.random.nextDouble();
    }

    private void requestRestock(int sku) {
        if (!restockPending.get(sku)) {
            restockPending.set(sku);
            schedule.at(schedule.inOrders(restockDelay), false, () -> emitRestock(sku));
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
}
