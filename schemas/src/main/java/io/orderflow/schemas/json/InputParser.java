package io.orderflow.schemas.json;

import static io.orderflow.schemas.json.InputEvents.MAX_LINES;
import static io.orderflow.schemas.json.Rejection.malformed;
import static io.orderflow.schemas.json.RejectionDetails.clip;
import static io.orderflow.schemas.json.RejectionDetails.describe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.schemas.json.InputFields.RawLine;
import io.orderflow.schemas.json.InputFields.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an input record's value in one streaming pass: valid UTF-8, one JSON object, the fields the
 * contract names captured into {@link InputFields} and all others skipped. A malformed value is a
 * {@link Rejection} here, before any schema rule is checked.
 */
final class InputParser {

    private static final Pattern SOURCE_IN_MESSAGE = Pattern.compile("\\[Source: [^;\\]]*; ");

    private InputParser() {}

    static InputFields read(JsonFactory factory, byte[] value) throws Rejection {
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
            InputFields fields = readObject(parser);
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

    private static InputFields readObject(JsonParser parser) throws IOException {
        InputFields fields = new InputFields();
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

    private static void readLines(JsonParser parser, JsonToken token, InputFields fields)
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
}
