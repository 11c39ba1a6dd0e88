package io.orderflow.functions.wire;

import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Values that a wire serializer must carry unchanged, shared by the serializers' tests. */
final class WireSamples {

    /** 70,000 chars, 210,000 bytes in UTF-8: far past the 65,535 bytes of {@code writeUTF}. */
    static final String LONG = "€".repeat(70_000);

    /**
     * Latin, CJK, an emoji (a surrogate pair) and a lone surrogate, which a JSON escape can
     * produce.
     */
    static final String UNICODE = "Ärger 注文 \uD83D\uDCE6 \uD800 end";

    static final OrderPlaced ORDER =
            new OrderPlaced(
                    "e-1",
                    1_795_651_200_123L,
                    "o-1",
                    "c-1",
                    "EUR",
                    Fulfilment.BACKORDER,
                    List.of(new OrderLine("sku-1", 2, 1999), new OrderLine("sku-2", 1, 4999)));
    static final OrderPlaced ORDER_NO_LINES =
            new OrderPlaced("e-2", 0, "o-2", "c-2", "USD", Fulfilment.PARTIAL, List.of());
    static final OrderPlaced ORDER_EXTREMES =
            new OrderPlaced(
                    UNICODE,
                    Long.MIN_VALUE,
                    LONG,
                    "",
                    UNICODE,
                    null,
                    Arrays.asList(
                            new OrderLine(UNICODE, Long.MAX_VALUE, Long.MIN_VALUE),
                            null,
                            new OrderLine(null, -1, 0)));
    static final OrderPlaced ORDER_NULLS =
            new OrderPlaced(null, Long.MAX_VALUE, null, null, null, null, null);

    private WireSamples() {}

    /** An order of {@code count} lines, one per sku, so that a large order crosses too. */
    static OrderPlaced orderOfLines(int count) {
        List<OrderLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(new OrderLine("sku-" + i, i, i * 100L));
        }
        return new OrderPlaced("e-3", 3, "o-3", "c-3", "EUR", Fulfilment.PARTIAL, lines);
    }
}
