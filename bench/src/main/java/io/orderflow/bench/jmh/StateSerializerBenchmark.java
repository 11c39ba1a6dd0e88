package io.orderflow.bench.jmh;

import io.orderflow.functions.GateState;
import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderProgress;
import io.orderflow.functions.SkuBook;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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

/**
 * The Flink serializers of what the job keeps per key and sends between operators: with RocksDB
 * every state read and write goes through them, so they are part of every ledger step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StateSerializerBenchmark {

    private TypeSerializer<GateState> gateSerializer;
    private TypeSerializer<OrderProgress> progressSerializer;
    private TypeSerializer<SkuBook> bookSerializer;
    private TypeSerializer<LedgerEntry> entrySerializer;
    private GateState gate;
    private OrderProgress progress;
    private SkuBook book;
    private LedgerEntry entry;
    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    private byte[] gateBytes;
    private byte[] progressBytes;

    @Setup
    public void setUp() throws IOException {
        SerializerConfigImpl config = new SerializerConfigImpl();
        gateSerializer = TypeInformation.of(GateState.class).createSerializer(config);
        progressSerializer = TypeInformation.of(OrderProgress.class).createSerializer(config);
        bookSerializer = TypeInformation.of(SkuBook.class).createSerializer(config);
        entrySerializer = TypeInformation.of(LedgerEntry.class).createSerializer(config);
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
                                new OrderLine("sku-01337", 1, 4999)));
        gate = new GateState();
        gate.placed = order;
        progress = new OrderProgress();
        progress.order = order;
        progress.outcomes.add(
                new LineOutcome(
                        order.orderId(),
                        0,
                        order.occurredAt(),
                        LineOutcome.Result.RESERVED,
                        false));
        progress.decided = true;
        book = new SkuBook();
        book.available = 42;
        entry = LedgerEntry.reserve(order, 0, false, 0);
        gateBytes = bytes(gateSerializer, gate);
        progressBytes = bytes(progressSerializer, progress);
    }

    private <T> byte[] bytes(TypeSerializer<T> s, T value) throws IOException {
        out.clear();
        s.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    @Benchmark
    public byte[] writeGateState() throws IOException {
        return bytes(gateSerializer, gate);
    }

    @Benchmark
    public GateState readGateState() throws IOException {
        return gateSerializer.deserialize(new DataInputDeserializer(gateBytes));
    }

    @Benchmark
    public byte[] writeOrderProgress() throws IOException {
        return bytes(progressSerializer, progress);
    }

    @Benchmark
    public OrderProgress readOrderProgress() throws IOException {
        return progressSerializer.deserialize(new DataInputDeserializer(progressBytes));
    }

    @Benchmark
    public byte[] writeSkuBook() throws IOException {
        return bytes(bookSerializer, book);
    }

    @Benchmark
    public byte[] writeLedgerEntry() throws IOException {
        return bytes(entrySerializer, entry);
    }
}
