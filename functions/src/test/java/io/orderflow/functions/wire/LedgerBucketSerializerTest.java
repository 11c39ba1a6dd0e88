package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.LedgerEntrySerializerTest.size;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.functions.LedgerEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer checks on a bucket of waiting ledger entries, its size, and the migration of
 * its POJO layout.
 */
class LedgerBucketSerializerTest extends SerializerTestBase<List<LedgerEntry>> {

    private static final LedgerEntry STOCK =
            new LedgerEntry(
                    LedgerEntry.Kind.STOCK_RECEIVED,
                    "sku-1",
                    1_796_000_000_000L,
                    "e-1",
                    0,
                    10,
                    false,
                    0);
    private static final LedgerEntry RESERVE =
            new LedgerEntry(
                    LedgerEntry.Kind.RESERVE,
                    "sku-1",
                    1_796_000_000_000L,
                    "o-1",
                    2,
                    3,
                    true,
                    1_796_604_800_001L);

    private static final LedgerEntry CARRYING = RESERVE.carrying(WireSamples.ORDER);

    @Override
    protected TypeSerializer<List<LedgerEntry>> createSerializer() {
        return LedgerBucketSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected Class<List<LedgerEntry>> getTypeClass() {
        return (Class) List.class;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected List<LedgerEntry>[] getTestData() {
        return new List[] {
            new ArrayList<>(),
            new ArrayList<>(List.of(STOCK)),
            new ArrayList<>(List.of(STOCK, RESERVE, STOCK)),
            new ArrayList<>(List.of(CARRYING, STOCK))
        };
    }

    /**
     * Format 1 wrote each entry's fields without the order it may carry (format 2 ends each entry
     * with the order's presence byte, then the order): read so, the entries carry none.
     */
    @Test
    void bucketsOfFormatOneAreReadWithEntriesCarryingNoOrder() throws IOException {
        DataOutputSerializer format1 = new DataOutputSerializer(64);
        format1.writeInt(2);
        for (LedgerEntry e : List.of(STOCK, RESERVE)) {
            DataOutputSerializer entry = new DataOutputSerializer(64);
            LedgerEntrySerializer.INSTANCE.serialize(e, entry);
            format1.write(entry.getSharedBuffer(), 0, entry.length() - 1);
        }

        List<LedgerEntry> read =
                LedgerBucketSerializer.reading(1)
                        .deserialize(new DataInputDeserializer(format1.getCopyOfBuffer()));

        assertThat(read).containsExactly(STOCK, RESERVE);
    }

    @Test
    void stateOfFormatOneRestoresWithItsReaderAndIsMigratedToTheCurrentFormat() {
        var format1 =
                new StateSerializer.Snapshot<List<LedgerEntry>>(
                        LedgerBucketSerializer.class.getName(), 1);

        assertThat(format1.restoreSerializer()).isEqualTo(LedgerBucketSerializer.reading(1));
        assertThat(
                        LedgerBucketSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(format1)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    @Test
    void writesFewerBytesThanThePojoSerializer() throws IOException {
        List<LedgerEntry> bucket = List.of(STOCK, RESERVE);
        TypeSerializer<List<LedgerEntry>> pojo =
                Types.LIST(TypeInformation.of(LedgerEntry.class))
                        .createSerializer(new SerializerConfigImpl());

        assertThat(size(LedgerBucketSerializer.INSTANCE, bucket)).isLessThan(size(pojo, bucket));
    }

    @Test
    void bucketsThatTheListAndPojoSerializersWroteAreMigrated() {
        var before =
                Types.LIST(TypeInformation.of(LedgerEntry.class))
                        .createSerializer(new SerializerConfigImpl())
                        .snapshotConfiguration();

        assertThat(
                        LedgerBucketSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(before)
                                .isCompatibleAfterMigration())
                .isTrue();
    }

    @Test
    void aListOfAnotherTypeIsRefused() {
        var other =
                Types.LIST(Types.STRING)
                        .createSerializer(new SerializerConfigImpl())
                        .snapshotConfiguration();

        assertThat(
                        LedgerBucketSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(
                                        (org.apache.flink.api.common.typeutils
                                                        .TypeSerializerSnapshot)
                                                other)
                                .isIncompatible())
                .isTrue();
    }
}
