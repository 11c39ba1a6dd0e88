package io.orderflow.testkit.generate;

import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.StockReceived;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bad records of the stream, one of every kind the job must turn into a dead letter or drop:
 * malformed JSON, unknown event types, each rule of the contract's section 3 broken once, keys that
 * do not match the value, and known orders placed again with a changed quantity.
 */
final class BadRecords {

    private static final double BAD_INVENTORY_SHARE = 0.3;

    private final StreamContext ctx;
    private final RecentOrders recent;
    private long badSeq;

    private long malformedJson;
    private long unknownType;
    private long schemaViolations;
    private long keyMismatches;
    private long conflictingOrders;

    BadRecords(StreamContext ctx, RecentOrders recent) {
        this.ctx = ctx;
        this.recent = recent;
    }

    /** One bad record of a kind drawn at random. */
    void emitOne() {
        double roll = ctx.random.nextDouble();
        boolean inventory = ctx.random.chance(BAD_INVENTORY_SHARE);
        if (roll < 0.25) {
            emitMalformedJson(inventory);
        } else if (roll < 0.40) {
            emitUnknownType(inventory);
        } else if (roll < 0.75 || recent.count() == 0) {
            emitSchemaViolation(inventory);
        } else if (roll < 0.90) {
            emitKeyMismatch(inventory);
        } else {
            emitConflictingOrder();
        }
    }

    private void emitMalformedJson(boolean inventory) {
        String key = inventory ? ctx.catalogue.name(anySku()) : badOrderId();
        byte[] valid = inventory ? validStockReceived(key) : validOrderPlaced(key);
        byte[] value;
        switch (ctx.random.nextInt(4)) {
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
        ctx.emit(
                inventory ? InputKind.INVENTORY : InputKind.ORDERS,
                key,
                value,
                RecordIntent.MALFORMED_JSON);
    }

    private void emitUnknownType(boolean inventory) {
        String json;
        String key;
        if (inventory) {
            key = ctx.catalogue.name(anySku());
            json = head("StockAudited") + ",\"sku\":\"" + key + "\",\"quantity\":3}";
        } else {
            key = badOrderId();
            json = head("OrderShipped") + ",\"orderId\":\"" + key + "\"}";
        }
        unknownType++;
        ctx.emit(
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
            key = ctx.catalogue.name(anySku());
            switch (ctx.random.nextInt(4)) {
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
            String sku = ctx.catalogue.name(anySku());
            String line = "{\"sku\":\"" + sku + "\",\"quantity\":2,\"unitPrice\":999}";
            String order = head("OrderPlaced") + ",\"orderId\":\"" + key + "\"";
            String customer = ",\"customerId\":\"" + ctx.anyCustomer() + "\"";
            switch (ctx.random.nextInt(8)) {
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
                                    + ctx.nextEventId()
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
        ctx.emit(
                inventory ? InputKind.INVENTORY : InputKind.ORDERS,
                key,
                utf8(json),
                RecordIntent.SCHEMA_VIOLATION);
    }

    private void emitKeyMismatch(boolean inventory) {
        if (inventory) {
            int sku = anySku();
            String value = ctx.catalogue.name(sku);
            String key =
                    ctx.catalogue.size() > 1
                            ? ctx.catalogue.name((sku + 1) % ctx.catalogue.size())
                            : value + "-elsewhere";
            keyMismatches++;
            ctx.emit(
                    InputKind.INVENTORY, key, validStockReceived(value), RecordIntent.KEY_MISMATCH);
            return;
        }
        String orderId = badOrderId();
        // Keyed by a real order, as a producer that mixed up two orders would send it.
        String key = recent.any(ctx.random).event().orderId();
        byte[] value;
        if (ctx.random.chance(0.7)) {
            value = validOrderPlaced(orderId);
        } else {
            value =
                    ctx.codec.encode(
                            new OrderCancelled(ctx.nextEventId(), ctx.tick(), orderId, null));
        }
        keyMismatches++;
        ctx.emit(InputKind.ORDERS, key, value, RecordIntent.KEY_MISMATCH);
    }

    /** A known order placed again under a new eventId with one quantity changed. */
    private void emitConflictingOrder() {
        OrderPlaced original = recent.any(ctx.random).event();
        List<OrderLine> lines = new ArrayList<>(original.lines());
        OrderLine first = lines.get(0);
        long quantity = first.quantity() < 1_000_000 ? first.quantity() + 1 : first.quantity() - 1;
        lines.set(0, new OrderLine(first.sku(), quantity, first.unitPrice()));
        OrderPlaced conflicting =
                new OrderPlaced(
                        ctx.nextEventId(),
                        Math.max(ctx.tick(), original.occurredAt()),
                        original.orderId(),
                        original.customerId(),
                        original.currency(),
                        original.fulfilment(),
                        List.copyOf(lines));
        conflictingOrders++;
        ctx.emit(
                InputKind.ORDERS,
                original.orderId(),
                ctx.codec.encode(conflicting),
                RecordIntent.CONFLICTING_ORDER);
    }

    private byte[] validOrderPlaced(String orderId) {
        int sku = anySku();
        return ctx.codec.encode(
                new OrderPlaced(
                        ctx.nextEventId(),
                        ctx.tick(),
                        orderId,
                        ctx.anyCustomer(),
                        StreamContext.CURRENCY,
                        null,
                        List.of(
                                new OrderLine(
                                        ctx.catalogue.name(sku), 1, ctx.catalogue.price(sku)))));
    }

    private byte[] validStockReceived(String sku) {
        return ctx.codec.encode(new StockReceived(ctx.nextEventId(), ctx.tick(), sku, 5));
    }

    /** The common fields of a hand-written bad record, without the closing brace. */
    private String head(String type) {
        return "{\"eventId\":\""
                + ctx.nextEventId()
                + "\",\"type\":\""
                + type
                + "\",\"occurredAt\":\""
                + EventCodec.formatInstant(ctx.tick())
                + "\"";
    }

    private int anySku() {
        return ctx.random.nextInt(ctx.catalogue.size());
    }

    private String badOrderId() {
        return "o-" + ctx.tag + "-bad-" + badSeq++;
    }

    long malformedJson() {
        return malformedJson;
    }

    long unknownType() {
        return unknownType;
    }

    long schemaViolations() {
        return schemaViolations;
    }

    long keyMismatches() {
        return keyMismatches;
    }

    long conflictingOrders() {
        return conflictingOrders;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
