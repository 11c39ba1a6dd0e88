package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireSamples.LONG;
import static io.orderflow.functions.wire.WireSamples.UNICODE;

import io.orderflow.functions.LineOutcome;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's serializer checks (round trips, copies, snapshot restore, duplicates) on every result.
 */
class LineOutcomeSerializerTest extends SerializerTestBase<LineOutcome> {

    @Override
    protected TypeSerializer<LineOutcome> createSerializer() {
        return LineOutcomeSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<LineOutcome> getTypeClass() {
        return LineOutcome.class;
    }

    @Override
    protected LineOutcome[] getTestData() {
        return new LineOutcome[] {
            new LineOutcome("o-1", 0, 1_795_651_200_123L, LineOutcome.Result.RESERVED, false),
            new LineOutcome("o-1", 1, 1_795_651_200_124L, LineOutcome.Result.REJECTED, true),
            new LineOutcome("o-2", 3, 0, LineOutcome.Result.WITHDRAWN, true),
            new LineOutcome(
                    UNICODE, Integer.MAX_VALUE, Long.MAX_VALUE, LineOutcome.Result.RESERVED, true),
            new LineOutcome(
                    LONG, Integer.MIN_VALUE, Long.MIN_VALUE, LineOutcome.Result.REJECTED, false),
            new LineOutcome(null, -1, -1, null, false),
            new LineOutcome("", 0, 0, LineOutcome.Result.WITHDRAWN, false),
        };
    }
}
