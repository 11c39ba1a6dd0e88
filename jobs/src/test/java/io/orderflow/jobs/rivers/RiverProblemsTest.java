package io.orderflow.jobs.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.rivers.RapidsJson;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A problem record is written field by field exactly as its tree would be. */
class RiverProblemsTest {

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
                RecordOrigin origin =
                        new RecordOrigin(
                                "rapids",
                                2,
                                41L,
                                1_795_687_200_100L,
                                key,
                                value.getBytes(StandardCharsets.UTF_8));
                DeadLetter bounded =
                        DeadLetter.of(DeadLetterReason.SCHEMA_VIOLATION, "", origin, limit);
                List<String> sentences =
                        List.of("amount is 0, which breaks where rule \"amount >= 1\"", "é \"x\"");
                byte[] written =
                        RiverProblems.encode("r/rapids/2/41", "r", sentences, origin, bounded);
                assertThat(new String(written, StandardCharsets.UTF_8))
                        .isEqualTo(tree("r/rapids/2/41", "r", sentences, origin, bounded));
            }
        }
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
