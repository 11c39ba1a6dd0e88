package io.orderflow.schemas.json;

import static io.orderflow.schemas.InputKind.INVENTORY;
import static io.orderflow.schemas.InputKind.ORDERS;
import static io.orderflow.schemas.json.JsonEdits.quoted;
import static io.orderflow.schemas.json.JsonEdits.tree;
import static io.orderflow.schemas.json.JsonEdits.with;
import static io.orderflow.schemas.json.SampleEvents.origin;
import static io.orderflow.schemas.json.SampleEvents.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import io.orderflow.schemas.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema files and the codec accept and reject the same events, with listed exceptions.
 */
class SchemaAgreementTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // Draft 2020-12 treats "format" as an annotation unless asked; the contract means it.
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new LinkedHashMap<>();

    static {
        for (String type : Schemas.TYPES) {
            SCHEMAS.put(type, FACTORY.getSchema(Schemas.load(type), CONFIG));
        }
    }

    private static final String PLACED = text(CODEC.encode(SampleEvents.orderPlaced()));
    private static final String CANCELLED = text(CODEC.encode(SampleEvents.orderCancelled()));
    private static final String RECEIVED = text(CODEC.encode(SampleEvents.stockReceived()));
    private static final String COUNTED = text(CODEC.encode(SampleEvents.stockCounted()));

    private static Set<ValidationMessage> validate(String type, String json) {
        return SCHEMAS.get(type).validate(tree(json));
    }

    private static InputRecord decode(InputKind kind, String json) {
        return CODEC.decode(kind, origin(kind, null, json));
    }

    @Test
    void everyEventTypeHasOneSchemaFileOnTheClasspath() {
        assertThat(Schemas.TYPES)
                .containsExactly(
                        OrderPlaced.TYPE,
                        OrderCancelled.TYPE,
                        StockReceived.TYPE,
                        StockCounted.TYPE,
                        "OrderConfirmed",
                        "RefundIssued",
                        DeadLetter.TYPE,
                        "OrderStatus");
        for (String type : Schemas.TYPES) {
            assertThat(Schemas.resourcePath(type)).isEqualTo("/schemas/" + type + ".schema.json");
            JsonNode schema = tree(Schemas.load(type));
            assertThat(schema.get("$schema").asText())
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.get("title").asText()).isEqualTo(type);
            assertThat(schema.at("/properties/type/const").asText()).isEqualTo(type);
        }
        assertThatThrownBy(() -> Schemas.resourcePath("OrderShipped"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemaFilesAreValidDraft202012Schemas() {
        JsonSchema metaSchema =
                FACTORY.getSchema(
                        SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String type : Schemas.TYPES) {
            assertThat(metaSchema.validate(tree(Schemas.load(type)))).as(type).isEmpty();
        }
    }

    @Test
    void sampleEventsOfEveryTypeValidate() {
        Map<String, List<String>> samples = new LinkedHashMap<>();
        samples.put(
                OrderPlaced.TYPE,
                List.of(
                        PLACED,
                        with(PLACED, "fulfilment", null),
                        with(PLACED, "fulfilment", "null"),
                        with(PLACED, "occurredAt", "\"2026-11-26T10:15:30.123456789Z\""),
                        with(PLACED, "occurredAt", "\"2024-02-29T00:00:00Z\""),
                        with(PLACED, "eventId", quoted("\uD83D\uDE00".repeat(128))),
                        with(PLACED, "lines", EventCodecTest.manyLines(100)),
                        with(PLACED, "extra", "{\"anything\":[1,2.5,null]}")));
        samples.put(
                OrderCancelled.TYPE,
                List.of(
                        CANCELLED,
                        with(CANCELLED, "reason", null),
                        with(CANCELLED, "reason", "null")));
        samples.put(
                StockReceived.TYPE, List.of(RECEIVED, with(RECEIVED, "quantity", "1000000000")));
        samples.put(
                StockCounted.TYPE, List.of(COUNTED, with(COUNTED, "available", "1000000000000")));
        samples.put("OrderConfirmed", List.of(text(CODEC.encode(SampleEvents.orderConfirmed()))));
        samples.put("RefundIssued", List.of(text(CODEC.encode(SampleEvents.refundIssued()))));
        samples.put(
                DeadLetter.TYPE,
                List.of(
                        text(CODEC.encode(SampleEvents.deadLetter())),
                        text(CODEC.encode(SampleEvents.binaryDeadLetter())),
                        text(CODEC.encode(SampleEvents.tombstoneDeadLetter()))));
        samples.put("OrderStatus", List.of(text(CODEC.encode(SampleEvents.orderStatus()))));
        assertThat(samples.keySet()).containsExactlyElementsOf(Schemas.TYPES);
        samples.forEach(
                (type, jsons) -> {
                    for (String json : jsons) {
                        assertThat(validate(type, json)).as("%s: %s", type, json).isEmpty();
                    }
                });
    }

    @Test
    void contractExamplesValidateAgainstTheirSchemas() {
        for (ContractExamples.Example example : ContractExamples.all()) {
            for (JsonNode input : example.root().get("inputs")) {
                String value = input.get("value").asText();
                InputKind kind = SampleEvents.kindOfTopic(input.get("topic").asText());
                InputRecord record = decode(kind, value);
                if (!record.isDeadLetter()) {
                    String type = tree(value).get("type").asText();
                    assertThat(validate(type, value)).as("%s: %s", example, value).isEmpty();
                }
            }
            JsonNode expected = example.root().get("expected");
            for (JsonNode confirmation : expected.get("order-confirmations")) {
                assertThat(SCHEMAS.get("OrderConfirmed").validate(confirmation))
                        .as("%s", example)
                        .isEmpty();
            }
            for (JsonNode refund : expected.get("refunds")) {
                assertThat(SCHEMAS.get("RefundIssued").validate(refund))
                        .as("%s", example)
                        .isEmpty();
            }
            for (JsonNode status : expected.get("order-status")) {
                assertThat(SCHEMAS.get("OrderStatus").validate(status)).as("%s", example).isEmpty();
            }
        }
    }

    /** Bad input events that both the codec (SCHEMA_VIOLATION) and the schema reject. */
    static Stream<Arguments> rejectedByBoth() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(both(OrderPlaced.TYPE, "type number", with(PLACED, "type", "7")));
        cases.add(both(OrderPlaced.TYPE, "eventId missing", with(PLACED, "eventId", null)));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "occurredAt before 1970",
                        with(PLACED, "occurredAt", "\"1969-12-31T23:59:59.999Z\"")));
        cases.add(
                both(
                        StockReceived.TYPE,
                        "received occurredAt in year 1",
                        with(RECEIVED, "occurredAt", "\"0001-01-01T00:00:00Z\"")));
        cases.add(both(OrderPlaced.TYPE, "eventId empty", with(PLACED, "eventId", "\"\"")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "eventId 129 chars",
                        with(PLACED, "eventId", quoted("e".repeat(129)))));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "eventId 129 code points",
                        with(PLACED, "eventId", quoted("\uD83D\uDE00".repeat(129)))));
        cases.add(both(OrderCancelled.TYPE, "eventId number", with(CANCELLED, "eventId", "5")));
        cases.add(both(OrderPlaced.TYPE, "occurredAt missing", with(PLACED, "occurredAt", null)));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "occurredAt with offset",
                        with(PLACED, "occurredAt", "\"2026-11-26T10:15:30+00:00\"")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "occurredAt lower case",
                        with(PLACED, "occurredAt", "\"2026-11-26t10:15:30z\"")));
        cases.add(
                both(
                        OrderCancelled.TYPE,
                        "occurredAt ten digits",
                        with(CANCELLED, "occurredAt", "\"2026-11-26T10:15:30.1234567890Z\"")));
        cases.add(
                both(
                        OrderCancelled.TYPE,
                        "occurredAt trailing newline",
                        with(CANCELLED, "occurredAt", "\"2026-11-26T10:15:30Z\\n\"")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "occurredAt February 30",
                        with(PLACED, "occurredAt", "\"2026-02-30T10:15:30Z\"")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "occurredAt leap second",
                        with(PLACED, "occurredAt", "\"2026-12-31T23:59:60Z\"")));
        cases.add(both(OrderPlaced.TYPE, "occurredAt number", with(PLACED, "occurredAt", "0")));
        cases.add(both(OrderPlaced.TYPE, "orderId empty", with(PLACED, "orderId", "\"\"")));
        cases.add(
                both(
                        OrderCancelled.TYPE,
                        "orderId 129 chars",
                        with(CANCELLED, "orderId", quoted("o".repeat(129)))));
        cases.add(both(OrderPlaced.TYPE, "customerId missing", with(PLACED, "customerId", null)));
        cases.add(both(OrderPlaced.TYPE, "customerId null", with(PLACED, "customerId", "null")));
        cases.add(
                both(OrderPlaced.TYPE, "currency lower case", with(PLACED, "currency", "\"eur\"")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "currency trailing newline",
                        with(PLACED, "currency", "\"EUR\\n\"")));
        cases.add(
                both(OrderPlaced.TYPE, "currency two letters", with(PLACED, "currency", "\"EU\"")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "fulfilment unknown",
                        with(PLACED, "fulfilment", "\"FULL\"")));
        cases.add(both(OrderPlaced.TYPE, "lines missing", with(PLACED, "lines", null)));
        cases.add(both(OrderPlaced.TYPE, "lines empty", with(PLACED, "lines", "[]")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "lines 101",
                        with(PLACED, "lines", EventCodecTest.manyLines(101))));
        cases.add(both(OrderPlaced.TYPE, "line not an object", with(PLACED, "lines[0]", "5")));
        cases.add(both(OrderPlaced.TYPE, "sku missing", with(PLACED, "lines[0].sku", null)));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "sku 65 chars",
                        with(PLACED, "lines[0].sku", quoted("s".repeat(65)))));
        cases.add(both(OrderPlaced.TYPE, "quantity zero", with(PLACED, "lines[0].quantity", "0")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "quantity above max",
                        with(PLACED, "lines[0].quantity", "1000001")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "quantity string",
                        with(PLACED, "lines[0].quantity", "\"1\"")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "quantity fraction",
                        with(PLACED, "lines[0].quantity", "1.5")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "quantity beyond long",
                        with(PLACED, "lines[0].quantity", "99999999999999999999")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "unitPrice negative",
                        with(PLACED, "lines[1].unitPrice", "-1")));
        cases.add(
                both(
                        OrderPlaced.TYPE,
                        "unitPrice above max",
                        with(PLACED, "lines[1].unitPrice", "1000000000001")));
        cases.add(both(OrderCancelled.TYPE, "reason number", with(CANCELLED, "reason", "5")));
        cases.add(
                both(
                        StockReceived.TYPE,
                        "received quantity zero",
                        with(RECEIVED, "quantity", "0")));
        cases.add(
                both(
                        StockReceived.TYPE,
                        "received quantity above max",
                        with(RECEIVED, "quantity", "1000000001")));
        cases.add(both(StockReceived.TYPE, "received sku missing", with(RECEIVED, "sku", null)));
        cases.add(
                both(
                        StockReceived.TYPE,
                        "received sku 65 chars",
                        with(RECEIVED, "sku", quoted("s".repeat(65)))));
        cases.add(
                both(
                        StockCounted.TYPE,
                        "counted available negative",
                        with(COUNTED, "available", "-1")));
        cases.add(
                both(
                        StockCounted.TYPE,
                        "counted available above max",
                        with(COUNTED, "available", "1000000000001")));
        cases.add(
                both(
                        StockCounted.TYPE,
                        "counted available boolean",
                        with(COUNTED, "available", "false")));
        return cases.stream();
    }

    /** A sample edited from a valid event of {@code type}, whose schema must reject it. */
    private static Arguments both(String type, String name, String json) {
        return Arguments.of(name, type, json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedByBoth")
    void badSampleIsRejectedByCodecAndSchema(String name, String type, String json) {
        InputKind kind = Topics.ORDERS.valueTypes().contains(type) ? ORDERS : INVENTORY;
        InputRecord record = decode(kind, json);
        assertThat(record.isDeadLetter()).as("codec rejects %s", name).isTrue();
        assertThat(record.deadLetter().reason())
                .as(record.deadLetter().detail())
                .isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(validate(type, json)).as("schema %s rejects %s", type, name).isNotEmpty();
    }

    /**
     * Rules a JSON Schema cannot express, so only the codec enforces them: the schema accepts these
     * samples. If a schema learns to reject one, move it to {@link #rejectedByBoth}.
     */
    static Stream<Arguments> codecOnly() {
        return Stream.of(
                // uniqueItems compares whole lines; the rule is about one field of them.
                Arguments.of("sku twice", with(PLACED, "lines[1].sku", "\"A\"")),
                // Arithmetic over items is beyond JSON Schema.
                Arguments.of(
                        "total overflows", with(PLACED, "lines", EventCodecTest.hugeLines(10))),
                // JSON Schema's "integer" is any number with a zero fraction; the contract's are
                // written as integers.
                Arguments.of("quantity 2.0", with(PLACED, "lines[0].quantity", "2.0")),
                Arguments.of("quantity 1e3", with(PLACED, "lines[0].quantity", "1e3")),
                // maxLength counts code points, as the codec does, but a lone UTF-16 surrogate
                // (legal as a JSON escape) also counts as one; the codec refuses such text.
                Arguments.of("unpaired surrogate", with(PLACED, "orderId", "\"o\\ud800\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecOnly")
    void codecOnlyRuleIsEnforcedByTheCodecAlone(String name, String json) {
        InputRecord record = decode(ORDERS, json);
        assertThat(record.isDeadLetter()).as("codec rejects %s", name).isTrue();
        assertThat(record.deadLetter().reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(validate(OrderPlaced.TYPE, json)).as("schema accepts %s", name).isEmpty();
    }

    @Test
    void outputSchemasRejectBrokenOutputs() {
        String confirmed = text(CODEC.encode(SampleEvents.orderConfirmed()));
        String refund = text(CODEC.encode(SampleEvents.refundIssued()));
        String dead = text(CODEC.encode(SampleEvents.deadLetter()));
        Map<String, List<String>> broken = new LinkedHashMap<>();
        broken.put(
                "OrderConfirmed",
                List.of(
                        with(confirmed, "occurredAt", "\"2026-11-26T10:15:30Z\""),
                        with(confirmed, "eventId", "\"o1/refund/cancelled\""),
                        with(confirmed, "amount", "-1"),
                        with(confirmed, "backordered", null),
                        with(confirmed, "lines", "[]")));
        broken.put(
                "RefundIssued",
                List.of(
                        with(refund, "reason", "\"LOST\""),
                        with(refund, "eventId", "\"o1/confirmed\""),
                        with(refund, "causationId", null)));
        broken.put(
                DeadLetter.TYPE,
                List.of(
                        with(dead, "reason", "\"OOPS\""),
                        with(dead, "value", null),
                        with(dead, "valueBase64", "\"AAAA\""),
                        with(dead, "source.offset", "-1"),
                        with(dead, "valueSha256", "\"ABC\""),
                        with(dead, "valueBytes", null),
                        with(dead, "valueBytes", "-1"),
                        with(dead, "keyTruncated", null),
                        with(dead, "valueTruncated", "\"no\""),
                        with(dead, "key", null),
                        with(dead, "eventId", "\"orders\"")));
        broken.forEach(
                (type, jsons) -> {
                    for (String json : jsons) {
                        assertThat(validate(type, json)).as("%s: %s", type, json).isNotEmpty();
                    }
                });
    }

    @Test
    void deadLettersOfRealRecordsValidate() {
        List<RecordOrigin> origins =
                List.of(
                        origin(ORDERS, "o1", "not json"),
                        origin(ORDERS, null, new byte[] {(byte) 0xFF}),
                        origin(INVENTORY, "A", (byte[]) null),
                        origin(ORDERS, "o2", PLACED),
                        origin(ORDERS, "k".repeat(2_000), "x".repeat(100)),
                        origin(
                                ORDERS,
                                "o3",
                                with(PLACED, "occurredAt", "\"1969-01-01T00:00:00Z\"")));
        // A small value bound, so that the long values above are cut.
        EventCodec cutting = new EventCodec(EventCodec.DEFAULT_MAX_RECORD_BYTES, 16);
        for (RecordOrigin origin : origins) {
            InputRecord record =
                    cutting.decode(origin.topic().equals("orders") ? ORDERS : INVENTORY, origin);
            assertThat(record.isDeadLetter()).isTrue();
            String json = text(cutting.encode(record.deadLetter()));
            assertThat(validate(DeadLetter.TYPE, json)).as(json).isEmpty();
        }
    }
}
