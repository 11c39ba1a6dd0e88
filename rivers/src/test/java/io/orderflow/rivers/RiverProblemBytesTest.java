package io.orderflow.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A problem record is written field by field exactly as its tree would be. */
class RiverProblemBytesTest {

    private static final List<String> SENTENCES =
            List.of("amount is 0, which breaks where rule \"amount >= 1\"", "é \"x\"");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"A\",\"amount\":0}",
                "{\"type\":\"A\",\"note\":\"quote \\\" and é and \\u0001\"}",
                "{\"type\":\"A\",\"long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"
            })
    void aProblemIsWrittenAsItsTreeIs(String value) {
        for (String key : new String[] {null, "o-1", "k\"é"}) {
            for (int limit : new int[] {16, 1 << 20}) {
                assertWrittenAsTree(
                        new RecordOrigin(
                                "rapids",
                                2,
                                41L,
                                1_795_687_200_100L,
                                key,
                                value.getBytes(StandardCharsets.UTF_8)),
                        SENTENCES,
                        limit);
            }
        }
    }

    @Test
    void aValueThatIsNoUtf8IsWrittenInBase64AsItsTreeIs() {
        byte[] notUtf8 = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, '"', '}'};
        for (int limit : new int[] {4, 1 << 20}) {
            assertWrittenAsTree(
                    new RecordOrigin("rapids", 0, 0L, 0L, "k", notUtf8), SENTENCES, limit);
        }
    }

    @Property(tries = 500)
    void anyProblemIsWrittenAsItsTreeIs(
            @ForAll("texts") String key,
            @ForAll("texts") String value,
            @ForAll @Size(max = 3) List<@From("texts") String> sentences,
            @ForAll @IntRange(min = 0, max = 1 << 20) int partition,
            @ForAll long offset,
            @ForAll long timestamp,
            @ForAll @IntRange(min = 1, max = 64) int limit) {
        long shownTimestamp = Math.floorMod(timestamp, 253_402_300_800_000L); // before year 10000
        assertWrittenAsTree(
                new RecordOrigin(
                        "rapids",
                        partition,
                        offset,
                        shownTimestamp,
                        key,
                        value.getBytes(StandardCharsets.UTF_8)),
                sentences,
                limit);
    }

    /** Any text without unpaired surrogates: ASCII with quotes and controls, and beyond it. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(40),
                Arbitraries.strings()
                        .withChars("\"\\/\u0000\u001f\u007f\u0080é€")
                        .withCharRange('a', 'c')
                        .ofMaxLength(20),
                Arbitraries.strings().all().ofMaxLength(20).filter(RiverProblemBytesTest::paired));
    }

    private static boolean paired(String text) {
        return text.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
    }

    private static void assertWrittenAsTree(
            RecordOrigin origin, List<String> sentences, int limit) {
        DeadLetter bounded = DeadLetter.of(DeadLetterReason.SCHEMA_VIOLATION, "", origin, limit);
        String id = "r/" + origin.topic() + "/" + origin.partition() + "/" + origin.offset();
        byte[] written = RiverProblemBytes.of(id, "r", sentences, origin, bounded);
        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(tree(id, "r", sentences, origin, bounded));
    }

    /** The problem as a tree written by {@link RapidsJson#write}: how it was written before. */
    private static String tree(
            String id, String river, List<String> problems, RecordOrigin origin, DeadLetter b) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode problem = json.objectNode();
        problem.put("eventId", id);
        problem.put("type", "RiverProblem");
        problem.put("occurredAt", EventCodec.formatInstant(origin.timestamp()));
        problem.put("river", river);
        ArrayNode sentences = problem.putArray("problems");
        problems.forEach(sentences::add);
        ObjectNode source = problem.putObject("source");
        source.put("topic", origin.topic());
        source.put("partition", origin.partition());
        source.put("offset", origin.offset());
        source.put("timestamp", origin.timestamp());
        problem.put("key", b.key());
        if (b.valueBase64() != null) {
            problem.put("valueBase64", b.valueBase64());
        } else {
            problem.put("value", b.value());
        }
        problem.put("valueBytes", b.valueBytes());
        problem.put("valueSha256", b.valueSha256());
        problem.put("valueTruncated", b.valueTruncated());
        return new String(RapidsJson.write(problem), StandardCharsets.UTF_8);
    }
}
