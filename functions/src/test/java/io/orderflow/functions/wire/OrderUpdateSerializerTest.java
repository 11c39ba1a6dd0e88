package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.LedgerEntrySerializerTest.size;
import static io.orderflow.functions.wire.WireSamples.LONG;
import static io.orderflow.functions.wire.WireSamples.ORDER;
import static io.orderflow.functions.wire.WireSamples.ORDER_EXTREMES;
import static io.orderflow.functions.wire.WireSamples.ORDER_NO_LINES;
import static io.orderflow.functions.wire.WireSamples.ORDER_NULLS;
import static io.orderflow.functions.wire.WireSamples.UNICODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.functions.OrderUpdate;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer checks on placements, cancellations and both, with orders of every shape. */
class OrderUpdateSerializerTest extends SerializerTestBase<OrderUpdate> {

    @Override
    protected TypeSerializer<OrderUpdate> createSerializer() {
        return OrderUpdateSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OrderUpdate> getTypeClass() {
        return OrderUpdate.class;
    }

    @Override
    protected OrderUpdate[] getTestData() {
        return new OrderUpdate[] {
            OrderUpdate.placed(ORDER),
            OrderUpdate.cancelled(ORDER, "e-cancel", Long.MAX_VALUE),
            OrderUpdate.placedAlreadyCancelled(ORDER, "e-cancel", ORDER.occurredAt() + 1),
            OrderUpdate.placed(ORDER_NO_LINES),
            OrderUpdate.placed(ORDER_EXTREMES),
            OrderUpdate.placed(ORDER_NULLS),
            OrderUpdate.placed(WireSamples.orderOfLines(1_000)),
            new OrderUpdate(UNICODE, null, false, LONG, Long.MIN_VALUE),
            new OrderUpdate(null, null, false, null, 0),
            new OrderUpdate(null, ORDER, true, null, 0),
        };
    }

    @Test
    void writesFewerBytesThanThePojoSerializer() throws IOException {
        OrderUpdate update = OrderUpdate.placed(ORDER);
        TypeSerializer<OrderUpdate> pojo =
                TypeInformation.of(OrderUpdate.class).createSerializer(new SerializerConfigImpl());

        assertThat(size(OrderUpdateSerializer.INSTANCE, update)).isLessThan(size(pojo, update));
    }
}
