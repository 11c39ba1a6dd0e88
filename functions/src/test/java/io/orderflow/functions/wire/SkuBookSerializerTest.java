package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.LedgerEntrySerializerTest.size;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.functions.QueuedLine;
import io.orderflow.functions.SkuBook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer checks on the ledger's book of a sku, its size, and the migration of its POJO
 * layout.
 */
class SkuBookSerializerTest extends SerializerTestBase<SkuBook> {

    SkuBookSerializerTest() {
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> a instanceof SkuBook && b instanceof SkuBook,
                                (a, b, checker) -> same((SkuBook) a, (SkuBook) b)));
    }

    /** SkuBook is a mutable POJO without equals; its queued lines are records. */
    private static boolean same(SkuBook a, SkuBook b) {
        return a.available == b.available && a.queue.equals(b.queue);
    }

    @Override
    protected TypeSerializer<SkuBook> createSerializer() {
        return SkuBookSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SkuBook> getTypeClass() {
        return SkuBook.class;
    }

    @Override
    protected void deepEquals(String message, SkuBook should, SkuBook is) {
        assertThat(same(should, is)).as(message).isTrue();
    }

    @Override
    protected SkuBook[] getTestData() {
        return new SkuBook[] {
            new SkuBook(),
            book(7),
            book(Long.MIN_VALUE, new QueuedLine("o-1", 0, 5, 1_000)),
            book(
                    Long.MAX_VALUE,
                    new QueuedLine("o-ü-€", Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE),
                    new QueuedLine("", 0, 0, 0)),
        };
    }

    private static SkuBook book(long available, QueuedLine... queued) {
        SkuBook b = new SkuBook();
        b.available = available;
        b.queue = new ArrayList<>(List.of(queued));
        return b;
    }

    @Test
    void writesFewerBytesThanThePojoSerializer() throws IOException {
        SkuBook b = book(12, new QueuedLine("o-000123", 1, 5, 1_796_000_000_000L));
        TypeSerializer<SkuBook> pojo =
                TypeInformation.of(SkuBook.class).createSerializer(new SerializerConfigImpl());

        assertThat(size(SkuBookSerializer.INSTANCE, b)).isLessThan(size(pojo, b));
    }

    @Test
    void stateThatThePojoSerializerWroteIsMigrated() {
        var pojo =
                TypeInformation.of(SkuBook.class)
                        .createSerializer(new SerializerConfigImpl())
                        .snapshotConfiguration();

        assertThat(
                        SkuBookSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(pojo)
                                .isCompatibleAfterMigration())
                .isTrue();
    }
}
