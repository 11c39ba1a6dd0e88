package io.orderflow.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import io.orderflow.schemas.Topics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decodes input records in one streaming pass: the fields the contract names are captured, all
 * others skipped, and only then checked, because {@code type} may come last and a malformed tail
 * outranks every schema rule.
 */
final class InputDecoder {

    static final int MAX_ID_CHARS = 128;
    static final int MAX_SKU_CHARS = 64;
    static final int MAX_LINES = 100;
    static final long MAX_LINE_QUANTITY = 1_000_000L;
    static final long MAX_UNIT_PRICE = 1_000_000_000_000L;
    static final long MAX_RECEIVED_QUANTITY = 1_000_000_000L;
    static final long MAX_AVAILABLE = 1_000_000_000_000L;

    /** The range of {@code occurredAt} (CONTRACT.md section 2): Kafka timestamps cannot be negative. */
    static final long EARLIEST_OCCURRED_AT = 0L;

    static final long LATEST_OCCURRED_AT = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    /** Longest value echoed in a detail; longer ones are described by their size. */
    private static final int MAX_ECHO_CHARS = 40;

    private static final int MAX_PARSER_MESSAGE_CHARS = 160;

    /** The {@code line} of a field that is not inside {@code lines}. */
    private static final int TOP_LEVEL = -1;

    private static final int UNPAIRED_SURROGATE = -1;

    private static final Pattern SOURCE_IN_MESSAGE = Pattern.compile("\\[Source: [^;\\]]*; ");

    private InputDecoder() {}

    static InputRecord decode(
            JsonFactory factory,
            int maxRecordBytes,
            int deadLetterValueBytes,
            InputKind kind,
            RecordOrigin origin) {
        try {
            return decodeOrReject(factory, maxRecordBytes, kind, origin);
        } catch (Rejection rejection) {
            return InputRecord.of(
                    DeadLetter.of(
                            rejection.reason, rejection.detail, origin, deadLetterValueBytes));
        } catch (RuntimeException bug) {
            // Bad input must never stop the job; the property tests check this path stays unused.
            String detail = "value could not be decoded (internal error: " + bug + ")";
            return InputRecord.of(
                    DeadLetter.of(
                            DeadLetterReason.MALFORMED_JSON,
                            clip(detail),
                            origin,
                            deadLetterValueBytes));
        }
    }

    private static InputRecord decodeOrReject(
            JsonFactory factory, int maxRecordBytes, InputKind kind, RecordOrigin origin)
            throws Rejection {
        byte[] value = origin.value();
        if (value == null) {
            throw malformed("value is null (a tombstone), not a JSON object");
        }
        if (value.length > maxRecordBytes) {
            throw new Rejection(
                    DeadLetterReason.TOO_LARGE,
                    "value is "
                            + value.length
                            + " bytes, more than the limit of "
                            + maxRecordBytes
                            + " bytes");
        }
        Fields fields = read(factory, value);
        String type = typeOf(fields, kind, origin.topic());
        switch (type) {
            case OrderPlaced.TYPE:
                OrderPlaced placed = orderPlaced(fields);
                checkKey(origin, "orderId", placed.orderId());
                return InputRecord.of(placed, origin);
            case OrderCancelled.TYPE:
                OrderCancelled cancelled = orderCancelled(fields);
                checkKey(origin, "orderId", cancelled.orderId());
                return InputRecord.of(cancelled);
            case StockReceived.TYPE:
                StockReceived received = stockReceived(fields);
                checkKey(origin, "sku", received.sku());
                return InputRecord.of(received);
            case StockCounted.TYPE:
                StockCounted counted = stockCounted(fields);
                checkKey(origin, "sku", counted.sku());
                return InputRecord.of(counted);
            default:
                throw new IllegalStateException("type was checked: " + type);
        }
    }

    // ---------------------------------------------------------------- reading

    private static Fields read(JsonFactory factory, byte[] value) throws Rejection {
        int invalid = Utf8.firstInvalid(value);
        if (invalid >= 0) {
            throw malformed(
                    String.format(
                            "value is not valid UTF-8: byte 0x%02X at offset %d starts no valid"
                                    + " sequence",
                            value[invalid] & 0xFF, invalid));
        }
        // A NUL byte is never valid JSON, and in the first four bytes it would make Jackson guess
        // UTF-16 or UTF-32 instead of failing.
        for (int i = 0; i < Math.min(4, value.length); i++) {
            if (value[i] == 0) {
                throw malformed("value is not valid JSON: NUL byte at offset " + i);
            }
        }
        try (JsonParser parser = factory.createParser(value)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed("value is empty, not a JSON object");
            }
            if (first != JsonToken.START_OBJECT) {
                throw malformed(
                        "value is not a JSON object but " + describe(capture(parser, first)));
            }
            Fields fields = readObject(parser);
            if (parser.nextToken() != null) {
                throw malformed("value has more content after the JSON object");
            }
            return fields;
        } catch (JsonProcessingException e) {
            throw malformed("value is not valid JSON: " + parserMessage(e));
        } catch (IOException e) {
            throw malformed("value could not be read: " + e.getMessage());
        }
    }

    private static Fields readObject(JsonParser parser) throws IOException {
        Fields fields = new Fields();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            switch (name) {
                case "eventId" -> fields.eventId = capture(parser, valueToken);
                case "type" -> fields.type = capture(parser, valueToken);
                case "occurredAt" -> fields.occurredAt = capture(parser, valueToken);
                case "orderId" -> fields.orderId = capture(parser, valueToken);
                case "customerId" -> fields.customerId = capture(parser, valueToken);
                case "currency" -> fields.currency = capture(parser, valueToken);
                case "fulfilment" -> fields.fulfilment = capture(parser, valueToken);
                case "reason" -> fields.reason = capture(parser, valueToken);
                case "sku" -> fields.sku = capture(parser, valueToken);
                case "quantity" -> fields.quantity = capture(parser, valueToken);
                case "available" -> fields.available = capture(parser, valueToken);
                case "lines" -> readLines(parser, valueToken, fields);
                default -> parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("parser ended an object with " + token);
        }
        return fields;
    }

    private static void readLines(JsonParser parser, JsonToken token, Fields fields)
            throws IOException {
        if (token != JsonToken.START_ARRAY) {
            fields.lines = capture(parser, token);
            return;
        }
        fields.lines = Value.ARRAY;
        List<RawLine> lines = new ArrayList<>();
        int count = 0;
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            count++;
            // Past the limit only the count matters, but the rest must still be parsed.
            if (count > MAX_LINES + 1) {
                parser.skipChildren();
                continue;
            }
            RawLine line = new RawLine();
            if (element == JsonToken.START_OBJECT) {
                JsonToken field;
                while ((field = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken valueToken = parser.nextToken();
                    switch (name) {
                        case "sku" -> line.sku = capture(parser, valueToken);
                        case "quantity" -> line.quantity = capture(parser, valueToken);
                        case "unitPrice" -> line.unitPrice = capture(parser, valueToken);
                        default -> parser.skipChildren();
                    }
                }
            } else {
                line.notAnObject = capture(parser, element);
            }
            lines.add(line);
        }
        fields.lineList = lines;
        fields.lineCount = count;
    }

    /** Captures the current value; objects and arrays are skipped and kept only as their kind. */
    private static Value capture(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return new Value(token, parser.getText(), 0, false);
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return new Value(token, parser.getText(), 0, false);
                }
                return new Value(token, null, parser.getLongValue(), true);
            case VALUE_NUMBER_FLOAT:
                return new Value(token, parser.getText(), 0, false);
            case VALUE_TRUE:
                return Value.TRUE;
            case VALUE_FALSE:
                return Value.FALSE;
            case VALUE_NULL:
                return Value.NULL;
            case START_OBJECT:
                parser.skipChildren();
                return Value.OBJECT;
            case START_ARRAY:
                parser.skipChildren();
                return Value.ARRAY;
            default:
                throw new IllegalStateException("not a value token: " + token);
        }
    }

    // ---------------------------------------------------------------- checking

    private static String typeOf(Fields fields, InputKind kind, String topic) throws Rejection {
        Value type = fields.type;
        if (type == null) {
            throw violation("type is missing; it must be a string naming the event type");
        }
        if (type.token != JsonToken.VALUE_STRING) {
            throw violation("type must be a string naming the event type, was " + describe(type));
        }
        Topics.Topic accepted = kind == InputKind.ORDERS ? Topics.ORDERS : Topics.INVENTORY;
        String name = type.text;
        if (accepted.valueTypes().contains(name)) {
            return name;
        }
        boolean known =
                Topics.ORDER_PROCESSING.stream().anyMatch(t -> t.valueTypes().contains(name));
        String takes = ", which takes " + String.join(" and ", accepted.valueTypes());
        throw new Rejection(
                DeadLetterReason.UNKNOWN_TYPE,
                "type "
                        + describe(type)
                        + (known ? " does not belong on topic " : " is not an event type of topic ")
                        + topic
                        + takes);
    }

    private static OrderPlaced orderPlaced(Fields f) throws Rejection {
        String eventId = text(f.eventId, "eventId", MAX_ID_CHARS);
        long occurredAt = instant(f.occurredAt);
        String orderId = text(f.orderId, "orderId", MAX_ID_CHARS);
        String customerId = text(f.customerId, "customerId", MAX_ID_CHARS);
        String currency = currency(f.currency);
        Fulfilment fulfilment = fulfilment(f.fulfilment);
        List<OrderLine> lines = lines(f);
        return new OrderPlaced(
                eventId, occurredAt, orderId, customerId, currency, fulfilment, lines);
    }

    private static OrderCancelled orderCancelled(Fields f) throws Rejection {
        String eventId = text(f.eventId, "eventId", MAX_ID_CHARS);
        long occurredAt = instant(f.occurredAt);
        String orderId = text(f.orderId, "orderId", MAX_ID_CHARS);
        String reason = null;
        if (present(f.reason)) {
            if (f.reason.token != JsonToken.VALUE_STRING) {
                throw violation("reason must be a string when given, was " + describe(f.reason));
            }
            reason = f.reason.text;
            if (hasUnpairedSurrogate(reason)) {
                throw violation(
                        "reason must be valid Unicode text, was a string with an unpaired"
                                + " surrogate");
            }
        }
        return new OrderCancelled(eventId, occurredAt, orderId, reason);
    }

    private static StockReceived stockReceived(Fields f) throws Rejection {
        String eventId = text(f.eventId, "eventId", MAX_ID_CHARS);
        long occurredAt = instant(f.occurredAt);
        String sku = text(f.sku, "sku", MAX_SKU_CHARS);
        long quantity = integer(f.quantity, "quantity", 1, MAX_RECEIVED_QUANTITY);
        return new StockReceived(eventId, occurredAt, sku, quantity);
    }

    private static StockCounted stockCounted(Fields f) throws Rejection {
        String eventId = text(f.eventId, "eventId", MAX_ID_CHARS);
        long occurredAt = instant(f.occurredAt);
        String sku = text(f.sku, "sku", MAX_SKU_CHARS);
        long available = integer(f.available, "available", 0, MAX_AVAILABLE);
        return new StockCounted(eventId, occurredAt, sku, available);
    }

    // Checks build their messages only on failure: valid records are the hot path.

    private static List<OrderLine> lines(Fields f) throws Rejection {
        if (f.lines != Value.ARRAY
                || f.lineList == null
                || f.lineCount < 1
                || f.lineCount > MAX_LINES) {
            String rule = "an array of 1 to " + MAX_LINES + " line objects";
            if (f.lines == null) {
                throw violation("lines is missing; it must be " + rule);
            }
            if (f.lines != Value.ARRAY || f.lineList == null) {
                throw violation("lines must be " + rule + ", was " + describe(f.lines));
            }
            throw violation("lines must be " + rule + ", had " + f.lineCount);
        }
        // ArrayList, not List.of: Flink's list serializers (and Kryo, if it ever gets one) copy it.
        List<OrderLine> lines = new ArrayList<>(f.lineCount);
        long total = 0;
        for (int i = 0; i < f.lineCount; i++) {
            RawLine raw = f.lineList.get(i);
            if (raw.notAnObject != null) {
                throw violation(
                        "lines["
                                + i
                                + "] must be an object {sku, quantity, unitPrice}, was "
                                + describe(raw.notAnObject));
            }
            String sku = text(raw.sku, i, "sku", MAX_SKU_CHARS);
            long quantity = integer(raw.quantity, i, "quantity", 1, MAX_LINE_QUANTITY);
            long unitPrice = integer(raw.unitPrice, i, "unitPrice", 0, MAX_UNIT_PRICE);
            for (int k = 0; k < i; k++) {
                if (lines.get(k).sku().equals(sku)) {
                    throw violation(
                            "lines["
                                    + i
                                    + "].sku must not repeat a sku of the same order, was "
                                    + quote(sku)
                                    + " as in lines["
                                    + k
                                    + "]");
                }
            }
            try {
                total = Math.addExact(total, Math.multiplyExact(quantity, unitPrice));
            } catch (ArithmeticException overflow) {
                throw violation(
                        "lines total (sum of quantity*unitPrice) must fit in a signed"
                                + " 64-bit integer, and overflows at lines["
                                + i
                                + "]");
            }
            lines.add(new OrderLine(sku, quantity, unitPrice));
        }
        return lines;
    }

    private static String text(Value value, String field, int maxChars) throws Rejection {
        return text(value, TOP_LEVEL, field, maxChars);
    }

    /** A string of 1..maxChars code points; {@code line} >= 0 places the field in lines[line]. */
    private static String text(Value value, int line, String field, int maxChars) throws Rejection {
        if (value != null && value.token == JsonToken.VALUE_STRING) {
            int codePoints = codePointsOrMinusOne(value.text, maxChars);
            if (codePoints >= 1 && codePoints <= maxChars) {
                return value.text;
            }
            if (codePoints == UNPAIRED_SURROGATE) {
                throw violation(
                        path(line, field)
                                + " must be valid Unicode text, was a string with"
                                + " an unpaired surrogate");
            }
        }
        String rule = "a string of 1 to " + maxChars + " characters";
        if (value == null) {
            throw violation(path(line, field) + " is missing; it must be " + rule);
        }
        throw violation(path(line, field) + " must be " + rule + ", was " + describe(value));
    }

    /** Code points in {@code text}, or UNPAIRED_SURROGATE; stops counting once past the limit. */
    private static int codePointsOrMinusOne(String text, int maxChars) {
        int chars = text.length();
        // Each code point is one or two chars, so longer strings are too long without counting.
        if (chars > 2 * maxChars) {
            return Integer.MAX_VALUE;
        }
        int codePoints = 0;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < chars
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return UNPAIRED_SURROGATE;
                }
            }
            codePoints++;
        }
        return codePoints;
    }

    private static long integer(Value value, String field, long min, long max) throws Rejection {
        return integer(value, TOP_LEVEL, field, min, max);
    }

    private static long integer(Value value, int line, String field, long min, long max)
            throws Rejection {
        if (value != null && value.isLong && value.number >= min && value.number <= max) {
            return value.number;
        }
        String rule = "an integer from " + min + " to " + max;
        if (value == null) {
            throw violation(path(line, field) + " is missing; it must be " + rule);
        }
        throw violation(path(line, field) + " must be " + rule + ", was " + describe(value));
    }

    private static String path(int line, String field) {
        return line == TOP_LEVEL ? field : "lines[" + line + "]." + field;
    }

    private static long instant(Value value) throws Rejection {
        long millis =
                value != null && value.token == JsonToken.VALUE_STRING
                        ? Instants.parse(value.text)
                        : Instants.BAD_FORMAT;
        if (millis >= EARLIEST_OCCURRED_AT && millis <= LATEST_OCCURRED_AT) {
            return millis;
        }
        if (millis != Instants.BAD_FORMAT && millis != Instants.BAD_DATE) {
            throw violation(
                    "occurredAt must lie between 1970-01-01T00:00:00Z and"
                            + " 9999-12-31T23:59:59.999Z (Kafka timestamps cannot be negative),"
                            + " was "
                            + describe(value));
        }
        String rule = "an ISO-8601 UTC instant YYYY-MM-DDTHH:MM:SS[.fraction]Z";
        if (value == null) {
            throw violation("occurredAt is missing; it must be " + rule);
        }
        if (value.token != JsonToken.VALUE_STRING) {
            throw violation("occurredAt must be " + rule + ", was " + describe(value));
        }
        if (millis == Instants.BAD_FORMAT) {
            throw violation(
                    "occurredAt must be "
                            + rule
                            + " with 0 to 9 fraction digits, was "
                            + describe(value));
        }
        throw violation("occurredAt must be a real date and time, was " + describe(value));
    }

    private static String currency(Value value) throws Rejection {
        boolean valid =
                value != null && value.token == JsonToken.VALUE_STRING && value.text.length() == 3;
        for (int i = 0; valid && i < 3; i++) {
            valid = value.text.charAt(i) >= 'A' && value.text.charAt(i) <= 'Z';
        }
        if (valid) {
            return value.text;
        }
        String rule = "three capital letters [A-Z]{3} (ISO 4217)";
        if (value == null) {
            throw violation("currency is missing; it must be " + rule);
        }
        throw violation("currency must be " + rule + ", was " + describe(value));
    }

    private static Fulfilment fulfilment(Value value) throws Rejection {
        if (!present(value)) {
            return null;
        }
        if (value.token == JsonToken.VALUE_STRING) {
            switch (value.text) {
                case "PARTIAL":
                    return Fulfilment.PARTIAL;
                case "BACKORDER":
                    return Fulfilment.BACKORDER;
                default:
                    break;
            }
        }
        throw violation(
                "fulfilment must be PARTIAL or BACKORDER when given, was " + describe(value));
    }

    private static void checkKey(RecordOrigin origin, String field, String value) throws Rejection {
        String key = origin.key();
        if (key != null && !key.equals(value)) {
            throw new Rejection(
                    DeadLetterReason.KEY_MISMATCH,
                    field
                            + " "
                            + quote(value)
                            + " differs from the Kafka key "
                            + quote(key)
                            + "; records on this topic must be keyed by "
                            + field);
        }
    }

    /** Optional fields given as JSON null count as absent. */
    private static boolean present(Value value) {
        return value != null && value.token != JsonToken.VALUE_NULL;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- details

    /** A short, printable account of a bad value: the value itself when short, else its size. */
    private static String describe(Value value) {
        switch (value.token) {
            case VALUE_STRING:
                return quote(value.text);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                String number = value.isLong ? Long.toString(value.number) : value.text;
                return number.length() <= MAX_ECHO_CHARS
                        ? number
                        : "a number of " + number.length() + " characters";
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            default:
                return value.token.toString();
        }
    }

    /** The text as a JSON string literal, or its length when too long to echo. */
    private static String quote(String text) {
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints > MAX_ECHO_CHARS) {
            return "a string of " + codePoints + " characters";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String parserMessage(JsonProcessingException e) {
        // Some messages embed a location with a "[Source: REDACTED ...; " prefix: keep the line.
        String message =
                SOURCE_IN_MESSAGE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("[");
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message +=
                    " at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr();
        }
        return clip(message);
    }

    /** One line, short, printable: details end up in logs and dashboards. */
    private static String clip(String message) {
        StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_PARSER_MESSAGE_CHARS));
        for (int i = 0; i < message.length() && out.length() < MAX_PARSER_MESSAGE_CHARS; i++) {
            char c = message.charAt(i);
            out.append(c < 0x20 || c == 0x7F || Character.isSurrogate(c) ? ' ' : c);
        }
        if (out.length() < message.length()) {
            out.append("...");
        }
        return out.toString();
    }

    private static Rejection violation(String detail) {
        return new Rejection(DeadLetterReason.SCHEMA_VIOLATION, detail);
    }

    private static Rejection malformed(String detail) {
        return new Rejection(DeadLetterReason.MALFORMED_JSON, detail);
    }

    // ---------------------------------------------------------------- holders

    /** A captured JSON value; {@code text} for strings and numbers that do not fit a long. */
    private static final class Value {
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

    /** The top-level fields of any input event, as read; scratch for one decode call. */
    private static final class Fields {
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
    }

    /** One element of {@code lines} as read. */
    private static final class RawLine {
        Value notAnObject;
        Value sku;
        Value quantity;
        Value unitPrice;
    }

    /** Why a record is dead; thrown only for bad input, so it carries no stack trace. */
    private static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;

        final DeadLetterReason reason;
        final String detail;

        Rejection(DeadLetterReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
            this.detail = detail;
        }
    }
}
