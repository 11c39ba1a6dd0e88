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
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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
                && a.decided == b.decided
                && a.statusSeq == b.statusSeq
                && a.releasesReported == b.releasesReported;
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
        p.statusSeq = decided ? 2 : 0;
        p.releasesReported = cancel == null || decided;
        return p;
    }

    /**
     * Format 2 is format 3 without its last field: no ledger answered a cancellation then, so an
     * order whose cancellation had come does without the answers, and any other waits for them.
     */
    @Test
    void stateOfFormat2KnowsThatTheLedgerDidNotAnswerACancellationThatHadCome() throws IOException {
        OrderProgress cancelled = progress(ORDER, List.of(), "e-cancel", false);
        cancelled.releasesReported = true;
        OrderProgress notCancelled = progress(ORDER, List.of(), null, true);
        var format2 = OrderProgressSerializer.INSTANCE.readerOf(2);

        assertThat(format2.deserialize(format2Bytes(cancelled)).releasesReported).isFalse();
        assertThat(format2.deserialize(format2Bytes(notCancelled)).releasesReported).isTrue();
        assertThat(format2.deserialize(format2Bytes(notCancelled)).statusSeq).isEqualTo(2);
    }

    private static DataInputDeserializer format2Bytes(OrderProgress p) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        OrderProgressSerializer.INSTANCE.serialize(p, out);
        return new DataInputDeserializer(out.getCopyOfBuffer(), 0, out.length() - 1);
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
