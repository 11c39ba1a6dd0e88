package io.orderflow.schemas.json;

import static io.orderflow.schemas.json.SampleEvents.origin;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.orderflow.schemas.RefundReason;
import io.orderflow.schemas.StockCounted;
import io.orderflow.schemas.StockReceived;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Whatever the bytes, decode gives one InputRecord; whatever the valid event, it round-trips. */
class EventCodecProperties {

    private static final EventCodec CODEC = new EventCodec();
    private static final long FIRST_MILLI = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    private static final long LAST_MILLI = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    /** Fields whose JSON null means "absent", so nulling them keeps the event valid. */
    private static final Set<String> OPTIONAL = Set.of("fulfilment", "reason");

    // ---------------------------------------------------------------- never throws

    @Property(tries = 2000)
    void anyBytesDecodeToOneRecord(
            @ForAll("anyBytes") byte[] value, @ForAll InputKind kind, @ForAll("keys") String key) {
        assertWellFormed(CODEC.decode(kind, origin(kind, key, value)));
    }

    @Property(tries = 3000)
    void mutatedJsonDecodesToOneRecord(
            @ForAll("validInputs") String json,
            @ForAll("mutations") List<Mutation> mutations,
            @ForAll InputKind kind) {
        byte[] bytes = SampleEvents.utf8(json);
        for (Mutation mutation : mutations) {
            bytes = mutation.apply(bytes);
        }
        assertWellFormed(CODEC.decode(kind, origin(kind, null, bytes)));
    }

    @Property(tries = 3000)
    void fieldOfAnotherTypeIsASchemaViolation(
            @ForAll("validInputs") String json,
            @ForAll @IntRange(min = 0, max = 1000) int pick,
            @ForAll("jsonLiterals") String literal) {
        List<String> paths = valuePaths(JsonEdits.tree(json));
        String path = paths.get(pick % paths.size());
        JsonNode original = JsonEdits.tree(json).at(pointer(path));
        String edited = JsonEdits.with(json, path, literal);
        InputKind kind = json.contains("\"type\":\"Order") ? InputKind.ORDERS : InputKind.INVENTORY;
        InputRecord record = CODEC.decode(kind, origin(kind, null, edited));
        assertWellFormed(record);

        String field = path.substring(path.lastIndexOf('.') + 1);
        boolean kindChanged = !kindOf(original).equals(kindOf(JsonEdits.tree(literal)));
        if (path.equals("extra")) {
            assertThat(record.isDeadLetter()).as("unknown field ignored: %s", edited).isFalse();
        } else if (kindChanged && !(OPTIONAL.contains(field) && literal.equals("null"))) {
            assertThat(record.isDeadLetter()).as("%s as %s: %s", path, literal, edited).isTrue();
            assertThat(record.deadLetter().reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
            assertThat(record.deadLetter().detail())
                    .contains(path.startsWith("lines") ? "lines" : path);
        }
    }

    // ---------------------------------------------------------------- round trips

    @Property
    void orderPlacedRoundTrips(@ForAll("orderPlaced") OrderPlaced event) {
        InputRecord record =
                CODEC.decode(
                        InputKind.ORDERS,
                        origin(InputKind.ORDERS, event.orderId(), CODEC.encode(event)));
        assertThat(record.orderPlaced()).isEqualTo(event);
    }

    @Property
    void orderCancelledRoundTrips(@ForAll("orderCancelled") OrderCancelled event) {
        InputRecord record =
                CODEC.decode(
                        InputKind.ORDERS,
                        origin(InputKind.ORDERS, event.orderId(), CODEC.encode(event)));
        assertThat(record.orderCancelled()).isEqualTo(event);
    }

    @Property
    void stockEventsRoundTrip(
            @ForAll("stockReceived") StockReceived received,
            @ForAll("stockCounted") StockCounted counted) {
        InputKind kind = InputKind.INVENTORY;
        assertThat(
                        CODEC.decode(kind, origin(kind, received.sku(), CODEC.encode(received)))
                                .stockReceived())
                .isEqualTo(received);
        assertThat(
                        CODEC.decode(kind, origin(kind, counted.sku(), CODEC.encode(counted)))
                                .stockCounted())
                .isEqualTo(counted);
    }

    @Property
    void outputsRoundTrip(
            @ForAll("orderConfirmed") OrderConfirmed confirmed,
            @ForAll("refundIssued") RefundIssued refund,
            @ForAll("deadLetter") DeadLetter deadLetter) {
        assertThat(CODEC.decodeConfirmation(CODEC.encode(confirmed))).isEqualTo(confirmed);
        assertThat(CODEC.decodeRefund(CODEC.encode(refund))).isEqualTo(refund);
        assertThat(CODEC.decodeDeadLetter(CODEC.encode(deadLetter))).isEqualTo(deadLetter);
    }

    @Property(tries = 5000)
    void instantsFormatLikeJavaTimeAndParseBack(@ForAll("instants") long millis) {
        String text = EventCodec.formatInstant(millis);
        assertThat(text)
                .isEqualTo(
                        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                                .withZone(ZoneOffset.UTC)
                                .format(Instant.ofEpochMilli(millis)));
        assertThat(EventCodec.parseInstant(text)).isEqualTo(millis);
    }

    @Property(tries = 5000)
    void instantsWithAnyFractionTruncateToMillis(
            @ForAll("instants") long millis,
            @ForAll @IntRange(min = 0, max = 999_999) int subMillis,
            @ForAll @IntRange(min = 0, max = 9) int digits) {
        Instant instant = Instant.ofEpochMilli(millis).plusNanos(subMillis);
        String nanos = String.format("%09d", instant.getNano());
        String text =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                                .withZone(ZoneOffset.UTC)
                                .format(instant)
                        + (digits == 0 ? "" : "." + nanos.substring(0, digits))
                        + "Z";
        Instant expected = Instant.parse(text);
        long truncated = expected.getEpochSecond() * 1000 + expected.getNano() / 1_000_000;
        assertThat(EventCodec.parseInstant(text)).as(text).isEqualTo(truncated);
    }

    @Property(tries = 5000)
    void utf8CheckAgreesWithTheJdkDecoder(@ForAll("utf8ish") byte[] bytes) {
        assertThat(Utf8.firstInvalid(bytes) < 0).isEqualTo(DeadLetter.utf8OrNull(bytes) != null);
    }

    // ---------------------------------------------------------------- checks

    /** One of the five outcomes; a dead letter explains itself and survives its own encoding. */
    private static void assertWellFormed(InputRecord record) {
        assertThat(record).isNotNull();
        long set =
                java.util.stream.Stream.of(
                                record.orderPlaced(),
                                record.orderCancelled(),
                                record.stockReceived(),
                                record.stockCounted(),
                                record.deadLetter())
                        .filter(Objects::nonNull)
                        .count();
        assertThat(set).isEqualTo(1);
        assertThat(record.origin() != null).isEqualTo(record.orderPlaced() != null);
        if (record.isDeadLetter()) {
            DeadLetter letter = record.deadLetter();
            assertThat(letter.reason()).isNotNull();
            assertThat(letter.detail()).isNotBlank().doesNotContain("internal error");
            assertThat(letter.detail().length()).isLessThan(400);
            assertThat(CODEC.decodeDeadLetter(CODEC.encode(letter))).isEqualTo(letter);
        } else {
            // An accepted input re-encodes to an equal event.
            InputKind kind =
                    record.orderPlaced() != null || record.orderCancelled() != null
                            ? InputKind.ORDERS
                            : InputKind.INVENTORY;
            byte[] again =
                    record.orderPlaced() != null
                            ? CODEC.encode(record.orderPlaced())
                            : record.orderCancelled() != null
                                    ? CODEC.encode(record.orderCancelled())
                                    : record.stockReceived() != null
                                            ? CODEC.encode(record.stockReceived())
                                            : CODEC.encode(record.stockCounted());
            InputRecord decoded = CODEC.decode(kind, origin(kind, null, again));
            assertThat(decoded.orderPlaced()).isEqualTo(record.orderPlaced());
            assertThat(decoded.orderCancelled()).isEqualTo(record.orderCancelled());
            assertThat(decoded.stockReceived()).isEqualTo(record.stockReceived());
            assertThat(decoded.stockCounted()).isEqualTo(record.stockCounted());
        }
    }

    /** Every value in the event as a path: top-level fields, lines, lines[i], lines[i].field. */
    private static List<String> valuePaths(JsonNode root) {
        List<String> paths = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            paths.add(field.getKey());
            if (field.getKey().equals("lines")) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    paths.add("lines[" + i + "]");
                    for (Iterator<String> names = field.getValue().get(i).fieldNames();
                            names.hasNext(); ) {
                        paths.add("lines[" + i + "]." + names.next());
                    }
                }
            }
        }
        return paths;
    }

    private static String pointer(String path) {
        return "/" + path.replace("[", "/").replace("]", "").replace('.', '/');
    }

    /** JSON kinds as the contract sees them: integers and other numbers differ. */
    private static String kindOf(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "integer";
        }
        return node.getNodeType().name();
    }

    // ---------------------------------------------------------------- generators

    /** A change to the bytes of a record: what a broken producer or a bad network might do. */
    record Mutation(int kind, double where, byte with) {
        byte[] apply(byte[] bytes) {
            if (bytes.length == 0) {
                return new byte[] {with};
            }
            int at = (int) (where * bytes.length);
            byte[] out;
            switch (kind) {
                case 0 -> { // drop a byte
                    out = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, out, 0, at);
                    System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
                }
                case 1 -> { // repeat a byte
                    out = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, out, 0, at + 1);
                    System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
                }
                case 2 -> { // insert a byte
                    out = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, out, 0, at);
                    out[at] = with;
                    System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
                }
                default -> { // change a byte
                    out = bytes.clone();
                    out[at] = with;
                }
            }
            return out;
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Byte> interesting =
                Arbitraries.of(
                        (byte) '{',
                        (byte) '}',
                        (byte) '[',
                        (byte) ']',
                        (byte) '"',
                        (byte) ':',
                        (byte) ',',
                        (byte) '\\',
                        (byte) '-',
                        (byte) '.',
                        (byte) 'e',
                        (byte) '0',
                        (byte) '9',
                        (byte) ' ',
                        (byte) 'n',
                        (byte) 't',
                        (byte) 'A',
                        (byte) 0,
                        (byte) 0x1F,
                        (byte) 0x80,
                        (byte) 0xC3,
                        (byte) 0xE2,
                        (byte) 0xED,
                        (byte) 0xF0,
                        (byte) 0xFF);
        Arbitrary<Byte> bytes =
                Arbitraries.frequencyOf(
                        List.of(Tuple.of(4, interesting), Tuple.of(1, Arbitraries.bytes())));
        Arbitrary<Mutation> mutation =
                Combinators.combine(
                                Arbitraries.integers().between(0, 3),
                                Arbitraries.doubles().between(0, 1).filter(d -> d < 1),
                                bytes)
                        .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(
                List.of(
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                        utf8ish(),
                        text(0, 60).map(SampleEvents::utf8)));
    }

    /** Bytes near the edges of UTF-8: lead bytes with good, bad and missing continuations. */
    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<Byte> piece =
                Arbitraries.frequencyOf(
                        List.of(
                                Tuple.of(3, Arbitraries.bytes().between((byte) 0x20, (byte) 0x7E)),
                                Tuple.of(3, Arbitraries.bytes().between((byte) 0x80, (byte) 0xBF)),
                                Tuple.of(
                                        2,
                                        Arbitraries.of(
                                                (byte) 0xC0,
                                                (byte) 0xC1,
                                                (byte) 0xC2,
                                                (byte) 0xDF,
                                                (byte) 0xE0,
                                                (byte) 0xED,
                                                (byte) 0xEF,
                                                (byte) 0xF0,
                                                (byte) 0xF4,
                                                (byte) 0xF5,
                                                (byte) 0xFF,
                                                (byte) 0x9F,
                                                (byte) 0xA0,
                                                (byte) 0x8F,
                                                (byte) 0x90))));
        return piece.list()
                .ofMaxSize(12)
                .map(
                        list -> {
                            byte[] out = new byte[list.size()];
                            for (int i = 0; i < out.length; i++) {
                                out[i] = list.get(i);
                            }
                            return out;
                        });
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("o1", "A", "").injectNull(0.5);
    }

    @Provide
    Arbitrary<String> jsonLiterals() {
        Arbitrary<String> fixed =
                Arbitraries.of(
                        "null",
                        "true",
                        "false",
                        "0",
                        "-1",
                        "2.0",
                        "1e3",
                        "-0",
                        "99999999999999999999",
                        "1000000000001",
                        "\"\"",
                        "\"x\"",
                        "\"OrderPlaced\"",
                        "\"StockCounted\"",
                        "\"EUR\"",
                        "\"PARTIAL\"",
                        "\"2026-11-26T10:00:00Z\"",
                        "[]",
                        "[1]",
                        "{}",
                        "{\"sku\":\"A\"}");
        Arbitrary<String> numbers = Arbitraries.longs().map(String::valueOf);
        Arbitrary<String> strings = text(0, 10).map(JsonEdits::quoted);
        return Arbitraries.frequencyOf(
                List.of(Tuple.of(4, fixed), Tuple.of(1, numbers), Tuple.of(1, strings)));
    }

    /** Valid input events as JSON, with an unknown extra field. */
    @Provide
    Arbitrary<String> validInputs() {
        Arbitrary<String> extra =
                Arbitraries.of("1", "\"x\"", "[1,{\"a\":null}]", "{\"eventId\":5}");
        Arbitrary<byte[]> event =
                Arbitraries.oneOf(
                        List.of(
                                orderPlaced().map(CODEC::encode),
                                orderCancelled().map(CODEC::encode),
                                stockReceived().map(CODEC::encode),
                                stockCounted().map(CODEC::encode)));
        return Combinators.combine(event, extra)
                .as((bytes, value) -> JsonEdits.with(SampleEvents.text(bytes), "extra", value));
    }

    /**
     * occurredAt of an input event: the contract allows 1970-01-01T00:00:00Z to
     * 9999-12-31T23:59:59.999Z.
     */
    Arbitrary<Long> eventInstants() {
        return Arbitraries.longs()
                .between(0, LAST_MILLI)
                .edgeCases(edges -> edges.add(0L, LAST_MILLI));
    }

    @Provide
    Arbitrary<Long> instants() {
        return Arbitraries.longs()
                .between(FIRST_MILLI, LAST_MILLI)
                .edgeCases(edges -> edges.add(0L, -1L, FIRST_MILLI, LAST_MILLI));
    }

    @Provide
    Arbitrary<OrderPlaced> orderPlaced() {
        return Combinators.combine(
                        text(1, 128),
                        eventInstants(),
                        text(1, 128),
                        text(1, 128),
                        currencies(),
                        Arbitraries.of(Fulfilment.class).injectNull(0.3),
                        lines())
                .as(OrderPlaced::new);
    }

    @Provide
    Arbitrary<OrderCancelled> orderCancelled() {
        return Combinators.combine(
                        text(1, 128), eventInstants(), text(1, 128), text(0, 200).injectNull(0.3))
                .as(OrderCancelled::new);
    }

    @Provide
    Arbitrary<StockReceived> stockReceived() {
        return Combinators.combine(
                        text(1, 128),
                        eventInstants(),
                        text(1, 64),
                        Arbitraries.longs().between(1, 1_000_000_000L))
                .as(StockReceived::new);
    }

    @Provide
    Arbitrary<StockCounted> stockCounted() {
        return Combinators.combine(
                        text(1, 128),
                        eventInstants(),
                        text(1, 64),
                        Arbitraries.longs().between(0, 1_000_000_000_000L))
                .as(StockCounted::new);
    }

    @Provide
    Arbitrary<OrderConfirmed> orderConfirmed() {
        return Combinators.combine(
                        text(1, 128),
                        eventInstants(),
                        text(1, 128),
                        currencies(),
                        lines(),
                        Arbitraries.of(true, false),
                        text(1, 128))
                .as(
                        (orderId, at, customerId, currency, lines, backordered, causationId) ->
                                new OrderConfirmed(
                                        OrderConfirmed.eventIdFor(orderId),
                                        at,
                                        orderId,
                                        customerId,
                                        currency,
                                        lines,
                                        total(lines),
                                        backordered,
                                        causationId));
    }

    @Provide
    Arbitrary<RefundIssued> refundIssued() {
        return Combinators.combine(
                        text(1, 128),
                        eventInstants(),
                        text(1, 128),
                        currencies(),
                        Arbitraries.of(RefundReason.class),
                        lines(),
                        text(1, 128))
                .as(
                        (orderId, at, customerId, currency, reason, lines, causationId) ->
                                new RefundIssued(
                                        RefundIssued.eventIdFor(orderId, reason),
                                        at,
                                        orderId,
                                        customerId,
                                        currency,
                                        reason,
                                        lines,
                                        total(lines),
                                        causationId));
    }

    @Provide
    Arbitrary<DeadLetter> deadLetter() {
        Arbitrary<byte[]> value =
                Arbitraries.oneOf(
                                List.of(
                                        text(0, 100).map(SampleEvents::utf8),
                                        Arbitraries.bytes().array(byte[].class).ofMaxSize(100)))
                        .injectNull(0.1);
        return Combinators.combine(
                        Arbitraries.of(DeadLetterReason.class),
                        text(1, 100),
                        text(1, 40),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.longs().between(0, Long.MAX_VALUE),
                        Arbitraries.longs().between(-1, LAST_MILLI),
                        text(0, 40).injectNull(0.3),
                        value)
                .as(
                        (reason, detail, topic, partition, offset, timestamp, key, bytes) ->
                                DeadLetter.of(
                                        reason,
                                        detail,
                                        new RecordOrigin(
                                                topic, partition, offset, timestamp, key, bytes)));
    }

    private static Arbitrary<List<OrderLine>> lines() {
        // At most nine lines of at most 10^18 each, so the total always fits in a long.
        Arbitrary<OrderLine> line =
                Combinators.combine(
                                text(1, 64),
                                Arbitraries.longs().between(1, 1_000_000),
                                Arbitraries.longs().between(0, 1_000_000_000_000L))
                        .as(OrderLine::new);
        return line.list().ofMinSize(1).ofMaxSize(9).uniqueElements(OrderLine::sku);
    }

    private static long total(List<OrderLine> lines) {
        return lines.stream().mapToLong(OrderLine::amount).sum();
    }

    private static Arbitrary<String> currencies() {
        return Arbitraries.strings().withCharRange('A', 'Z').ofLength(3);
    }

    /** Text of min..max code points: mostly ASCII, with controls, quotes, and astral characters. */
    static Arbitrary<String> text(int min, int max) {
        Arbitrary<Integer> codePoint =
                Arbitraries.frequencyOf(
                        List.of(
                                Tuple.of(8, Arbitraries.integers().between(0x20, 0x7E)),
                                Tuple.of(1, Arbitraries.of(0x00, 0x0A, 0x1F, 0x22, 0x5C, 0x7F)),
                                Tuple.of(1, Arbitraries.integers().between(0xA0, 0x7FF)),
                                Tuple.of(1, Arbitraries.integers().between(0x800, 0xD7FF)),
                                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF))));
        return codePoint
                .list()
                .ofMinSize(min)
                .ofMaxSize(max)
                .map(
                        codePoints -> {
                            StringBuilder out = new StringBuilder();
                            codePoints.forEach(out::appendCodePoint);
                            return out.toString();
                        });
    }
}
