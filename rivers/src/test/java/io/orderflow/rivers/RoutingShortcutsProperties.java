package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The rivers job's two shortcuts change nothing: {@link Rivers#routeMatching} gives exactly the
 * outcomes of {@link Rivers#route} that are not "not for this river", and a whole-record river
 * record written from the input's bytes is the same JSON value as one written from its tree.
 */
class RoutingShortcutsProperties {

    private static final RecordSource SOURCE =
            new RecordSource("rapids", 3, 41L, 1_795_687_200_100L);

    private static final Rivers RIVERS =
            Rivers.of(
                    "rapids",
                    River.of("a").precondition("type", "A"),
                    River.of("a-or-b").precondition("type", "A", "B").where("n >= 1"),
                    River.of("any"),
                    River.of("numbered-type").precondition("type", 1L),
                    River.of("b-unless-flag").precondition("type", "B").forbid("flag"),
                    River.of("flag").precondition("flag", true),
                    River.of("a-projected").precondition("type", "A").interestedIn("n", "inner.x"),
                    River.of("b-projected")
                            .precondition("type", "B")
                            .interestedIn("inner", "@river", "s", "n"));

    @Property(tries = 1000)
    void routeMatchingIsRouteWithoutTheRiversARecordIsNotFor(@ForAll("records") String text) {
        ObjectNode record = (ObjectNode) RapidsJson.read(text);
        List<RiverOutcome> expected =
                RIVERS.route(record, SOURCE).stream()
                        .filter(o -> !(o instanceof RiverOutcome.NotForRiver))
                        .toList();
        assertThat(RIVERS.routeMatching(record, SOURCE)).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void aRiverRecordFromTheInputsBytesIsTheSameJsonValueAsFromItsTree(
            @ForAll("records") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (RiverOutcome.RiverRecord river : riverRecords(bytes)) {
            byte[] written = RiverRecordBytes.of(river, bytes);
            JsonNode read = RapidsJson.read(new String(written, StandardCharsets.UTF_8));
            assertThat(read.equals(Json.NUMBERS_BY_VALUE, river.value()))
                    .as("%s is %s", new String(written, StandardCharsets.UTF_8), river.value())
                    .isTrue();
        }
    }

    @Property(tries = 1000)
    void aRiverRecordWrittenFromTheTreeIsExactlyItsValueAsRapidsJsonWritesIt(
            @ForAll("records") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (RiverOutcome.RiverRecord river : riverRecords(bytes)) {
            if (river.river().projection() != null
                    || Rivers.RIVER_FIELDS.stream().anyMatch(river.record()::has)) {
                assertThat(new String(RiverRecordBytes.of(river, bytes), StandardCharsets.UTF_8))
                        .isEqualTo(
                                new String(
                                        RapidsJson.write(river.value()), StandardCharsets.UTF_8));
            }
        }
    }

    /** The river records of a rapids record's bytes. */
    private static List<RiverOutcome.RiverRecord> riverRecords(byte[] bytes) {
        ObjectNode record = ((RapidsInput.Event) RapidsJson.decode(bytes, 1 << 20)).record();
        return RIVERS.routeMatching(record, SOURCE).stream()
                .filter(RiverOutcome.RiverRecord.class::isInstance)
                .map(RiverOutcome.RiverRecord.class::cast)
                .toList();
    }

    @Provide
    Arbitrary<String> records() {
        Arbitrary<String> type = Arbitraries.of("\"A\"", "\"B\"", "\"C\"", "\"\\u0041\"");
        Arbitrary<String> n = Arbitraries.of("0", "1", "1.0", "1e0", "2.50", "-3", "1E+2");
        Arbitrary<String> extra =
                Arbitraries.of(
                        "",
                        ",\"flag\":true",
                        ",\"flag\":null",
                        ",\"@river\":\"x\"",
                        ",\"@source\":{}",
                        ",\"inner\":{\"x\":[1,{\"y\":\"\\u00e9\"}]}",
                        ",\"s\":\"a\\\"b\\\\c\"");
        Arbitrary<String> space = Arbitraries.of("", " ", "\n\t ", "\r\n");
        return Combinators.combine(type, n, extra, space)
                .as(
                        (t, num, more, ws) ->
                                ws
                                        + "{"
                                        + ws
                                        + "\"type\""
                                        + ws
                                        + ":"
                                        + t
                                        + ",\"n\":"
                                        + num
                                        + more
                                        + ws
                                        + "}"
                                        + ws);
    }

    @Property(tries = 200)
    void aNumberKeepsItsExactValueInAWholeRecord(@ForAll("decimals") BigDecimal value) {
        String text = "{\"type\":\"A\",\"n\":" + value.toString() + "}";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ObjectNode record = ((RapidsInput.Event) RapidsJson.decode(bytes, 1 << 20)).record();
        RiverOutcome.RiverRecord any =
                (RiverOutcome.RiverRecord)
                        RIVERS.routeMatching(record, SOURCE).stream()
                                .filter(o -> o.river().name().equals("any"))
                                .findFirst()
                                .orElseThrow();
        JsonNode read =
                RapidsJson.read(
                        new String(RiverRecordBytes.of(any, bytes), StandardCharsets.UTF_8));
        assertThat(Values.decimal(read.get("n")).compareTo(value)).isZero();
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.bigDecimals()
                .between(new BigDecimal("-1e12"), new BigDecimal("1e12"))
                .ofScale(6);
    }

    /**
     * A record's type looked up by its UTF-8 bytes where it lies in the text finds the rivers its
     * decoded text finds: for the spec's types, texts near them and any other text.
     */
    @Property(tries = 2000)
    void aTypeFoundByItsBytesHasTheRiversItsTextHas(@ForAll("types") String type) {
        byte[] utf8 = type.getBytes(StandardCharsets.UTF_8);
        byte[] text = new byte[utf8.length + 10];
        System.arraycopy(utf8, 0, text, 3, utf8.length);
        assertThat(RIVERS.candidates(text, 3, 3 + utf8.length)).isEqualTo(RIVERS.candidates(type));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.oneOf(
                Arbitraries.of("A", "B", "C", "", "AA", "a", "B ", "\u00c1", "A\u0000"),
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("AB").ofMaxLength(3));
    }

    /** The length a whole-record river record is made for is what its fields then write. */
    @Property(tries = 1000)
    void theRiverFieldsLengthIsWhatTheyWrite(
            @ForAll int partition, @ForAll long offset, @ForAll long timestamp) {
        RecordSource source = new RecordSource("rapids", partition, offset, timestamp);
        RiverRecordBytes.Fields fields =
                RiverRecordBytes.Fields.of(RIVERS.rivers().get(0), "rapids");
        ByteOut out = new ByteOut(16);
        RiverRecordBytes.riverFieldsAndClose(out, fields, source);
        assertThat(RiverRecordBytes.riverFieldsLength(fields, source)).isEqualTo(out.size());
    }

    /**
     * A whole-record river record's {@code @id} and {@code @source} are those of its tree for any
     * partition, offset and timestamp: the digits the record writes once and repeats.
     */
    @Property(tries = 1000)
    void aRiverRecordsIdAndSourceAreItsTreesForAnySource(
            @ForAll int partition, @ForAll long offset, @ForAll long timestamp) {
        RecordSource source = new RecordSource("rapids", partition, offset, timestamp);
        byte[] bytes = "{\"type\":\"A\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
        ObjectNode record = ((RapidsInput.Event) RapidsJson.decode(bytes, 1 << 20)).record();
        for (RiverOutcome outcome : RIVERS.routeMatching(record, source)) {
            if (outcome instanceof RiverOutcome.RiverRecord river
                    && river.river().projection() == null) {
                JsonNode read =
                        RapidsJson.read(
                                new String(
                                        RiverRecordBytes.of(river, bytes), StandardCharsets.UTF_8));
                assertThat(read.equals(Json.NUMBERS_BY_VALUE, river.value()))
                        .as("%s is %s", read, river.value())
                        .isTrue();
            }
        }
    }
}
