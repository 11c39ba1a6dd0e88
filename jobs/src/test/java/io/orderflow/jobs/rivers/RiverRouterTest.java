package io.orderflow.jobs.rivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.schemas.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The rivers job's routing of one rapids record, as contract section 8 says, through Flink's
 * operator harness.
 */
class RiverRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RiverTopics TOPICS =
            new RiverTopics("rapids", "river-problems", "dead-letters", "");
    private static final long AT = 1_795_687_200_100L; // 2026-11-26T10:00:00.100Z

    private static final String SPEC =
            String.join(
                    "\n",
                    "rivers:",
                    "  - name: big-refunds",
                    "    precondition:",
                    "      type: [RefundIssued]",
                    "    validate:",
                    "      require: [orderId, amount]",
                    "      where: [\"amount >= 10000\", \"currency in [EUR, USD]\"]",
                    "    interestedIn: [orderId, amount, currency]",
                    "  - name: refunds",
                    "    precondition:",
                    "      type: [RefundIssued]",
                    "");

    private List<OutputRecord> route(String value, int maxRecordBytes) throws Exception {
        return route("o1", value, maxRecordBytes);
    }

    private List<OutputRecord> route(String key, String value, int maxRecordBytes)
            throws Exception {
        RiverRouter router = new RiverRouter(SPEC, "rivers.yaml", TOPICS, maxRecordBytes, 1024);
        try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamFlatMap<>(router))) {
            harness.open();
            byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            harness.processElement(
                    new StreamRecord<>(new RecordOrigin("rapids", 2, 41, AT, key, bytes)));
            return harness.extractOutputValues();
        }
    }

    private static JsonNode json(OutputRecord r) throws Exception {
        return JSON.readTree(r.value());
    }

    @Test
    void aRecordThatMeetsTwoRiversGoesToBothWithItsKeyTimestampAndSource() throws Exception {
        List<OutputRecord> out =
                route(
                        "{\"type\":\"RefundIssued\",\"orderId\":\"o1\",\"amount\":20000,\"currency\":\"EUR\",\"reason\":\"CANCELLED\"}",
                        900 * 1024);

        assertThat(out)
                .extracting(OutputRecord::topic)
                .containsExactly("river.big-refunds", "river.refunds");
        assertThat(out)
                .allSatisfy(
                        r -> {
                            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("o1");
                            assertThat(r.timestamp()).isEqualTo(AT);
                        });
        JsonNode big = json(out.get(0));
        assertThat(big.get("@river").asText()).isEqualTo("big-refunds");
        assertThat(big.get("@id").asText()).isEqualTo("big-refunds/rapids/2/41");
        assertThat(big.get("@source"))
                .isEqualTo(
                        JSON.readTree(
                                "{\"topic\":\"rapids\",\"partition\":2,\"offset\":41,\"timestamp\":"
                                        + AT
                                        + "}"));
        assertThat(big.has("reason")).as("interestedIn keeps only the named paths").isFalse();
        assertThat(json(out.get(1)).get("reason").asText())
                .as("no interestedIn: the whole record")
                .isEqualTo("CANCELLED");
    }

    @Test
    void aRecordThatBreaksARiversRulesGivesOneProblemWithTheBoundedValue() throws Exception {
        String value =
                "{\"type\":\"RefundIssued\",\"orderId\":\"o1\",\"amount\":500,\"currency\":\"GBP\"}";
        List<OutputRecord> out = route(value, 900 * 1024);

        assertThat(out)
                .extracting(OutputRecord::topic)
                .containsExactly("river-problems", "river.refunds");
        JsonNode problem = json(out.get(0));
        assertThat(problem.get("eventId").asText()).isEqualTo("big-refunds/rapids/2/41");
        assertThat(problem.get("type").asText()).isEqualTo("RiverProblem");
        assertThat(problem.get("occurredAt").asText()).isEqualTo("2026-11-26T10:00:00.100Z");
        assertThat(problem.get("river").asText()).isEqualTo("big-refunds");
        assertThat(problem.get("problems")).hasSize(2);
        assertThat(problem.get("problems").get(0).asText())
                .contains("amount")
                .contains("amount >= 10000");
        assertThat(problem.get("problems").get(1).asText()).contains("currency");
        assertThat(problem.get("key").asText()).isEqualTo("o1");
        assertThat(problem.get("value").asText()).isEqualTo(value);
        assertThat(problem.get("valueBytes").asInt()).isEqualTo(value.length());
        assertThat(problem.get("valueTruncated").asBoolean()).isFalse();
        assertThat(problem.get("valueSha256").asText()).hasSize(64);
    }

    @Test
    void aValueThatIsNotJsonIsAMalformedJsonDeadLetter() throws Exception {
        List<OutputRecord> out = route("{not json", 900 * 1024);

        assertThat(out)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.topic()).isEqualTo("dead-letters");
                            JsonNode letter = json(r);
                            assertThat(letter.get("reason").asText()).isEqualTo("MALFORMED_JSON");
                            assertThat(letter.get("eventId").asText()).isEqualTo("rapids/2/41");
                        });
    }

    @Test
    void anObjectWithoutAStringTypeIsASchemaViolationDeadLetter() throws Exception {
        List<OutputRecord> out = route("{\"type\":7}", 900 * 1024);

        assertThat(out)
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(json(r).get("reason").asText())
                                        .isEqualTo("SCHEMA_VIOLATION"));
    }

    @Test
    void aRiverRecordLargerThanTheLimitBecomesATooLargeProblem() throws Exception {
        String padding = "x".repeat(300);
        String value =
                "{\"type\":\"RefundIssued\",\"orderId\":\"o1\",\"amount\":20000,\"currency\":\"EUR\",\"note\":\""
                        + padding
                        + "\"}";
        List<OutputRecord> out = route(value, value.length() + 50);

        assertThat(out)
                .extracting(OutputRecord::topic)
                .containsExactly("river.big-refunds", "river-problems");
        assertThat(json(out.get(1)).get("problems").get(0).asText()).startsWith("too large");
    }

    @Test
    void aRiverRecordWhoseKeyAndValueTogetherExceedTheLimitBecomesATooLargeProblem()
            throws Exception {
        String value =
                "{\"type\":\"RefundIssued\",\"orderId\":\"o1\",\"amount\":20000,\"currency\":\"EUR\"}";
        String key = "k".repeat(400);
        int limit = 300; // the river records' values alone are under it; with the key they are not

        List<OutputRecord> out = route(key, value, limit);

        assertThat(out)
                .extracting(OutputRecord::topic)
                .containsExactly("river-problems", "river-problems");
        assertThat(json(out.get(0)).get("problems").get(0).asText())
                .startsWith("too large: the river record (key and value) is ")
                .endsWith("more than --max-record-bytes 300");
        assertThat(route("o1", value, limit))
                .extracting(OutputRecord::topic)
                .containsExactly("river.big-refunds", "river.refunds");
    }

    @Test
    void deadLettersAndProblemsCarryTheKeyCutTo1KiBAndRiverRecordsTheWholeKey() throws Exception {
        String key = "k".repeat(5_000);
        String breaksARule =
                "{\"type\":\"RefundIssued\",\"orderId\":\"o1\",\"amount\":5,\"currency\":\"EUR\"}";

        List<OutputRecord> letters = route(key, "{not json", 900 * 1024);
        List<OutputRecord> routed = route(key, breaksARule, 900 * 1024);

        assertThat(letters).singleElement().satisfies(r -> assertThat(r.key()).hasSize(1024));
        assertThat(routed)
                .extracting(OutputRecord::topic)
                .containsExactly("river-problems", "river.refunds");
        assertThat(routed.get(0).key()).hasSize(1024);
        assertThat(json(routed.get(0)).get("key").asText()).isEqualTo("k".repeat(1024));
        assertThat(routed.get(1).key()).hasSize(5_000);
    }

    @Test
    void underAnOutputPrefixEveryRiverRecordGoesToItsRiversPrefixedTopic() throws Exception {
        RiverTopics replay =
                new RiverTopics(
                        "rapids", "replay-river-problems", "replay-dead-letters", "replay-");
        RiverRouter router = new RiverRouter(SPEC, "rivers.yaml", replay, 900 * 1024, 1024);
        try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamFlatMap<>(router))) {
            harness.open();
            for (String value :
                    List.of(
                            "{\"type\":\"RefundIssued\",\"orderId\":\"o1\",\"amount\":20000,"
                                    + "\"currency\":\"EUR\"}",
                            "{\"type\":\"RefundIssued\",\"orderId\":\"o2\",\"amount\":5}")) {
                harness.processElement(
                        new StreamRecord<>(
                                new RecordOrigin(
                                        "rapids",
                                        2,
                                        41,
                                        AT,
                                        "o1",
                                        value.getBytes(StandardCharsets.UTF_8))));
            }
            assertThat(harness.extractOutputValues())
                    .extracting(OutputRecord::topic)
                    .containsExactly(
                            "replay-river.big-refunds",
                            "replay-river.refunds",
                            "replay-river-problems",
                            "replay-river.refunds");
        }
    }
}
