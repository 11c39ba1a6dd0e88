package io.orderflow.functions.wire;

import static io.orderflow.functions.wire.WireSamples.LONG;
import static io.orderflow.functions.wire.WireSamples.ORDER;
import static io.orderflow.functions.wire.WireSamples.ORDER_EXTREMES;
import static io.orderflow.functions.wire.WireSamples.ORDER_NULLS;
import static io.orderflow.functions.wire.WireSamples.UNICODE;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.SourceRef;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;

/**
 * Flink's serializer checks on every event an input topic can carry and on dead letters, with the
 * original bytes (valid UTF-8, not UTF-8, empty, absent, and past 64 KB).
 */
class InputRecordSerializerTest extends SerializerTestBase<InputRecord> {

    private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28, 0, -1};
    private static final byte[] LONG_VALUE = LONG.getBytes(StandardCharsets.UTF_8);

    InputRecordSerializerTest() {
        // A record's equals compares its byte[] by identity: compare the origin's bytes by content.
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> a instanceof InputRecord && b instanceof InputRecord,
                                (a, b, checker) -> sameRecord((InputRecord) a, (InputRecord) b)));
    }

    private static boolean sameRecord(InputRecord a, InputRecord b) {
        return withoutOrigin(a).equals(withoutOrigin(b)) && sameOrigin(a.origin(), b.origin());
    }

    private static InputRecord withoutOrigin(InputRecord r) {
        return new InputRecord(
                r.orderPlaced(),
                r.orderCancelled(),
                r.stockReceived(),
                r.stockCounted(),
                r.deadLetter(),
                null);
    }

    private static boolean sameOrigin(RecordOrigin a, RecordOrigin b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.topic(), b.topic())
                && a.partition() == b.partition()
                && a.offset() == b.offset()
                && a.timestamp() == b.timestamp()
                && Objects.equals(a.key(), b.key())
                && Arrays.equals(a.value(), b.value());
    }

    @Override
    protected TypeSerializer<InputRecord> createSerializer() {
        return InputRecordSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<InputRecord> getTypeClass() {
        return InputRecord.class;
    }

    @Override
    protected InputRecord[] getTestData() {
        RecordOrigin origin =
                new RecordOrigin(
                        "orders",
                        3,
                        42,
                        1_000,
                        "o-1",
                        "{\"eventId\":\"e-1\"}".getBytes(StandardCharsets.UTF_8));
        RecordOrigin extremes =
                new RecordOrigin(
                        UNICODE,
                        Integer.MIN_VALUE,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        null,
                        LONG_VALUE);
        return new InputRecord[] {
            InputRecord.of(ORDER, origin),
            InputRecord.of(ORDER_EXTREMES, extremes),
            InputRecord.of(ORDER_NULLS, new RecordOrigin(null, 0, 0, 0, null, null)),
            InputRecord.of(ORDER, new RecordOrigin("orders", 0, 0, 0, "", new byte[0])),
            InputRecord.of(new OrderCancelled("e-c", 9, "o-1", "changed my mind")),
            InputRecord.of(new OrderCancelled("e-c", Long.MIN_VALUE, UNICODE, null)),
            InputRecord.of(new StockReceived("r-1", 7, "sku-1", Long.MAX_VALUE)),
            InputRecord.of(new StockCounted("c-1", 8, "sku-1", Long.MIN_VALUE)),
            InputRecord.of(
                    DeadLetter.of(
                            DeadLetterReason.MALFORMED_JSON,
                            LONG,
                            new RecordOrigin("orders", 1, 2, 3, "k", LONG_VALUE))),
            InputRecord.of(
                    DeadLetter.of(
                            DeadLetterReason.TOO_LARGE,
                            "not UTF-8",
                            new RecordOrigin("inventory", 1, 2, 3, null, NOT_UTF8))),
            InputRecord.of(
                    DeadLetter.of(
                            DeadLetterReason.UNKNOWN_TYPE,
                            UNICODE,
                            new RecordOrigin("inventory", 0, 0, 0, UNICODE, null))),
            InputRecord.of(
                    new DeadLetter(
                            null, 0, null, null, null, null, false, null, null, false, 0, null)),
            InputRecord.of(
                    new DeadLetter(
                            "x/0/1",
                            1,
                            DeadLetterReason.KEY_MISMATCH,
                            "d",
                            new SourceRef(null, -1, -1, -1),
                            "",
                            true,
                            "",
                            "",
                            true,
                            Integer.MAX_VALUE,
                            "")),
            new InputRecord(
                    ORDER, new OrderCancelled(null, 0, null, null), null, null, null, origin),
            new InputRecord(null, null, null, null, null, null),
        };
    }
}
