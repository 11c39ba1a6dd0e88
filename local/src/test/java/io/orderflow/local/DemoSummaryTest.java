package io.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.verifier.DeadLetterReason;
import io.orderflow.verifier.RefundReason;
import io.orderflow.verifier.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's summary: the JSON of {@code demo --json} and the text print the same record. */
class DemoSummaryTest {

    /**
     * 3,000 input records, 3 confirmations of 12.50 in all, 2 refunds for lack of stock, 1 dead
     * letter.
     */
    private static Report report() {
        return new Report(
                Map.of("orders", 2_000L, "inventory", 1_000L),
                2_990,
                9,
                Map.of(DeadLetterReason.MALFORMED_JSON, 1L),
                5,
                3,
                1_250,
                Map.of(RefundReason.OUT_OF_STOCK, 2L),
                Map.of(RefundReason.OUT_OF_STOCK, 700L),
                Map.of(DeadLetterReason.MALFORMED_JSON, 1L),
                0,
                0,
                List.of());
    }

    private final DemoSummary summary =
            new DemoSummary(
                    report(),
                    Map.of(OrderStatus.Status.CONFIRMED, 3L, OrderStatus.Status.REJECTED, 2L),
                    1_500);

    private static JsonNode parse(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void jsonIsOneLineWithNumbersAsNumbersAndUnitsInTheKeys() throws Exception {
        String json = summary.toJson();

        assertThat(json.lines()).hasSize(1);
        JsonNode root = parse(json);
        assertThat(root.get("ok").booleanValue()).isTrue();
        assertThat(root.get("input_records").isIntegralNumber()).isTrue();
        assertThat(root.get("input_records").longValue()).isEqualTo(3_000);
        assertThat(root.get("applied").longValue()).isEqualTo(2_990);
        assertThat(root.get("duplicates_dropped").longValue()).isEqualTo(9);
        assertThat(root.get("dead_letters").longValue()).isEqualTo(1);
        assertThat(root.get("orders_confirmed").longValue()).isEqualTo(3);
        assertThat(root.get("confirmed_amount_minor_units").longValue()).isEqualTo(1_250);
        assertThat(root.get("refunds_out_of_stock").longValue()).isEqualTo(2);
        assertThat(root.get("refunds_out_of_stock_amount_minor_units").longValue()).isEqualTo(700);
        assertThat(root.get("job_elapsed_ms").longValue()).isEqualTo(1_500);
        assertThat(root.get("throughput_records_per_second").longValue()).isEqualTo(2_000);
    }

    @Test
    void jsonKeysAreStableEveryStatusAndReasonPresentZeroWhenNone() throws Exception {
        JsonNode root = parse(summary.toJson());

        JsonNode statuses = root.get("orders_by_status");
        assertThat(statuses.size()).isEqualTo(OrderStatus.Status.values().length);
        assertThat(statuses.get("confirmed").longValue()).isEqualTo(3);
        assertThat(statuses.get("partially_confirmed").longValue()).isZero();
        assertThat(root.get("orders_with_status").longValue()).isEqualTo(5);
        JsonNode reasons = root.get("dead_letters_by_reason");
        assertThat(reasons.size()).isEqualTo(DeadLetterReason.values().length);
        assertThat(reasons.get("malformed_json").longValue()).isEqualTo(1);
        assertThat(root.get("refunds_cancelled").longValue()).isZero();
        assertThat(root.get("input_records_by_topic").get(0).get("topic").asText())
                .isIn("orders", "inventory");
        root.fieldNames().forEachRemaining(key -> assertThat(key).matches("[a-z0-9_]+"));
    }

    @Test
    void jsonCarriesTheVerifiersReportWithItsViolations() throws Exception {
        DemoSummary violated = new DemoSummary(DemoCommandTest.violatedReport(), Map.of(), 10);

        JsonNode root = parse(violated.toJson());

        assertThat(root.get("ok").booleanValue()).isFalse();
        assertThat(root.get("verify").get("ok").booleanValue()).isFalse();
        assertThat(root.get("verify").get("violations_total").longValue()).isEqualTo(1);
        assertThat(root.get("verify").get("violations").get(0).get("kind").asText())
                .isEqualTo("UNREADABLE_OUTPUT");
    }

    @Test
    void theTextShowsTheSameFigures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary.printText(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .containsPattern("input records +3,000")
                .containsPattern("orders confirmed +3   amount 12.50 \\(EUR\\)")
                .containsPattern("refunds OUT_OF_STOCK +2   amount 7.00 \\(EUR\\)")
                .containsPattern("orders by status +5")
                .containsPattern("  CONFIRMED +3")
                .containsPattern(
                        "throughput +2,000   input records/s \\(job ran 1.5 s, start-up"
                                + " included\\)")
                .contains("contract invariants: all held");
    }
}
