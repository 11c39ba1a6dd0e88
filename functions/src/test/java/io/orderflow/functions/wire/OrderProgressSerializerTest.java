package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.LedgerEntrySerializerTest.size;
import static io.orderflow.functions.wire.WireSamples.ORDER;
import static io.orderflow.functions.wire.WireSamples.ORDER_EXTREMES;
import static io.orderflow.functions.wire.WireSamples.ORDER_NULLS;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderProgress;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/** Flink's serializer checks on the decider's state, and what its format version is for. */
class OrderProgressSerializerTest extends SerializerTestBase<OrderProgress> {

    OrderProgressSerializerTest() {
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> a instanceof OrderProgress && b instanceof OrderProgress,
                                (a, b, checker) ->
                                        sameProgress((OrderProgress) a, (OrderProgress) b)));
    }

    /**
     * OrderProgress is a mutable POJO without equals: field by field (orders and outcomes are
     * records).
     */
    private static boolean sameProgress(OrderProgress a, OrderProgress b) {
        return Objects.equals(a.order, b.order)
                && Objects.equals(a.outcomes, b.outcomes)
                && Objects.equals(a.cancelEventId, b.cancelEventId)
                && a.cancelAt == b.cancelAt
                && a.cancelledOnArrival == b.cancelledOnArrival
                && a.decided == b.decided;
    }

    @Override
    protected TypeSerializer<OrderProgress> createSerializer() {
        return OrderProgressSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OrderProgress> getTypeClass() {
        return OrderProgress.class;
    }

    @Override
    protected void deepEquals(String message, OrderProgress should, OrderProgress is) {
        assertThat(sameProgress(should, is)).as(message).isTrue();
    }

    @Override
    protected OrderProgress[] getTestData() {
        return new OrderProgress[] {
            new OrderProgress(),
            progress(
                    ORDER,
                    List.of(
                            new LineOutcome(
                                    ORDER.orderId(), 0, 100, LineOutcome.Result.RESERVED, false)),
                    null,
                    false),
            progress(
                    null,
                    List.of(
                            new LineOutcome(
                                    "early", 1, Long.MIN_VALUE, LineOutcome.Result.REJECTED, true)),
                    null,
                    false),
            progress(ORDER_EXTREMES, List.of(), "e-cancel", true),
            progress(
                    ORDER_NULLS,
                    List.of(
                            new LineOutcome(
                                    null, 0, Long.MAX_VALUE, LineOutcome.Result.WITHDRAWN, true)),
                    "c",
                    false),
        };
    }

    private static OrderProgress progress(
            io.orderflow.schemas.OrderPlaced order,
            List<LineOutcome> outcomes,
            String cancel,
            boolean decided) {
        OrderProgress p = new OrderProgress();
        p.order = order;
        p.outcomes = new java.util.ArrayList<>(outcomes);
        p.cancelEventId = cancel;
        p.cancelAt = cancel == null ? 0 : 42;
        p.cancelledOnArrival = cancel != null && order == null;
        p.decided = decided;
        return p;
    }

    @Test
    void writesFewerBytesThanThePojoSerializer() throws IOException {
        OrderProgress p =
                progress(
                        ORDER,
                        List.of(
                                new LineOutcome(
                                        ORDER.orderId(),
                                        0,
                                        100,
                                        LineOutcome.Result.RESERVED,
                                        false)),
                        null,
                        true);
        TypeSerializer<OrderProgress> pojo =
                TypeInformation.of(OrderProgress.class)
                        .createSerializer(new SerializerConfigImpl());

        assertThat(size(OrderProgressSerializer.INSTANCE, p)).isLessThan(size(pojo, p));
    }

    @Test
    void stateOfAnEarlierFormatOrOfThePojoSerializerIsMigratedAndOfAnotherSerializerRefused() {
        var current = OrderProgressSerializer.INSTANCE.snapshotConfiguration();
        String name = OrderProgressSerializer.class.getName();

        assertThat(
                        current.resolveSchemaCompatibility(
                                        new StateSerializer.Snapshot<>(
                                                name, OrderProgressSerializer.FORMAT))
                                .isCompatibleAsIs())
                .isTrue();
        assertThat(
                        current.resolveSchemaCompatibility(new StateSerializer.Snapshot<>(name, 0))
                                .isCompatibleAfterMigration())
                .isTrue();
        assertThat(
                        current.resolveSchemaCompatibility(
                                        new StateSerializer.Snapshot<>(
                                                GateStateSerializer.class.getName(), 1))
                                .isIncompatible())
                .as("another state serializer")
                .isTrue();
        assertThat(
                        current.resolveSchemaCompatibility(
                                        TypeInformation.of(OrderProgress.class)
                                                .createSerializer(new SerializerConfigImpl())
                                                .snapshotConfiguration())
                                .isCompatibleAfterMigration())
                .as("Flink's POJO serializer of the same class")
                .isTrue();
    }

    @Test
    void aCopySharesNoMutableListWithTheOriginal() {
        OrderProgress p = progress(ORDER, List.of(), null, false);
        OrderProgress copy = OrderProgressSerializer.INSTANCE.copy(p);
        copy.outcomes.add(
                new LineOutcome(ORDER.orderId(), 0, 1, LineOutcome.Result.RESERVED, false));

        assertThat(p.outcomes).isEmpty();
    }
}
