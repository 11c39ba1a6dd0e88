package io.orderflow.functions;

import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** Named instants and builders for the functions' tests. */
final class Fixtures {

    static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
    static final Duration TTL = Duration.ofDays(7);
    static final Duration WINDOW = Duration.ofSeconds(60);

    private Fixtures() {}

    static long at(long millisAfterT0) {
        return T0 + millisAfterT0;
    }

    static OrderLine line(String sku, long quantity, long unitPrice) {
        return new OrderLine(sku, quantity, unitPrice);
    }

    static OrderPlaced order(String orderId, long millis, OrderLine... lines) {
        return order(orderId, "e-" + orderId + "-placed", millis, null, lines);
    }

    static OrderPlaced backorder(String orderId, long millis, OrderLine... lines) {
        return order(orderId, "e-" + orderId + "-placed", millis, Fulfilment.BACKORDER, lines);
    }

    static OrderPlaced order(
            String orderId,
            String eventId,
            long millis,
            Fulfilment fulfilment,
            OrderLine... lines) {
        return new OrderPlaced(
                eventId, at(millis), orderId, "c-1", "EUR", fulfilment, List.of(lines));
    }

    static InputRecord placed(OrderPlaced order) {
        byte[] value =
                ("{\"eventId\":\"" + order.eventId() + "\"}").getBytes(StandardCharsets.UTF_8);
        return InputRecord.of(
                order,
                new RecordOrigin("orders", 0, 7, order.occurredAt(), order.orderId(), value));
    }

    static InputRecord cancelled(String orderId, long millis) {
        return InputRecord.of(
                new OrderCancelled("e-" + orderId + "-cancel", at(millis), orderId, null));
    }

    /**
     * The final outcomes among what a ledger sent: what each line became, without its joining a
     * queue, in the order sent.
     */
    static List<LineOutcome> finalOutcomes(java.util.Collection<OrderOutcomes> sent) {
        return sent.stream()
                .flatMap(o -> o.outcomes().stream())
                .filter(o -> o.result().isFinal())
                .toList();
    }

    static LedgerEntry counted(String sku, long available, long millis) {
        return LedgerEntry.stock(
                InputRecord.of(
                        new StockCounted(
                                "e-" + sku + "-count-" + millis, at(millis), sku, available)));
    }

    static LedgerEntry received(String eventId, String sku, long quantity, long millis) {
        return LedgerEntry.stock(
                InputRecord.of(new StockReceived(eventId, at(millis), sku, quantity)));
    }

    static LedgerEntry reserve(OrderPlaced order, int line) {
        return LedgerEntry.reserve(
                order, line, order.fulfilment() == Fulfilment.BACKORDER, WINDOW.toMillis());
    }

    /** The values a harness sent to a side output, in order; empty when it sent none. */
    static <T> List<T> sideOutput(AbstractStreamOperatorTestHarness<?> harness, OutputTag<T> tag) {
        var out = harness.getSideOutput(tag);
        return out == null
                ? List.of()
                : out.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    /** A ledger under a harness: entries on input 1 keyed by sku, the run's end on input 2. */
    static KeyedTwoInputStreamOperatorTestHarness<String, LedgerEntry, Long, OrderOutcomes> ledger(
            StockLedger ledger, int maxParallelism, int parallelism, int subtask) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                ledger, LedgerEntry::sku, null, Types.STRING, maxParallelism, parallelism, subtask);
    }
}
