package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireSamples.LONG;
import static io.orderflow.functions.wire.WireSamples.ORDER;
import static io.orderflow.functions.wire.WireSamples.UNICODE;

import io.orderflow.functions.LineOutcome;
import io.orderflow.functions.OrderOutcomes;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's serializer checks (round trips, copies, snapshot restore, duplicates) on every result,
 * one outcome, several and none.
 */
class OrderOutcomesSerializerTest extends SerializerTestBase<OrderOutcomes> {

    @Override
    protected TypeSerializer<OrderOutcomes> createSerializer() {
        return OrderOutcomesSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OrderOutcomes> getTypeClass() {
        return OrderOutcomes.class;
    }

    @Override
    protected OrderOutcomes[] getTestData() {
        return new OrderOutcomes[] {
            new OrderOutcomes(
                    "o-1",
                    List.of(
                            new LineOutcome(
                                    "o-1", 0, 1_795_651_200_123L, LineOutcome.Result.QUEUED, true),
                            new LineOutcome(
                                    "o-1",
                                    1,
                                    1_795_651_200_124L,
                                    LineOutcome.Result.REJECTED,
                                    false),
                            new LineOutcome(
                                    "o-1",
                                    0,
                                    1_795_651_300_000L,
                                    LineOutcome.Result.RESERVED,
                                    true))),
            OrderOutcomes.of(new LineOutcome("o-2", 3, 0, LineOutcome.Result.WITHDRAWN, true)),
            new OrderOutcomes(
                    ORDER.orderId(),
                    List.of(
                            new LineOutcome(
                                    ORDER.orderId(),
                                    0,
                                    ORDER.occurredAt(),
                                    LineOutcome.Result.RESERVED,
                                    false)),
                    ORDER),
            OrderOutcomes.of(
                    new LineOutcome(
                            UNICODE,
                            Integer.MAX_VALUE,
                            Long.MAX_VALUE,
                            LineOutcome.Result.RESERVED,
                            true)),
            OrderOutcomes.of(
                    new LineOutcome(
                            LONG,
                            Integer.MIN_VALUE,
                            Long.MIN_VALUE,
                            LineOutcome.Result.REJECTED,
                            false)),
            new OrderOutcomes(null, List.of(new LineOutcome(null, -1, -1, null, false))),
            new OrderOutcomes("", List.of()),
        };
    }
}
