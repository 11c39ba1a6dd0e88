package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.LedgerEntrySerializerTest.size;
import static io.orderflow.functions.wire.WireSamples.ORDER;
import static io.orderflow.functions.wire.WireSamples.ORDER_EXTREMES;
import static io.orderflow.functions.wire.WireSamples.ORDER_NULLS;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.functions.GateState;
import io.orderflow.schemas.OrderPlaced;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer checks on the gate's state, its size, and the migration of its first (POJO)
 * layout.
 */
class GateStateSerializerTest extends SerializerTestBase<GateState> {

    GateStateSerializerTest() {
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> a instanceof GateState && b instanceof GateState,
                                (a, b, checker) -> same((GateState) a, (GateState) b)));
    }

    /** GateState is a mutable POJO without equals; the order is a record. */
    private static boolean same(GateState a, GateState b) {
        return Objects.equals(a.placed, b.placed)
                && Objects.equals(a.cancelEventId, b.cancelEventId)
                && a.cancelOccurredAt == b.cancelOccurredAt;
    }

    @Override
    protected TypeSerializer<GateState> createSerializer() {
        return GateStateSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<GateState> getTypeClass() {
        return GateState.class;
    }

    @Override
    protected void deepEquals(String message, GateState should, GateState is) {
        assertThat(same(should, is)).as(message).isTrue();
    }

    @Override
    protected GateState[] getTestData() {
        return new GateState[] {
            new GateState(),
            state(ORDER, null, 0),
            state(null, "e-cancel", Long.MIN_VALUE),
            state(ORDER_EXTREMES, "c", Long.MAX_VALUE),
            state(ORDER_NULLS, null, 1)
        };
    }

    private static GateState state(OrderPlaced placed, String cancel, long at) {
        GateState s = new GateState();
        s.placed = placed;
        s.cancelEventId = cancel;
        s.cancelOccurredAt = at;
        return s;
    }

    @Test
    void writesFewerBytesThanThePojoSerializer() throws IOException {
        GateState s = state(ORDER, null, 0);
        TypeSerializer<GateState> pojo =
                TypeInformation.of(GateState.class).createSerializer(new SerializerConfigImpl());

        assertThat(size(GateStateSerializer.INSTANCE, s)).isLessThan(size(pojo, s));
    }

    @Test
    void stateThatThePojoSerializerWroteIsMigrated() {
        var pojo =
                TypeInformation.of(GateState.class)
                        .createSerializer(new SerializerConfigImpl())
                        .snapshotConfiguration();

        assertThat(
                        GateStateSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(pojo)
                                .isCompatibleAfterMigration())
                .isTrue();
    }
}
