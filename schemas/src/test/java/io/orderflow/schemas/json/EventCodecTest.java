package io.orderflow.schemas.json;

import static io.orderflow.schemas.DeadLetterReason.KEY_MISMATCH;
import static io.orderflow.schemas.DeadLetterReason.MALFORMED_JSON;
import static io.orderflow.schemas.DeadLetterReason.SCHEMA_VIOLATION;
import static io.orderflow.schemas.DeadLetterReason.TOO_LARGE;
import static io.orderflow.schemas.DeadLetterReason.UNKNOWN_TYPE;
import static io.orderflow.schemas.InputKind.INVENTORY;
import static io.orderflow.schemas.InputKind.ORDERS;
import static io.orderflow.schemas.json.JsonEdits.quoted;
import static io.orderflow.schemas.json.JsonEdits.tree;
import static io.orderflow.schemas.json.JsonEdits.with;
import static io.orderflow.schemas.json.SampleEvents.origin;
import static io.orderflow.schemas.json.SampleEvents.text;
import static io.orderflow.schemas.json.SampleEvents.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderCancelled;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.RefundIssued;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

    private static final EventCodec CODEC = new EventCodec();

    private static final String PLACED = text(CODEC.encode(SampleEvents.orderPlaced()));
    private static final String CANCELLED = text(CODEC.encode(SampleEvents.orderCancelled()));
    private static final String RECEIVED = text(CODEC.encode(SampleEvents.stockReceived()));
    private static final String COUNTED = text(CODEC.encode(SampleEvents.stockCounted()));

    /** Reasons the codec itself gives; CONFLICTING_ORDER is decided downstream. */
    private static final Set<String> CODEC_REASONS =
            Set.of(
                    "MALFORMED_JSON",
                    "SCHEMA_VIOLATION",
                    "UNKNOWN_TYPE",
                    "KEY_MISMATCH",
                    "TOO_LARGE");

    /** JSON written with single quotes for readability; {@code %s} etc. filled in afterwards. */
    private static String json(String singleQuoted, Object... args) {
        return String.format(singleQuoted.replace('\'', '"'), args);
    }

    private static InputRecord decode(InputKind kind, String key, String json) {
        return CODEC.decode(kind, origin(kind, key, json));
    }

    private static DeadLetter deadLetter(InputKind kind, String key, String json) {
        InputRecord record = decode(kind, key, json);
        assertThat(record.isDeadLetter()).as("dead letter for %s", json).isTrue();
        return record.deadLetter();
    }

    @Nested
    class Encoding {

        @Test
        void writesOrderPlacedFieldsInContractOrder() {
            assertThat(PLACED)
                    .isEqualTo(
                            json(
                                    "{'eventId':'e-o1-placed','type':'OrderPlaced',"
                                        + "'occurredAt':'2026-11-26T10:15:30.123Z','orderId':'o1',"
                                        + "'customerId':'c-1','currency':'EUR',"
                                        + "'fulfilment':'BACKORDER',"
                                        + "'lines':[{'sku':'A','quantity':2,'unitPrice':1999},"
                                        + "{'sku':'B','quantity':1,'unitPrice':0}]}"));
        }

        @Test
        void eventsEncodedOneAfterAnotherOnOneThreadAreEachOneWholeObject() {
            byte[] first = CODEC.encode(SampleEvents.orderPlaced());
            CODEC.encode(new OrderCancelled("e", 0, "o1", null));
            byte[] again = CODEC.encode(SampleEvents.orderPlaced());

            assertThat(again).isEqualTo(first);
            assertThat(text(again)).startsWith("{\"eventId\"").endsWith("}]}");
        }

        @Test
        void leavesOutAbsentOptionalFields() {
            OrderPlaced placed = SampleEvents.orderPlaced();
            OrderPlaced noFulfilment =
                    new OrderPlaced(
                            placed.eventId(),
                            placed.occurredAt(),
                            placed.orderId(),
                            placed.customerId(),
                            placed.currency(),
                            null,
                            placed.lines());
            assertThat(tree(CODEC.encode(noFulfilment)).has("fulfilment")).isFalse();
            OrderCancelled noReason = new OrderCancelled("e", 0, "o1", null);
            assertThat(text(CODEC.encode(noReason)))
                    .isEqualTo(
                            json(
                                    "{'eventId':'e','type':'OrderCancelled',"
                                            + "'occurredAt':'1970-01-01T00:00:00.000Z',"
                                            + "'orderId':'o1'}"));
        }

        @Test
        void writesOtherInputsInContractOrder() {
            assertThat(CANCELLED)
                    .isEqualTo(
                            json(
                                    "{'eventId':'e-o1-cancel','type':'OrderCancelled',"
                                            + "'occurredAt':'2026-11-26T10:15:30.523Z',"
                                            + "'orderId':'o1','reason':'placed-twice'}"));
            assertThat(RECEIVED)
                    .isEqualTo(
                            json(
                                    "{'eventId':'e-A-recv','type':'StockReceived',"
                                            + "'occurredAt':'2026-11-26T10:15:30.123Z',"
                                            + "'sku':'A','quantity':5}"));
            assertThat(COUNTED)
                    .isEqualTo(
                            json(
                                    "{'eventId':'e-A-count','type':'StockCounted',"
                                            + "'occurredAt':'2026-11-26T10:15:30.123Z',"
                                            + "'sku':'A','available':0}"));
        }

        @Test
        void writesAStatusWithReservedAtOnlyOnLinesThatWereReserved() {
            assertThat(text(CODEC.encode(SampleEvents.orderStatus())))
                    .isEqualTo(
                            json(
                                    "{'eventId':'o1/status/2','type':'OrderStatus',"
                                        + "'occurredAt':'2026-11-26T10:15:30.123Z','orderId':'o1',"
                                        + "'customerId':'c-1','currency':'EUR','seq':2,'status':'CANCELLED',"
                                        + "'confirmedAmount':0,'refundedAmount':4018,"
                                        + "'lines':[{'sku':'A','quantity':2,'unitPrice':1999,'state':'RELEASED',"
                                        + "'reservedAt':'2026-11-26T10:15:30.023Z'},"
                                        + "{'sku':'B','quantity':1,'unitPrice':20,'state':'REJECTED'}]}"));
        }

        @Test
        void writesOutputsInContractOrder() {
            assertThat(text(CODEC.encode(SampleEvents.orderConfirmed())))
                    .isEqualTo(
                            json(
                                    "{'eventId':'o1/confirmed','type':'OrderConfirmed',"
                                        + "'occurredAt':'2026-11-26T10:15:30.123Z','orderId':'o1',"
                                        + "'customerId':'c-1','currency':'EUR',"
                                        + "'lines':[{'sku':'A','quantity':2,'unitPrice':1999}],"
                                        + "'amount':3998,'backordered':true,"
                                        + "'causationId':'e-o1-placed'}"));
            assertThat(text(CODEC.encode(SampleEvents.refundIssued())))
                    .isEqualTo(
                            json(
                                    "{'eventId':'o1/refund/out-of-stock','type':'RefundIssued',"
                                        + "'occurredAt':'2026-11-26T10:15:30.123Z','orderId':'o1',"
                                        + "'customerId':'c-1','currency':'EUR',"
                                        + "'reason':'OUT_OF_STOCK',"
                                        + "'lines':[{'sku':'B','quantity':1,'unitPrice':0}],"
                                        + "'amount':0,'causationId':'e-o1-placed'}"));
        }

        @Test
        void writesDeadLettersWithSourceKeyOneValueFieldAndTheOriginalsSizeAndHash() {
            DeadLetter letter = SampleEvents.deadLetter();
            String original = "{\"type\":\"OrderPlaced\",\"currency\":\"eur\"}";
            assertThat(text(CODEC.encode(letter)))
                    .isEqualTo(
                            json(
                                    "{'eventId':'orders/3/42','type':'DeadLetter',"
                                        + "'occurredAt':'2026-11-26T10:15:30.130Z',"
                                        + "'reason':'SCHEMA_VIOLATION','detail':%s,"
                                        + "'source':{'topic':'orders','partition':3,'offset':42,"
                                        + "'timestamp':%d},'key':'o1','keyTruncated':false,"
                                        + "'value':%s,'valueTruncated':false,'valueBytes':%d,"
                                        + "'valueSha256':'%s'}",
                                    quoted(letter.detail()),
                                    SampleEvents.KAFKA_TIMESTAMP,
                                    quoted(original),
                                    original.length(),
                                    SampleEvents.sha256(
                                            original.getBytes(StandardCharsets.UTF_8))));
            JsonNode binary = tree(CODEC.encode(SampleEvents.binaryDeadLetter()));
            assertThat(fieldNames(binary))
                    .containsExactly(
                            "eventId",
                            "type",
                            "occurredAt",
                            "reason",
                            "detail",
                            "source",
                            "key",
                            "keyTruncated",
                            "valueBase64",
                            "valueTruncated",
                            "valueBytes",
                            "valueSha256");
            assertThat(binary.get("key").isNull()).isTrue();
            assertThat(binary.get("valueBase64").asText()).isEqualTo("/3s=");
            assertThat(binary.get("valueBytes").asInt()).isEqualTo(2);
            assertThat(binary.get("valueSha256").asText())
                    .isEqualTo(SampleEvents.sha256(new byte[] {(byte) 0xFF, 0x7B}));
            JsonNode tombstone = tree(CODEC.encode(SampleEvents.tombstoneDeadLetter()));
            assertThat(tombstone.get("value").isNull()).isTrue();
            assertThat(tombstone.has("valueBase64")).isFalse();
            assertThat(tombstone.get("valueBytes").asInt()).isZero();
            assertThat(tombstone.get("valueSha256").isNull()).isTrue();
            assertThat(tombstone.get("valueTruncated").asBoolean()).isFalse();
        }

        @Test
        void writesNonAsciiTextAsValidJson() {
            OrderCancelled unicode =
                    new OrderCancelled(
                            "e-\u00e9\u4e2d\uD83D\uDE00", 0, "o\"1\\", "line\nbreak\u0000");
            InputRecord back = CODEC.decode(ORDERS, origin(ORDERS, null, CODEC.encode(unicode)));
            assertThat(back.orderCancelled()).isEqualTo(unicode);
        }
    }

    @Nested
    class RoundTrip {

        @Test
        void inputEventsDecodeToWhatWasEncoded() {
            InputRecord placed = decode(ORDERS, "o1", PLACED);
            assertThat(placed.orderPlaced()).isEqualTo(SampleEvents.orderPlaced());
            assertThat(placed.origin()).as("OrderPlaced keeps its origin").isNotNull();
            assertThat(placed.origin().value()).isEqualTo(utf8(PLACED));

            InputRecord cancelled = decode(ORDERS, "o1", CANCELLED);
            assertThat(cancelled.orderCancelled()).isEqualTo(SampleEvents.orderCancelled());
            assertThat(cancelled.origin()).as("only OrderPlaced keeps its origin").isNull();

            assertThat(decode(INVENTORY, "A", RECEIVED).stockReceived())
                    .isEqualTo(SampleEvents.stockReceived());
            assertThat(decode(INVENTORY, "A", COUNTED).stockCounted())
                    .isEqualTo(SampleEvents.stockCounted());
        }

        @Test
        void outputEventsDecodeToWhatWasEncoded() {
            assertThat(CODEC.decodeConfirmation(CODEC.encode(SampleEvents.orderConfirmed())))
                    .isEqualTo(SampleEvents.orderConfirmed());
            assertThat(CODEC.decodeRefund(CODEC.encode(SampleEvents.refundIssued())))
                    .isEqualTo(SampleEvents.refundIssued());
            assertThat(CODEC.decodeStatus(CODEC.encode(SampleEvents.orderStatus())))
                    .isEqualTo(SampleEvents.orderStatus());
            for (DeadLetter letter :
                    List.of(
                            SampleEvents.deadLetter(),
                            SampleEvents.binaryDeadLetter(),
                            SampleEvents.tombstoneDeadLetter())) {
                assertThat(CODEC.decodeDeadLetter(CODEC.encode(letter))).isEqualTo(letter);
            }
        }

        @Test
        void outputDecodersRejectBadInputClearly() {
            assertThatThrownBy(() -> CODEC.decodeConfirmation(utf8("nope")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not valid JSON");
            assertThatThrownBy(
                            () ->
                                    CODEC.decodeConfirmation(
                                            CODEC.encode(SampleEvents.refundIssued())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("type must be OrderConfirmed");
            String noAmount =
                    with(text(CODEC.encode(SampleEvents.refundIssued())), "amount", "\"1\"");
            assertThatThrownBy(() -> CODEC.decodeRefund(utf8(noAmount)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("amount");
            String badSku =
                    with(text(CODEC.encode(SampleEvents.orderConfirmed())), "lines[0].sku", "1");
            assertThatThrownBy(() -> CODEC.decodeConfirmation(utf8(badSku)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lines[0].sku");
            String badReason =
                    with(text(CODEC.encode(SampleEvents.deadLetter())), "reason", "\"LOST\"");
            assertThatThrownBy(() -> CODEC.decodeDeadLetter(utf8(badReason)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reason");
            assertThatThrownBy(() -> CODEC.decodeDeadLetter(null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Instants {

        @Test
        void formatsExactlyThreeFractionDigits() {
            assertThat(EventCodec.formatInstant(0)).isEqualTo("1970-01-01T00:00:00.000Z");
            assertThat(EventCodec.formatInstant(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
            assertThat(EventCodec.formatInstant(SampleEvents.PLACED_AT))
                    .isEqualTo("2026-11-26T10:15:30.123Z");
            assertThat(
                            EventCodec.formatInstant(
                                    Instant.parse("2024-02-29T23:59:59.5Z").toEpochMilli()))
                    .isEqualTo("2024-02-29T23:59:59.500Z");
            assertThat(
                            EventCodec.formatInstant(
                                    Instant.parse("0000-01-01T00:00:00Z").toEpochMilli()))
                    .isEqualTo("0000-01-01T00:00:00.000Z");
            assertThat(
                            EventCodec.formatInstant(
                                    Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli()))
                    .isEqualTo("9999-12-31T23:59:59.999Z");
            assertThat(
                            EventCodec.formatInstant(
                                    Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli()))
                    .isEqualTo("+10000-01-01T00:00:00.000Z");
        }

        @Test
        void parsesZeroToNineFractionDigitsTruncatingBelowMillis() {
            long second = Instant.parse("2026-11-26T10:15:30Z").toEpochMilli();
            assertThat(EventCodec.parseInstant("2026-11-26T10:15:30Z")).isEqualTo(second);
            assertThat(EventCodec.parseInstant("2026-11-26T10:15:30.1Z")).isEqualTo(second + 100);
            assertThat(EventCodec.parseInstant("2026-11-26T10:15:30.12Z")).isEqualTo(second + 120);
            assertThat(EventCodec.parseInstant("2026-11-26T10:15:30.1239Z"))
                    .isEqualTo(second + 123);
            assertThat(EventCodec.parseInstant("2026-11-26T10:15:30.999999999Z"))
                    .isEqualTo(second + 999);
            assertThat(EventCodec.parseInstant("1969-12-31T23:59:59.9995Z")).isEqualTo(-1);
            assertThat(EventCodec.parseInstant("2024-02-29T00:00:00Z"))
                    .isEqualTo(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
        }

        @Test
        void rejectsOtherFormsAndUnrealDates() {
            for (String bad :
                    List.of(
                            "2026-11-26T10:15:30",
                            "2026-11-26T10:15:30.Z",
                            "2026-11-26T10:15:30.1234567890Z",
                            "2026-11-26T10:15:30+00:00",
                            "2026-11-26 10:15:30Z",
                            "2026-11-26t10:15:30z",
                            "26-11-26T10:15:30Z",
                            "+2026-11-26T10:15:30Z",
                            "2026-11-26T10:15:30.12aZ",
                            "",
                            "2026-1-26T10:15:30Z",
                            "\u0662026-11-26T10:15:30Z")) {
                assertThatThrownBy(() -> EventCodec.parseInstant(bad))
                        .as(bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("ISO-8601");
            }
            for (String unreal :
                    List.of(
                            "2026-02-29T00:00:00Z",
                            "2026-04-31T00:00:00Z",
                            "2026-13-01T00:00:00Z",
                            "2026-00-01T00:00:00Z",
                            "2026-01-00T00:00:00Z",
                            "2026-01-01T24:00:00Z",
                            "2026-01-01T00:60:00Z",
                            "2026-12-31T23:59:60Z",
                            "1900-02-29T00:00:00Z")) {
                assertThatThrownBy(() -> EventCodec.parseInstant(unreal))
                        .as(unreal)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("real date");
            }
        }
    }

    @Nested
    class Validation {

        @Test
        void namesFieldRuleAndValueInOneSentence() {
            DeadLetter letter = deadLetter(ORDERS, "o1", with(PLACED, "lines[0].quantity", "-1"));
            assertThat(letter.reason()).isEqualTo(SCHEMA_VIOLATION);
            assertThat(letter.detail())
                    .isEqualTo("lines[0].quantity must be an integer from 1 to 1000000, was -1");
            assertThat(letter.eventId()).isEqualTo("orders/3/42");
            assertThat(letter.occurredAt()).isEqualTo(SampleEvents.KAFKA_TIMESTAMP);
            assertThat(letter.key()).isEqualTo("o1");
            assertThat(letter.value()).isEqualTo(with(PLACED, "lines[0].quantity", "-1"));
            assertThat(letter.valueBase64()).isNull();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.orderflow.schemas.json.EventCodecTest#badRecords")
        void badRecordGetsReasonAndDetailNamingTheField(
                String name,
                InputKind kind,
                String key,
                String json,
                DeadLetterReason reason,
                String field) {
            DeadLetter letter = deadLetter(kind, key, json);
            assertThat(letter.reason())
                    .as("reason for %s: %s", name, letter.detail())
                    .isEqualTo(reason);
            assertThat(letter.detail()).as("detail for %s", name).contains(field);
            assertThat(letter.detail()).doesNotContain("\n").hasSizeLessThan(300);
        }

        @Test
        void acceptsUnknownFieldsAnywhereAndNullOptionals() {
            String extras =
                    PLACED.replace(
                                    "{\"sku\":\"A\",",
                                    "{\"note\":{\"sku\":[1,{\"x\":null}]},\"sku\":\"A\",")
                            .replace(
                                    "\"eventId\"",
                                    "\"meta\":{\"eventId\":5,\"type\":[]},"
                                            + "\"v\":1.5e300,\"eventId\"");
            assertThat(decode(ORDERS, "o1", extras).orderPlaced())
                    .isEqualTo(SampleEvents.orderPlaced());

            OrderPlaced placed =
                    decode(ORDERS, "o1", with(PLACED, "fulfilment", "null")).orderPlaced();
            assertThat(placed.fulfilment()).isNull();
            assertThat(
                            decode(ORDERS, "o1", with(PLACED, "fulfilment", "\"PARTIAL\""))
                                    .orderPlaced()
                                    .fulfilment())
                    .isEqualTo(Fulfilment.PARTIAL);
            assertThat(
                            decode(ORDERS, "o1", with(CANCELLED, "reason", "null"))
                                    .orderCancelled()
                                    .reason())
                    .isNull();
            assertThat(
                            decode(ORDERS, "o1", with(CANCELLED, "reason", null))
                                    .orderCancelled()
                                    .reason())
                    .isNull();
        }

        @Test
        void acceptsLimitsExactly() {
            String id128 = "\uD83D\uDE00".repeat(128); // 128 code points, 256 UTF-16 chars
            String limits =
                    with(
                            with(
                                    with(
                                            with(
                                                    with(
                                                            with(PLACED, "eventId", quoted(id128)),
                                                            "orderId",
                                                            quoted("o".repeat(128))),
                                                    "lines[0].sku",
                                                    quoted("\u00e9".repeat(64))),
                                            "lines[0].quantity",
                                            "1000000"),
                                    "lines[0].unitPrice",
                                    "1000000000000"),
                            "lines[1].unitPrice",
                            "0");
            OrderPlaced placed = decode(ORDERS, null, limits).orderPlaced();
            assertThat(placed).isNotNull();
            assertThat(placed.eventId()).isEqualTo(id128);
            assertThat(placed.total()).isEqualTo(1_000_000L * 1_000_000_000_000L);

            List<String> hundred = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                hundred.add("{\"sku\":\"s" + i + "\",\"quantity\":1,\"unitPrice\":1}");
            }
            String manyLines = with(PLACED, "lines", "[" + String.join(",", hundred) + "]");
            assertThat(decode(ORDERS, "o1", manyLines).orderPlaced().lines()).hasSize(100);

            assertThat(
                            decode(INVENTORY, "A", with(RECEIVED, "quantity", "1000000000"))
                                    .stockReceived()
                                    .quantity())
                    .isEqualTo(1_000_000_000L);
            assertThat(
                            decode(INVENTORY, "A", with(COUNTED, "available", "1000000000000"))
                                    .stockCounted()
                                    .available())
                    .isEqualTo(1_000_000_000_000L);
            assertThat(
                            decode(INVENTORY, "A", with(COUNTED, "available", "-0"))
                                    .stockCounted()
                                    .available())
                    .isZero();
        }

        @Test
        void acceptsAnyFractionDigitsAndTruncatesToMillis() {
            OrderCancelled cancelled =
                    decode(
                                    ORDERS,
                                    "o1",
                                    with(
                                            CANCELLED,
                                            "occurredAt",
                                            "\"2026-11-26T10:15:30.123999999Z\""))
                            .orderCancelled();
            assertThat(cancelled.occurredAt()).isEqualTo(SampleEvents.PLACED_AT);
            OrderCancelled whole =
                    decode(ORDERS, "o1", with(CANCELLED, "occurredAt", "\"2026-11-26T10:15:30Z\""))
                            .orderCancelled();
            assertThat(whole.occurredAt()).isEqualTo(SampleEvents.PLACED_AT - 123);
        }

        @Test
        void totalMayReachLongMaxValueButNotBeyond() {
            // Nine lines of 10^18, then two lines that make the total exactly Long.MAX_VALUE.
            long rest = Long.MAX_VALUE - 9 * 1_000_000_000_000_000_000L;
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                lines.add(
                        "{\"sku\":\"s"
                                + i
                                + "\",\"quantity\":1000000,\"unitPrice\":1000000000000}");
            }
            lines.add(
                    "{\"sku\":\"big\",\"quantity\":1000000,\"unitPrice\":"
                            + rest / 1_000_000
                            + "}");
            lines.add("{\"sku\":\"last\",\"quantity\":1,\"unitPrice\":" + rest % 1_000_000 + "}");
            String atMax = with(PLACED, "lines", "[" + String.join(",", lines) + "]");
            assertThat(decode(ORDERS, "o1", atMax).orderPlaced().total()).isEqualTo(Long.MAX_VALUE);

            lines.set(
                    10,
                    "{\"sku\":\"last\",\"quantity\":1,\"unitPrice\":"
                            + (rest % 1_000_000 + 1)
                            + "}");
            DeadLetter letter =
                    deadLetter(
                            ORDERS,
                            "o1",
                            with(PLACED, "lines", "[" + String.join(",", lines) + "]"));
            assertThat(letter.reason()).isEqualTo(SCHEMA_VIOLATION);
            assertThat(letter.detail()).startsWith("lines total").contains("lines[10]");
        }

        @Test
        void keyMustMatchOrderIdOrSkuWhenPresent() {
            assertThat(decode(ORDERS, null, PLACED).isDeadLetter()).isFalse();
            assertThat(decode(ORDERS, "o1", CANCELLED).isDeadLetter()).isFalse();
            DeadLetter orders = deadLetter(ORDERS, "o2", CANCELLED);
            assertThat(orders.reason()).isEqualTo(KEY_MISMATCH);
            assertThat(orders.detail())
                    .isEqualTo(
                            "orderId \"o1\" differs from the Kafka key \"o2\";"
                                    + " records on this topic must be keyed by orderId");
            DeadLetter inventory = deadLetter(INVENTORY, "B", RECEIVED);
            assertThat(inventory.reason()).isEqualTo(KEY_MISMATCH);
            assertThat(inventory.detail()).contains("sku");
            assertThat(deadLetter(INVENTORY, "", COUNTED).reason()).isEqualTo(KEY_MISMATCH);
        }

        @Test
        void checksReasonsInContractOrder() {
            EventCodec small = new EventCodec(40);
            assertThat(
                            small.decode(ORDERS, origin(ORDERS, "x", "{" + " ".repeat(40)))
                                    .deadLetter()
                                    .reason())
                    .as("TOO_LARGE before MALFORMED_JSON")
                    .isEqualTo(TOO_LARGE);
            assertThat(
                            small.decode(ORDERS, origin(ORDERS, "x", "x".repeat(40)))
                                    .deadLetter()
                                    .reason())
                    .as("exactly the limit is not too large")
                    .isEqualTo(MALFORMED_JSON);
            assertThat(deadLetter(ORDERS, "x", "{\"type\":5,\"eventId\":\"e\"").reason())
                    .as("MALFORMED_JSON before a bad type")
                    .isEqualTo(MALFORMED_JSON);
            assertThat(deadLetter(ORDERS, "x", with(PLACED, "type", "5")).reason())
                    .as("non-string type is a SCHEMA_VIOLATION")
                    .isEqualTo(SCHEMA_VIOLATION);
            assertThat(
                            deadLetter(
                                            ORDERS,
                                            "x",
                                            with(with(PLACED, "type", "\"Nope\""), "eventId", "1"))
                                    .reason())
                    .as("UNKNOWN_TYPE before SCHEMA_VIOLATION")
                    .isEqualTo(UNKNOWN_TYPE);
            assertThat(deadLetter(ORDERS, "x", with(PLACED, "eventId", "1")).reason())
                    .as("SCHEMA_VIOLATION before KEY_MISMATCH")
                    .isEqualTo(SCHEMA_VIOLATION);
            String typeLast =
                    "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-26T10:00:00Z\",\"orderId\":\"o1\","
                            + "\"type\":\"OrderCancelled\"}";
            assertThat(decode(ORDERS, "o1", typeLast).orderCancelled()).isNotNull();
        }

        @Test
        void keepsBinaryValuesAsBase64() {
            byte[] value = {'{', (byte) 0xC3, '}'};
            DeadLetter letter = CODEC.decode(ORDERS, origin(ORDERS, "k", value)).deadLetter();
            assertThat(letter.reason()).isEqualTo(MALFORMED_JSON);
            assertThat(letter.detail()).contains("UTF-8").contains("offset 1");
            assertThat(letter.value()).isNull();
            assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(value);
        }

        @Test
        void nullValueIsMalformed() {
            DeadLetter letter =
                    CODEC.decode(ORDERS, origin(ORDERS, "o1", (byte[]) null)).deadLetter();
            assertThat(letter.reason()).isEqualTo(MALFORMED_JSON);
            assertThat(letter.detail()).contains("null");
            assertThat(letter.value()).isNull();
            assertThat(letter.valueBase64()).isNull();
        }

        @Test
        void rejectsJsonInOtherUnicodeEncodings() {
            for (var charset : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
                RecordOrigin origin = origin(ORDERS, "o1", PLACED.getBytes(charset));
                assertThat(CODEC.decode(ORDERS, origin).deadLetter().reason())
                        .as(charset.name())
                        .isEqualTo(MALFORMED_JSON);
            }
        }

        @Test
        void keepsMalformedDetailsShort() {
            String huge = "{\"eventId\":" + "x".repeat(500_000) + "}";
            DeadLetter letter = deadLetter(ORDERS, "o1", huge);
            assertThat(letter.reason()).isEqualTo(MALFORMED_JSON);
            assertThat(letter.detail())
                    .startsWith("value is not valid JSON: ")
                    .hasSizeLessThan(250);
            DeadLetter longString =
                    deadLetter(ORDERS, "o1", with(PLACED, "orderId", quoted("o".repeat(5000))));
            assertThat(longString.detail())
                    .isEqualTo(
                            "orderId must be a string of 1 to 128 characters, was a string of 5000"
                                    + " characters");
        }

        @Test
        void rejectsUnpairedSurrogatesInKeptText() {
            DeadLetter letter =
                    deadLetter(ORDERS, null, with(PLACED, "customerId", "\"c\\ud800\""));
            assertThat(letter.reason()).isEqualTo(SCHEMA_VIOLATION);
            assertThat(letter.detail()).startsWith("customerId must be valid Unicode text");
            DeadLetter reason = deadLetter(ORDERS, null, with(CANCELLED, "reason", "\"\\udc00x\""));
            assertThat(reason.detail()).startsWith("reason must be valid Unicode text");
        }
    }

    static Stream<Arguments> badRecords() {
        String five = "{\"sku\":\"C\",\"quantity\":1,\"unitPrice\":1}";
        List<Arguments> cases = new ArrayList<>();
        // MALFORMED_JSON
        cases.add(bad("not json", ORDERS, "not json", MALFORMED_JSON, "not valid JSON"));
        cases.add(bad("empty value", ORDERS, "", MALFORMED_JSON, "empty"));
        cases.add(bad("blank value", INVENTORY, "  \n", MALFORMED_JSON, "empty"));
        cases.add(
                bad(
                        "array",
                        ORDERS,
                        "[" + PLACED + "]",
                        MALFORMED_JSON,
                        "not a JSON object but an array"));
        cases.add(bad("string", ORDERS, "\"OrderPlaced\"", MALFORMED_JSON, "not a JSON object"));
        cases.add(bad("number", INVENTORY, "42", MALFORMED_JSON, "not a JSON object but 42"));
        cases.add(
                bad(
                        "truncated",
                        ORDERS,
                        PLACED.substring(0, PLACED.length() - 1),
                        MALFORMED_JSON,
                        "value is not valid JSON: Unexpected end-of-input"));
        cases.add(bad("trailing garbage", ORDERS, PLACED + " x", MALFORMED_JSON, "JSON"));
        cases.add(bad("two objects", ORDERS, PLACED + PLACED, MALFORMED_JSON, "more content"));
        cases.add(
                bad(
                        "duplicate key",
                        ORDERS,
                        PLACED.replace("{\"eventId\"", "{\"orderId\":\"o1\",\"eventId\""),
                        MALFORMED_JSON,
                        "Duplicate field 'orderId'"));
        cases.add(
                bad(
                        "duplicate key in a line",
                        ORDERS,
                        PLACED.replace("\"sku\":\"A\"", "\"sku\":\"A\",\"sku\":\"Z\""),
                        MALFORMED_JSON,
                        "'sku'"));
        cases.add(bad("single quotes", ORDERS, PLACED.replace('"', '\''), MALFORMED_JSON, "JSON"));
        cases.add(bad("comment", ORDERS, "/* hi */" + PLACED, MALFORMED_JSON, "JSON"));
        cases.add(
                bad(
                        "leading zero",
                        INVENTORY,
                        with(RECEIVED, "quantity", "05"),
                        MALFORMED_JSON,
                        "JSON"));
        cases.add(bad("NaN", INVENTORY, with(RECEIVED, "quantity", "NaN"), MALFORMED_JSON, "JSON"));
        cases.add(
                bad(
                        "raw control char",
                        ORDERS,
                        with(PLACED, "orderId", "\"o\u00011\""),
                        MALFORMED_JSON,
                        "JSON"));
        cases.add(bad("NUL byte", ORDERS, "\u0000" + PLACED, MALFORMED_JSON, "NUL"));
        // type
        cases.add(
                bad(
                        "type missing",
                        ORDERS,
                        with(PLACED, "type", null),
                        SCHEMA_VIOLATION,
                        "type is missing"));
        cases.add(
                bad(
                        "type null",
                        ORDERS,
                        with(PLACED, "type", "null"),
                        SCHEMA_VIOLATION,
                        "type must be a string naming the event type, was null"));
        cases.add(
                bad(
                        "type number",
                        ORDERS,
                        with(PLACED, "type", "7"),
                        SCHEMA_VIOLATION,
                        "type must be a string"));
        cases.add(
                bad(
                        "type object",
                        INVENTORY,
                        with(RECEIVED, "type", "{}"),
                        SCHEMA_VIOLATION,
                        "type"));
        cases.add(
                bad(
                        "unknown type",
                        ORDERS,
                        with(PLACED, "type", "\"OrderShipped\""),
                        UNKNOWN_TYPE,
                        "type \"OrderShipped\" is not an event type of topic orders"));
        cases.add(
                bad(
                        "inventory type on orders",
                        ORDERS,
                        RECEIVED,
                        UNKNOWN_TYPE,
                        "type \"StockReceived\" does not belong on topic orders"));
        cases.add(
                bad(
                        "orders type on inventory",
                        INVENTORY,
                        PLACED,
                        UNKNOWN_TYPE,
                        "type \"OrderPlaced\" does not belong on topic inventory"));
        cases.add(
                bad(
                        "output type on orders",
                        ORDERS,
                        text(CODEC.encode(SampleEvents.orderConfirmed())),
                        UNKNOWN_TYPE,
                        "does not belong"));
        cases.add(
                bad(
                        "type in lower case",
                        ORDERS,
                        with(PLACED, "type", "\"orderplaced\""),
                        UNKNOWN_TYPE,
                        "orderplaced"));
        // common fields
        cases.add(
                bad(
                        "eventId missing",
                        ORDERS,
                        with(PLACED, "eventId", null),
                        SCHEMA_VIOLATION,
                        "eventId is missing"));
        cases.add(
                bad(
                        "eventId empty",
                        ORDERS,
                        with(PLACED, "eventId", "\"\""),
                        SCHEMA_VIOLATION,
                        "eventId must be a string of 1 to 128 characters, was \"\""));
        cases.add(
                bad(
                        "eventId too long",
                        INVENTORY,
                        with(RECEIVED, "eventId", quoted("e".repeat(129))),
                        SCHEMA_VIOLATION,
                        "eventId must be a string of 1 to 128 characters, was a string of 129"));
        cases.add(
                bad(
                        "eventId 129 code points",
                        INVENTORY,
                        with(COUNTED, "eventId", quoted("\uD83D\uDE00".repeat(129))),
                        SCHEMA_VIOLATION,
                        "eventId"));
        cases.add(
                bad(
                        "eventId number",
                        ORDERS,
                        with(CANCELLED, "eventId", "12"),
                        SCHEMA_VIOLATION,
                        "eventId must be a string of 1 to 128 characters, was 12"));
        cases.add(
                bad(
                        "eventId null",
                        ORDERS,
                        with(CANCELLED, "eventId", "null"),
                        SCHEMA_VIOLATION,
                        "eventId must be a string of 1 to 128 characters, was null"));
        cases.add(
                bad(
                        "occurredAt missing",
                        ORDERS,
                        with(PLACED, "occurredAt", null),
                        SCHEMA_VIOLATION,
                        "occurredAt is missing"));
        cases.add(
                bad(
                        "occurredAt number",
                        INVENTORY,
                        with(RECEIVED, "occurredAt", "1764152130123"),
                        SCHEMA_VIOLATION,
                        "occurredAt must be an ISO-8601 UTC instant"));
        cases.add(
                bad(
                        "occurredAt with offset",
                        ORDERS,
                        with(CANCELLED, "occurredAt", "\"2026-11-26T10:15:30+01:00\""),
                        SCHEMA_VIOLATION,
                        "occurredAt must be an ISO-8601 UTC instant"));
        cases.add(
                bad(
                        "occurredAt ten fraction digits",
                        ORDERS,
                        with(CANCELLED, "occurredAt", "\"2026-11-26T10:15:30.1234567890Z\""),
                        SCHEMA_VIOLATION,
                        "occurredAt"));
        cases.add(
                bad(
                        "occurredAt date only",
                        INVENTORY,
                        with(COUNTED, "occurredAt", "\"2026-11-26\""),
                        SCHEMA_VIOLATION,
                        "occurredAt"));
        cases.add(
                bad(
                        "occurredAt lower-case z",
                        INVENTORY,
                        with(COUNTED, "occurredAt", "\"2026-11-26T10:15:30z\""),
                        SCHEMA_VIOLATION,
                        "occurredAt"));
        cases.add(
                bad(
                        "occurredAt February 30",
                        ORDERS,
                        with(PLACED, "occurredAt", "\"2026-02-30T10:15:30Z\""),
                        SCHEMA_VIOLATION,
                        "occurredAt must be a real date and time, was \"2026-02-30T10:15:30Z\""));
        cases.add(
                bad(
                        "occurredAt hour 24",
                        ORDERS,
                        with(PLACED, "occurredAt", "\"2026-11-26T24:00:00Z\""),
                        SCHEMA_VIOLATION,
                        "occurredAt must be a real date and time"));
        // OrderPlaced
        cases.add(
                bad(
                        "orderId missing",
                        ORDERS,
                        with(PLACED, "orderId", null),
                        SCHEMA_VIOLATION,
                        "orderId is missing"));
        cases.add(
                bad(
                        "orderId too long",
                        ORDERS,
                        with(PLACED, "orderId", quoted("o".repeat(129))),
                        SCHEMA_VIOLATION,
                        "orderId"));
        cases.add(
                bad(
                        "orderId array",
                        ORDERS,
                        with(PLACED, "orderId", "[\"o1\"]"),
                        SCHEMA_VIOLATION,
                        "orderId must be a string of 1 to 128 characters, was an array"));
        cases.add(
                bad(
                        "customerId missing",
                        ORDERS,
                        with(PLACED, "customerId", null),
                        SCHEMA_VIOLATION,
                        "customerId is missing"));
        cases.add(
                bad(
                        "customerId empty",
                        ORDERS,
                        with(PLACED, "customerId", "\"\""),
                        SCHEMA_VIOLATION,
                        "customerId"));
        cases.add(
                bad(
                        "customerId boolean",
                        ORDERS,
                        with(PLACED, "customerId", "true"),
                        SCHEMA_VIOLATION,
                        "customerId must be a string of 1 to 128 characters, was true"));
        cases.add(
                bad(
                        "currency missing",
                        ORDERS,
                        with(PLACED, "currency", null),
                        SCHEMA_VIOLATION,
                        "currency is missing"));
        cases.add(
                bad(
                        "currency lower case",
                        ORDERS,
                        with(PLACED, "currency", "\"eur\""),
                        SCHEMA_VIOLATION,
                        "currency must be three capital letters [A-Z]{3} (ISO 4217), was \"eur\""));
        cases.add(
                bad(
                        "currency four letters",
                        ORDERS,
                        with(PLACED, "currency", "\"EURO\""),
                        SCHEMA_VIOLATION,
                        "currency"));
        cases.add(
                bad(
                        "currency accented",
                        ORDERS,
                        with(PLACED, "currency", "\"\u00c9UR\""),
                        SCHEMA_VIOLATION,
                        "currency"));
        cases.add(
                bad(
                        "currency number",
                        ORDERS,
                        with(PLACED, "currency", "978"),
                        SCHEMA_VIOLATION,
                        "currency must be three capital letters [A-Z]{3} (ISO 4217), was 978"));
        cases.add(
                bad(
                        "fulfilment unknown",
                        ORDERS,
                        with(PLACED, "fulfilment", "\"FULL\""),
                        SCHEMA_VIOLATION,
                        "fulfilment must be PARTIAL or BACKORDER when given, was \"FULL\""));
        cases.add(
                bad(
                        "fulfilment lower case",
                        ORDERS,
                        with(PLACED, "fulfilment", "\"partial\""),
                        SCHEMA_VIOLATION,
                        "fulfilment"));
        cases.add(
                bad(
                        "fulfilment number",
                        ORDERS,
                        with(PLACED, "fulfilment", "1"),
                        SCHEMA_VIOLATION,
                        "fulfilment"));
        cases.add(
                bad(
                        "lines missing",
                        ORDERS,
                        with(PLACED, "lines", null),
                        SCHEMA_VIOLATION,
                        "lines is missing"));
        cases.add(
                bad(
                        "lines null",
                        ORDERS,
                        with(PLACED, "lines", "null"),
                        SCHEMA_VIOLATION,
                        "lines must be an array of 1 to 100 line objects, was null"));
        cases.add(
                bad(
                        "lines empty",
                        ORDERS,
                        with(PLACED, "lines", "[]"),
                        SCHEMA_VIOLATION,
                        "lines must be an array of 1 to 100 line objects, had 0"));
        cases.add(
                bad(
                        "lines 101",
                        ORDERS,
                        with(PLACED, "lines", manyLines(101)),
                        SCHEMA_VIOLATION,
                        "lines must be an array of 1 to 100 line objects, had 101"));
        cases.add(
                bad(
                        "lines 5000",
                        ORDERS,
                        with(PLACED, "lines", manyLines(5000)),
                        SCHEMA_VIOLATION,
                        "had 5000"));
        cases.add(
                bad(
                        "lines object",
                        ORDERS,
                        with(PLACED, "lines", five),
                        SCHEMA_VIOLATION,
                        "lines must be an array of 1 to 100 line objects, was an object"));
        cases.add(
                bad(
                        "line not an object",
                        ORDERS,
                        with(PLACED, "lines[1]", "\"B\""),
                        SCHEMA_VIOLATION,
                        "lines[1] must be an object {sku, quantity, unitPrice}, was \"B\""));
        cases.add(
                bad(
                        "sku missing",
                        ORDERS,
                        with(PLACED, "lines[1].sku", null),
                        SCHEMA_VIOLATION,
                        "lines[1].sku is missing"));
        cases.add(
                bad(
                        "sku empty",
                        ORDERS,
                        with(PLACED, "lines[0].sku", "\"\""),
                        SCHEMA_VIOLATION,
                        "lines[0].sku must be a string of 1 to 64 characters"));
        cases.add(
                bad(
                        "sku 65 chars",
                        ORDERS,
                        with(PLACED, "lines[0].sku", quoted("s".repeat(65))),
                        SCHEMA_VIOLATION,
                        "lines[0].sku must be a string of 1 to 64 characters, was a string of 65"));
        cases.add(
                bad(
                        "sku number",
                        ORDERS,
                        with(PLACED, "lines[0].sku", "7"),
                        SCHEMA_VIOLATION,
                        "lines[0].sku"));
        cases.add(
                bad(
                        "sku twice",
                        ORDERS,
                        with(PLACED, "lines[1].sku", "\"A\""),
                        SCHEMA_VIOLATION,
                        "lines[1].sku must not repeat a sku of the same order, was \"A\" as in"
                                + " lines[0]"));
        cases.add(
                bad(
                        "quantity missing",
                        ORDERS,
                        with(PLACED, "lines[0].quantity", null),
                        SCHEMA_VIOLATION,
                        "lines[0].quantity is missing"));
        cases.add(
                bad(
                        "quantity zero",
                        ORDERS,
                        with(PLACED, "lines[1].quantity", "0"),
                        SCHEMA_VIOLATION,
                        "lines[1].quantity must be an integer from 1 to 1000000, was 0"));
        cases.add(
                bad(
                        "quantity above max",
                        ORDERS,
                        with(PLACED, "lines[0].quantity", "1000001"),
                        SCHEMA_VIOLATION,
                        "lines[0].quantity"));
        cases.add(
                bad(
                        "quantity 2.0",
                        ORDERS,
                        with(PLACED, "lines[0].quantity", "2.0"),
                        SCHEMA_VIOLATION,
                        "lines[0].quantity must be an integer from 1 to 1000000, was 2.0"));
        cases.add(
                bad(
                        "quantity 1e3",
                        ORDERS,
                        with(PLACED, "lines[0].quantity", "1e3"),
                        SCHEMA_VIOLATION,
                        "lines[0].quantity must be an integer from 1 to 1000000, was 1e3"));
        cases.add(
                bad(
                        "quantity string",
                        ORDERS,
                        with(PLACED, "lines[0].quantity", "\"2\""),
                        SCHEMA_VIOLATION,
                        "lines[0].quantity must be an integer from 1 to 1000000, was \"2\""));
        cases.add(
                bad(
                        "quantity boolean",
                        ORDERS,
                        with(PLACED, "lines[0].quantity", "true"),
                        SCHEMA_VIOLATION,
                        "lines[0].quantity"));
        cases.add(
                bad(
                        "quantity null",
                        ORDERS,
                        with(PLACED, "lines[0].quantity", "null"),
                        SCHEMA_VIOLATION,
                        "lines[0].quantity"));
        cases.add(
                bad(
                        "quantity beyond long",
                        ORDERS,
                        with(PLACED, "lines[0].quantity", "99999999999999999999"),
                        SCHEMA_VIOLATION,
                        "was 99999999999999999999"));
        cases.add(
                bad(
                        "unitPrice negative",
                        ORDERS,
                        with(PLACED, "lines[1].unitPrice", "-1"),
                        SCHEMA_VIOLATION,
                        "lines[1].unitPrice must be an integer from 0 to 1000000000000, was -1"));
        cases.add(
                bad(
                        "unitPrice above max",
                        ORDERS,
                        with(PLACED, "lines[1].unitPrice", "1000000000001"),
                        SCHEMA_VIOLATION,
                        "lines[1].unitPrice"));
        cases.add(
                bad(
                        "unitPrice fraction",
                        ORDERS,
                        with(PLACED, "lines[1].unitPrice", "19.99"),
                        SCHEMA_VIOLATION,
                        "lines[1].unitPrice"));
        cases.add(
                bad(
                        "unitPrice missing",
                        ORDERS,
                        with(PLACED, "lines[1].unitPrice", null),
                        SCHEMA_VIOLATION,
                        "lines[1].unitPrice is missing"));
        cases.add(
                bad(
                        "total overflows",
                        ORDERS,
                        with(PLACED, "lines", hugeLines(10)),
                        SCHEMA_VIOLATION,
                        "lines total (sum of quantity*unitPrice) must fit in a signed 64-bit"
                                + " integer"));
        // OrderCancelled
        cases.add(
                bad(
                        "cancel orderId missing",
                        ORDERS,
                        with(CANCELLED, "orderId", null),
                        SCHEMA_VIOLATION,
                        "orderId is missing"));
        cases.add(
                bad(
                        "cancel reason number",
                        ORDERS,
                        with(CANCELLED, "reason", "5"),
                        SCHEMA_VIOLATION,
                        "reason must be a string when given, was 5"));
        // StockReceived
        cases.add(
                bad(
                        "received sku missing",
                        INVENTORY,
                        with(RECEIVED, "sku", null),
                        SCHEMA_VIOLATION,
                        "sku is missing"));
        cases.add(
                bad(
                        "received sku 65 chars",
                        INVENTORY,
                        with(RECEIVED, "sku", quoted("s".repeat(65))),
                        SCHEMA_VIOLATION,
                        "sku must be a string of 1 to 64 characters"));
        cases.add(
                bad(
                        "received quantity zero",
                        INVENTORY,
                        with(RECEIVED, "quantity", "0"),
                        SCHEMA_VIOLATION,
                        "quantity must be an integer from 1 to 1000000000, was 0"));
        cases.add(
                bad(
                        "received quantity above max",
                        INVENTORY,
                        with(RECEIVED, "quantity", "1000000001"),
                        SCHEMA_VIOLATION,
                        "quantity"));
        cases.add(
                bad(
                        "received quantity missing",
                        INVENTORY,
                        with(RECEIVED, "quantity", null),
                        SCHEMA_VIOLATION,
                        "quantity is missing"));
        // StockCounted
        cases.add(
                bad(
                        "counted available negative",
                        INVENTORY,
                        with(COUNTED, "available", "-1"),
                        SCHEMA_VIOLATION,
                        "available must be an integer from 0 to 1000000000000, was -1"));
        cases.add(
                bad(
                        "counted available above max",
                        INVENTORY,
                        with(COUNTED, "available", "1000000000001"),
                        SCHEMA_VIOLATION,
                        "available"));
        cases.add(
                bad(
                        "counted available string",
                        INVENTORY,
                        with(COUNTED, "available", "\"5\""),
                        SCHEMA_VIOLATION,
                        "available"));
        cases.add(
                bad(
                        "counted available missing",
                        INVENTORY,
                        with(COUNTED, "available", null),
                        SCHEMA_VIOLATION,
                        "available is missing"));
        return cases.stream();
    }

    private static Arguments bad(
            String name, InputKind kind, String json, DeadLetterReason reason, String detailPart) {
        return Arguments.of(name, kind, null, json, reason, detailPart);
    }

    static String manyLines(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("{\"sku\":\"s" + i + "\",\"quantity\":1,\"unitPrice\":1}");
        }
        return "[" + String.join(",", lines) + "]";
    }

    /** Lines of 10^18 each: ten of them overflow a signed 64-bit total. */
    static String hugeLines(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("{\"sku\":\"s" + i + "\",\"quantity\":1000000,\"unitPrice\":1000000000000}");
        }
        return "[" + String.join(",", lines) + "]";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Nested
    class ContractExamplesAgree {

        @TestFactory
        Stream<DynamicTest> inputsDecodeAsTheExamplesExpect() {
            return ContractExamples.all().stream()
                    .map(example -> dynamicTest(example.name(), () -> checkInputs(example)));
        }

        @TestFactory
        Stream<DynamicTest> expectedOutputsEncodeFieldForField() {
            return ContractExamples.all().stream()
                    .map(example -> dynamicTest(example.name(), () -> checkOutputs(example)));
        }

        @Test
        void badRecordsExampleGivesTheListedReasons() {
            ContractExamples.Example bad =
                    ContractExamples.all().stream()
                            .filter(e -> e.name().equals("12-bad-records.json"))
                            .findFirst()
                            .orElseThrow();
            List<DeadLetterReason> reasons = new ArrayList<>();
            for (JsonNode input : bad.root().get("inputs")) {
                InputRecord record = decodeInput(input);
                if (record.isDeadLetter()) {
                    reasons.add(record.deadLetter().reason());
                }
            }
            assertThat(reasons)
                    .containsExactly(MALFORMED_JSON, UNKNOWN_TYPE, KEY_MISMATCH, SCHEMA_VIOLATION);
        }

        private InputRecord decodeInput(JsonNode input) {
            InputKind kind = SampleEvents.kindOfTopic(input.get("topic").asText());
            String key = input.get("key").isNull() ? null : input.get("key").asText();
            return CODEC.decode(kind, origin(kind, key, input.get("value").asText()));
        }

        private void checkInputs(ContractExamples.Example example) {
            JsonNode deadLetters = example.root().get("expected").get("dead-letters");
            int dead = 0;
            for (JsonNode input : example.root().get("inputs")) {
                String value = input.get("value").asText();
                List<String> expected = codecReasonsFor(deadLetters, value);
                InputRecord record = decodeInput(input);
                if (expected.isEmpty()) {
                    assertThat(record.isDeadLetter())
                            .as(
                                    "%s: %s decodes to an event, but: %s",
                                    example,
                                    value,
                                    record.isDeadLetter() ? record.deadLetter().detail() : "")
                            .isFalse();
                } else {
                    dead++;
                    assertThat(record.isDeadLetter()).as("%s: %s is dead", example, value).isTrue();
                    assertThat(record.deadLetter().reason().name())
                            .as("%s: %s", example, value)
                            .isIn(expected);
                    assertThat(record.deadLetter().detail()).isNotBlank();
                }
            }
            long codecDead = 0;
            for (JsonNode letter : deadLetters) {
                if (!codecReasonsFor(deadLetters, letter.get("value").asText()).isEmpty()) {
                    codecDead++;
                }
            }
            assertThat(dead).as("%s dead letters from the codec", example).isEqualTo(codecDead);
        }

        /** The listed reasons (one, or a list of defensible ones) that the codec gives. */
        private List<String> codecReasonsFor(JsonNode deadLetters, String value) {
            List<String> reasons = new ArrayList<>();
            for (JsonNode letter : deadLetters) {
                if (letter.get("value").asText().equals(value)) {
                    JsonNode reason = letter.get("reason");
                    if (reason.isArray()) {
                        reason.forEach(r -> reasons.add(r.asText()));
                    } else {
                        reasons.add(reason.asText());
                    }
                }
            }
            reasons.retainAll(CODEC_REASONS);
            return reasons;
        }

        private void checkOutputs(ContractExamples.Example example) {
            JsonNode expected = example.root().get("expected");
            for (JsonNode confirmation : expected.get("order-confirmations")) {
                OrderConfirmed parsed =
                        CODEC.decodeConfirmation(utf8(JsonEdits.write(confirmation)));
                byte[] encoded = CODEC.encode(parsed);
                assertThat(tree(encoded))
                        .as("%s: %s", example, text(encoded))
                        .isEqualTo(confirmation);
                assertThat(fieldNames(tree(encoded))).startsWith("eventId", "type", "occurredAt");
                assertThat(parsed.amount())
                        .isEqualTo(parsed.lines().stream().mapToLong(OrderLine::amount).sum());
            }
            for (JsonNode refund : expected.get("refunds")) {
                RefundIssued parsed = CODEC.decodeRefund(utf8(JsonEdits.write(refund)));
                byte[] encoded = CODEC.encode(parsed);
                assertThat(tree(encoded)).as("%s: %s", example, text(encoded)).isEqualTo(refund);
                assertThat(fieldNames(tree(encoded))).startsWith("eventId", "type", "occurredAt");
            }
        }
    }

    @Test
    void encodedInputsOfTheExamplesMatchTheirOriginalsAsTrees() {
        for (ContractExamples.Example example : ContractExamples.all()) {
            for (JsonNode input : example.root().get("inputs")) {
                InputKind kind = SampleEvents.kindOfTopic(input.get("topic").asText());
                String value = input.get("value").asText();
                InputRecord record = CODEC.decode(kind, origin(kind, null, value));
                byte[] encoded = encodeEvent(record);
                if (encoded != null) {
                    assertThat(tree(encoded)).as("%s: %s", example, value).isEqualTo(tree(value));
                }
            }
        }
    }

    private static byte[] encodeEvent(InputRecord record) {
        if (record.orderPlaced() != null) {
            return CODEC.encode(record.orderPlaced());
        }
        if (record.orderCancelled() != null) {
            return CODEC.encode(record.orderCancelled());
        }
        if (record.stockReceived() != null) {
            return CODEC.encode(record.stockReceived());
        }
        if (record.stockCounted() != null) {
            return CODEC.encode(record.stockCounted());
        }
        return null;
    }

    @Test
    void rejectsNonPositiveLimit() {
        assertThatThrownBy(() -> new EventCodec(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new EventCodec().maxRecordBytes())
                .isEqualTo(EventCodec.DEFAULT_MAX_RECORD_BYTES);
    }

    @Test
    void decodesTheSameFromManyThreads() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    for (int i = 0; i < 2000; i++) {
                                        assertThat(decode(ORDERS, "o1", PLACED).orderPlaced())
                                                .isEqualTo(SampleEvents.orderPlaced());
                                        assertThat(text(CODEC.encode(SampleEvents.orderPlaced())))
                                                .isEqualTo(PLACED);
                                    }
                                } catch (Throwable e) {
                                    failures.add(e);
                                }
                            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(java.time.Duration.ofMinutes(1).toMillis());
            assertThat(thread.isAlive()).as("decoding thread done within a minute").isFalse();
        }
        assertThat(failures).isEmpty();
    }
}
