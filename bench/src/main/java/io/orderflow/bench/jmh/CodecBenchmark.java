package io.orderflow.bench.jmh;

import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The codec on the job's hot path: parsing an input record, writing a decision. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    private final EventCodec codec = new EventCodec();
    private RecordOrigin orderPlaced;
    private RecordOrigin stockReceived;
    private RecordOrigin malformed;
    private OrderConfirmed confirmed;

    @Setup
    public void setUp() {
        OrderPlaced order =
                new OrderPlaced(
                        "e-1-123456",
                        1_795_651_200_123L,
                        "o-1-123456",
                        "c-4711",
                        "EUR",
                        null,
                        List.of(
                                new OrderLine("sku-00042", 2, 1999),
                                new OrderLine("sku-01337", 1, 4999),
                                new OrderLine("sku-09001", 3, 250)));
        byte[] orderBytes = codec.encode(order);
        orderPlaced = new RecordOrigin("orders", 0, 1, 0, order.orderId(), orderBytes);
        byte[] stock =
                ("{\"eventId\":\"e-1-99\",\"type\":\"StockReceived\",\"occurredAt\":\"2026-11-26T10:15:30.123Z\","
                     + "\"sku\":\"sku-00042\",\"quantity\":40}")
                        .getBytes(StandardCharsets.UTF_8);
        stockReceived = new RecordOrigin("inventory", 0, 1, 0, "sku-00042", stock);
        malformed =
                new RecordOrigin(
                        "orders",
                        0,
                        1,
                        0,
                        "o-x",
                        "{\"eventId\":\"e-x\",\"type\":".getBytes(StandardCharsets.UTF_8));
        confirmed =
                new OrderConfirmed(
                        OrderConfirmed.eventIdFor(order.orderId()),
                        order.occurredAt(),
                        order.orderId(),
                        order.customerId(),
                        order.currency(),
                        order.lines(),
                        order.total(),
                        false,
                        order.eventId());
    }

    @Benchmark
    public InputRecord parseOrderPlaced() {
        return codec.decode(InputKind.ORDERS, orderPlaced);
    }

    @Benchmark
    public InputRecord parseStockReceived() {
        return codec.decode(InputKind.INVENTORY, stockReceived);
    }

    @Benchmark
    public InputRecord parseMalformed() {
        return codec.decode(InputKind.ORDERS, malformed);
    }

    @Benchmark
    public byte[] writeOrderConfirmed() {
        return codec.encode(confirmed);
    }
}
