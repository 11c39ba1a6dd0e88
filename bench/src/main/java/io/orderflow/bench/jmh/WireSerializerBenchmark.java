package io.orderflow.bench.jmh;

import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.OrderUpdate;
import io.orderflow.functions.wire.WireTypes;
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
 * One network hop of a record (serialize, then deserialize) with Flink's POJO serializer, which the
 * job used before, and with the hand-written wire serializer it uses now.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WireSerializerBenchmark {

    private TypeSerializer<LedgerEntry> pojoEntrySerializer;
    private TypeSerializer<LedgerEntry> wireEntrySerializer;
    private TypeSerializer<OrderUpdate> pojoUpdateSerializer;
    private TypeSerializer<OrderUpdate> wireUpdateSerializer;
    private LedgerEntry entry;
    private OrderUpdate update;
    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void setUp() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        pojoEntrySerializer = TypeInformation.of(LedgerEntry.class).createSerializer(config);
        wireEntrySerializer = WireTypes.LEDGER_ENTRY.createSerializer(config);
        pojoUpdateSerializer = TypeInformation.of(OrderUpdate.class).createSerializer(config);
        wireUpdateSerializer = WireTypes.ORDER_UPDATE.createSerializer(config);
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
        entry = LedgerEntry.reserve(order, 0, false, 0);
        update = OrderUpdate.placed(order);
    }

    private <T> T hop(TypeSerializer<T> s, T value) throws IOException {
        out.clear();
        s.serialize(value, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return s.deserialize(in);
    }

    @Benchmark
    public LedgerEntry pojoLedgerEntry() throws IOException {
        return hop(pojoEntrySerializer, entry);
    }

    @Benchmark
    public LedgerEntry wireLedgerEntry() throws IOException {
        return hop(wireEntrySerializer, entry);
    }

    @Benchmark
    public OrderUpdate pojoOrderUpdate() throws IOException {
        return hop(pojoUpdateSerializer, update);
    }

    @Benchmark
    public OrderUpdate wireOrderUpdate() throws IOException {
        return hop(wireUpdateSerializer, update);
    }
}
