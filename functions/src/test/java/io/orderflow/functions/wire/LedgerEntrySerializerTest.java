package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireSamples.LONG;
import static io.orderflow.functions.wire.WireSamples.ORDER;
import static io.orderflow.functions.wire.WireSamples.UNICODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.functions.LedgerEntry;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer checks (round trips, copies, snapshot restore, duplicates) on every kind of
 * entry.
 */
class LedgerEntrySerializerTest extends SerializerTestBase<LedgerEntry> {

    @Override
    protected TypeSerializer<LedgerEntry> createSerializer() {
        return LedgerEntrySerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<LedgerEntry> getTypeClass() {
        return LedgerEntry.class;
    }

    @Override
    protected LedgerEntry[] getTestData() {
        return new LedgerEntry[] {
            LedgerEntry.reserve(ORDER, 0, true, 60_000),
            LedgerEntry.reserve(ORDER, 0, false, 60_000).carrying(ORDER),
            LedgerEntry.reserve(ORDER, 1, false, 60_000),
            LedgerEntry.release(ORDER, 1, ORDER.occurredAt() + 5),
            LedgerEntry.stock(InputRecord.of(new StockReceived("r-1", 7, "sku-1", 10))),
            LedgerEntry.stock(InputRecord.of(new StockCounted("c-1", 8, "sku-1", 0))),
            new LedgerEntry(
                    LedgerEntry.Kind.RESERVE,
                    UNICODE,
                    Long.MIN_VALUE,
                    LONG,
                    Integer.MAX_VALUE,
                    Long.MAX_VALUE,
                    true,
                    Long.MIN_VALUE),
            new LedgerEntry(
                    null,
                    null,
                    Long.MAX_VALUE,
                    null,
                    Integer.MIN_VALUE,
                    Long.MIN_VALUE,
                    false,
                    Long.MAX_VALUE),
            new LedgerEntry(LedgerEntry.Kind.STOCK_COUNTED, "", -1, "", -1, -1, false, -1),
        };
    }

    @Test
    void writesFewerBytesThanThePojoSerializer() throws IOException {
        LedgerEntry entry = LedgerEntry.reserve(ORDER, 0, true, 60_000);
        TypeSerializer<LedgerEntry> pojo =
                TypeInformation.of(LedgerEntry.class).createSerializer(new SerializerConfigImpl());

        assertThat(size(LedgerEntrySerializer.INSTANCE, entry)).isLessThan(size(pojo, entry));
    }

    static <T> int size(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.length();
    }
}
