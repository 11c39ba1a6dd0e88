package io.orderflow.schemas.json;

import com.fasterxml.jackson.core.JsonToken;
import java.util.List;

/** The top-level fields of any input event, as read; scratch for one decode call. */
final class InputFields {

    Value eventId;
    Value type;
    Value occurredAt;
    Value orderId;
    Value customerId;
    Value currency;
    Value fulfilment;
    Value reason;
    Value sku;
    Value quantity;
    Value available;
    Value lines;
    List<RawLine> lineList;
    int lineCount;

    /** A captured JSON value; {@code text} for strings and numbers that do not fit a long. */
    static final class Value {
        static final Value TRUE = new Value(JsonToken.VALUE_TRUE, null, 0, false);
        static final Value FALSE = new Value(JsonToken.VALUE_FALSE, null, 0, false);
        static final Value NULL = new Value(JsonToken.VALUE_NULL, null, 0, false);
        static final Value OBJECT = new Value(JsonToken.START_OBJECT, null, 0, false);
        static final Value ARRAY = new Value(JsonToken.START_ARRAY, null, 0, false);

        final JsonToken token;
        final String text;
        final long number;
        final boolean isLong;

        Value(JsonToken token, String text, long number, boolean isLong) {
            this.token = token;
            this.text = text;
            this.number = number;
            this.isLong = isLong;
        }
    }

    /** One element of {@code lines} as read. */
    static final class RawLine {
        Value notAnObject;
        Value sku;
        Value quantity;
        Value unitPrice;
    }
}
