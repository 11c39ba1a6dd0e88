package io.orderflow.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validation rules of CONTRACT.md sections 2, 3 and 5, one rule per test, at its bounds. */
class InputRulesTest {

    private final InputRules rules = new InputRules(InputRules.DEFAULT_MAX_RECORD_BYTES);

    private static ObjectNode placed() {
        ObjectNode order =
                ContractExample.JSON
                        .createObjectNode()
                        .put("eventId", "e-1")
                        .put("type", "OrderPlaced")
                        .put("occurredAt", "2026-11-26T10:15:30.123Z")
                        .put("orderId", "o1")
                        .put("customerId", "c-1")
                        .put("currency", "EUR");
        order.set("lines", InvariantCheckerTest.lines("A", 2, 1999, "B", 1, 0));
        return order;
    }

    private static ObjectNode stock(String type, String field, long quantity) {
        return ContractExample.JSON
                .createObjectNode()
                .put("eventId", "s-1")
                .put("type", type)
                .put("occurredAt", "2026-11-26T10:00:00Z")
                .put("sku", "A")
                .put(field, quantity);
    }

    private InputEvent order(ObjectNode value) {
        return rules.read(InputTopic.ORDERS, record("o1", StrictJson.bytes(value)));
    }

    private InputEvent orderWith(Consumer<ObjectNode> change) {
        ObjectNode value = placed();
        change.accept(value);
        return order(value);
    }

    private static KafkaRecord record(String key, byte[] value) {
        return new KafkaRecord("orders", 0, 0, 0, key, value);
    }

    private static DeadLetterReason reason(InputEvent event) {
        assertThat(event).isInstanceOf(InputEvent.Rejected.class);
        return ((InputEvent.Rejected) event).reason();
    }

    @Test
    void aValidOrderIsPlacedWithItsTotalAndNoFulfilmentOfItsOwn() {
        InputEvent.Placed event = (InputEvent.Placed) order(placed());

        assertThat(event.total()).isEqualTo(3998);
        assertThat(event.occurredAt()).isEqualTo(Instants.parse("2026-11-26T10:15:30.123Z"));
        assertThat(event.fulfilment()).isNull();
        assertThat(event.lines()).extracting(Line::sku).containsExactly("A", "B");
    }

    @Test
    void unknownFieldsAreIgnoredAndANullFulfilmentIsAbsent() {
        InputEvent event =
                orderWith(o -> o.put("note", "gift").putNull("fulfilment").putObject("extra"));

        assertThat(event).isInstanceOf(InputEvent.Placed.class);
    }

    @Test
    void aTombstoneIsNotJson() {
        assertThat(reason(rules.read(InputTopic.ORDERS, record("o1", null))))
                .isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "",
                "[1]",
                "\"text\"",
                "{\"a\":1} {}",
                "{\"orderId\":\"o1\",\"orderId\":\"o2\"}"
            })
    void whatIsNotOneJsonObjectIsMalformed(String value) {
        InputEvent event =
                rules.read(InputTopic.ORDERS, record(null, value.getBytes(StandardCharsets.UTF_8)));

        assertThat(reason(event)).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void aByteOrderMarkBeforeTheObjectIsIgnoredAsRfc8259Allows() {
        byte[] json = StrictJson.bytes(placed());
        byte[] value = new byte[json.length + 3];
        value[0] = (byte) 0xEF;
        value[1] = (byte) 0xBB;
        value[2] = (byte) 0xBF;
        System.arraycopy(json, 0, value, 3, json.length);

        assertThat(rules.read(InputTopic.ORDERS, record("o1", value)))
                .isInstanceOf(InputEvent.Placed.class);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] value = StrictJson.bytes(placed());
        value[value.length - 3] = (byte) 0xFF;

        assertThat(reason(rules.read(InputTopic.ORDERS, record("o1", value))))
                .isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void aRecordOverTheMaxRecordBytesIsTooLargeWhateverItHolds() {
        byte[] value = StrictJson.bytes(placed());
        InputRules small = new InputRules(value.length - 1);

        assertThat(reason(small.read(InputTopic.ORDERS, record("o1", value))))
                .isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(new InputRules(value.length).read(InputTopic.ORDERS, record("o1", value)))
                .isInstanceOf(InputEvent.Placed.class);
    }

    @Test
    void aMissingTypeBreaksTheSchemaAndAnotherTopicsTypeIsUnknownHere() {
        assertThat(reason(orderWith(o -> o.remove("type"))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> o.put("type", 7))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> o.put("type", "OrderShipped"))))
                .isEqualTo(DeadLetterReason.UNKNOWN_TYPE);
        assertThat(reason(order(stock("StockReceived", "quantity", 1))))
                .isEqualTo(DeadLetterReason.UNKNOWN_TYPE);
    }

    @Test
    void aKeyThatDiffersFromTheOrderIdIsAKeyMismatchAndNoKeyIsFine() {
        byte[] value = StrictJson.bytes(placed());

        assertThat(reason(rules.read(InputTopic.ORDERS, record("o2", value))))
                .isEqualTo(DeadLetterReason.KEY_MISMATCH);
        assertThat(rules.read(InputTopic.ORDERS, record(null, value)))
                .isInstanceOf(InputEvent.Placed.class);
    }

    @Test
    void identifiersAreOneTo128CharactersCountedAsCodePoints() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertThat(orderWith(o -> o.put("customerId", emoji.repeat(128))))
                .isInstanceOf(InputEvent.Placed.class);
        assertThat(reason(orderWith(o -> o.put("customerId", "c".repeat(129)))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> o.put("eventId", ""))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> o.put("customerId", "\uD800"))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> o.putNull("orderId"))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EU", "EURO", "E1R"})
    void aCurrencyIsThreeCapitalLetters(String currency) {
        assertThat(reason(orderWith(o -> o.put("currency", currency))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    }

    @Test
    void fulfilmentIsPartialOrBackorderWhenGiven() {
        assertThat(
                        ((InputEvent.Placed) orderWith(o -> o.put("fulfilment", "BACKORDER")))
                                .fulfilment())
                .isEqualTo(Fulfilment.BACKORDER);
        assertThat(reason(orderWith(o -> o.put("fulfilment", "LATER"))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    }

    @Test
    void linesAreOneToAHundredWithoutASkuTwice() {
        assertThat(reason(orderWith(o -> o.putArray("lines"))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        Object[] hundred = new Object[300];
        for (int i = 0; i < 100; i++) {
            hundred[3 * i] = "s" + i;
            hundred[3 * i + 1] = 1;
            hundred[3 * i + 2] = 1;
        }
        assertThat(orderWith(o -> o.set("lines", InvariantCheckerTest.lines(hundred))))
                .isInstanceOf(InputEvent.Placed.class);
        assertThat(
                        reason(
                                orderWith(
                                        o ->
                                                ((com.fasterxml.jackson.databind.node.ArrayNode)
                                                                o.get("lines"))
                                                        .addAll(
                                                                InvariantCheckerTest.lines(
                                                                        hundred)))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(
                        reason(
                                orderWith(
                                        o ->
                                                o.set(
                                                        "lines",
                                                        InvariantCheckerTest.lines(
                                                                "A", 1, 1, "A", 2, 1)))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    }

    @Test
    void quantityAndUnitPriceStayInTheirRangesAsIntegers() {
        assertThat(
                        orderWith(
                                o ->
                                        line(o).put("quantity", 1_000_000)
                                                .put("unitPrice", 1_000_000_000_000L)))
                .isInstanceOf(InputEvent.Placed.class);
        assertThat(reason(orderWith(o -> line(o).put("quantity", 0))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> line(o).put("quantity", 1_000_001))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> line(o).put("unitPrice", -1))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> line(o).put("unitPrice", 1_000_000_000_001L))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        // Money is an integer: no floating point anywhere.
        assertThat(reason(orderWith(o -> line(o).put("quantity", 2.0))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(reason(orderWith(o -> line(o).put("quantity", "2"))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    }

    @Test
    void anOrderTotalBeyondASigned64BitIntegerBreaksTheSchema() {
        Object[] big = new Object[30];
        for (int i = 0; i < 10; i++) {
            big[3 * i] = "s" + i;
            big[3 * i + 1] = 1_000_000;
            big[3 * i + 2] = 1_000_000_000; // 10 lines of 10^15: fits
        }
        assertThat(orderWith(o -> o.set("lines", InvariantCheckerTest.lines(big))))
                .isInstanceOf(InputEvent.Placed.class);
        ObjectNode huge = placed();
        huge.putArray("lines");
        for (int i = 0; i < 10; i++) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) huge.get("lines"))
                    .addObject()
                    .put("sku", "s" + i)
                    .put("quantity", 1_000_000)
                    .put("unitPrice", 1_000_000_000_000L);
        }
        assertThat(reason(order(huge))).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-26T10:15:30Z",
                "2026-11-26T10:15:30.1Z",
                "2026-11-26T10:15:30.123456789Z",
                "1970-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z"
            })
    void occurredAtTakesZeroToNineFractionDigitsWithinTheRange(String instant) {
        assertThat(orderWith(o -> o.put("occurredAt", instant)))
                .isInstanceOf(InputEvent.Placed.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1969-12-31T23:59:59.999Z",
                "2026-11-26T10:15:30.1234567890Z",
                "2026-11-26 10:15:30Z",
                "2026-11-26T10:15:30+01:00",
                "2026-02-30T10:15:30Z",
                "2026-11-26T24:00:00Z",
                "+10000-01-01T00:00:00Z"
            })
    void occurredAtOutsideTheFormOrRangeBreaksTheSchema(String instant) {
        assertThat(reason(orderWith(o -> o.put("occurredAt", instant))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    }

    @Test
    void inventoryEventsKeepTheirRanges() {
        InputEvent received =
                rules.read(
                        InputTopic.INVENTORY,
                        new KafkaRecord(
                                "inventory",
                                0,
                                0,
                                0,
                                "A",
                                StrictJson.bytes(
                                        stock("StockReceived", "quantity", 1_000_000_000L))));
        assertThat(received)
                .isEqualTo(
                        new InputEvent.Stock(
                                "s-1",
                                Instants.parse("2026-11-26T10:00:00Z"),
                                "A",
                                false,
                                1_000_000_000L));
        assertThat(
                        reason(
                                rules.read(
                                        InputTopic.INVENTORY,
                                        new KafkaRecord(
                                                "inventory",
                                                0,
                                                0,
                                                0,
                                                "A",
                                                StrictJson.bytes(
                                                        stock("StockReceived", "quantity", 0))))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(
                        rules.read(
                                InputTopic.INVENTORY,
                                new KafkaRecord(
                                        "inventory",
                                        0,
                                        0,
                                        0,
                                        "A",
                                        StrictJson.bytes(stock("StockCounted", "available", 0)))))
                .isInstanceOf(InputEvent.Stock.class);
        assertThat(
                        reason(
                                rules.read(
                                        InputTopic.INVENTORY,
                                        new KafkaRecord(
                                                "inventory",
                                                0,
                                                0,
                                                0,
                                                "A",
                                                StrictJson.bytes(
                                                        stock(
                                                                "StockCounted",
                                                                "available",
                                                                1_000_000_000_001L))))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(
                        reason(
                                rules.read(
                                        InputTopic.INVENTORY,
                                        new KafkaRecord(
                                                "inventory",
                                                0,
                                                0,
                                                0,
                                                "B",
                                                StrictJson.bytes(
                                                        stock("StockCounted", "available", 5))))))
                .isEqualTo(DeadLetterReason.KEY_MISMATCH);
    }

    @Test
    void aCancellationsReasonIsAnOptionalString() {
        ObjectNode cancel =
                ContractExample.JSON
                        .createObjectNode()
                        .put("eventId", "e-2")
                        .put("type", "OrderCancelled")
                        .put("occurredAt", "2026-11-26T10:00:00Z")
                        .put("orderId", "o1");
        assertThat(order(cancel)).isInstanceOf(InputEvent.Cancelled.class);
        assertThat(order(cancel.deepCopy().put("reason", "changed my mind")))
                .isInstanceOf(InputEvent.Cancelled.class);
        assertThat(reason(order(cancel.deepCopy().put("reason", 5))))
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
    }

    private static ObjectNode line(ObjectNode order) {
        return (ObjectNode) order.get("lines").get(0);
    }
}
