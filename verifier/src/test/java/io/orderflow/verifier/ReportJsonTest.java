package io.orderflow.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code verify --json}: one object, snake_case keys, numbers as numbers, violations listed. */
class ReportJsonTest {

    @Test
    void aPassingReportGivesTheCountsOfItsExampleAsNumbers() throws Exception {
        ContractExample example = ContractExample.named("12");

        JsonNode json = ContractExample.JSON.readTree(example.check().toJson());

        assertThat(json.get("ok").isBoolean()).isTrue();
        assertThat(json.get("ok").booleanValue()).isTrue();
        assertThat(json.get("records_read").isIntegralNumber()).isTrue();
        assertThat(json.get("records_read").longValue()).isEqualTo(example.counts().get("records"));
        assertThat(json.get("applied").longValue()).isEqualTo(example.counts().get("applied"));
        assertThat(json.get("duplicates").longValue())
                .isEqualTo(example.counts().get("duplicates"));
        assertThat(json.get("dead_letters").longValue()).isEqualTo(example.counts().get("dead"));
        assertThat(json.get("dead_letters_by_reason").get("malformed_json").longValue())
                .isEqualTo(1);
        assertThat(json.get("dead_letters_by_reason").get("too_large").longValue()).isZero();
        assertThat(json.get("confirmed_amount_minor_units").longValue()).isEqualTo(100);
        assertThat(json.get("records_read_by_topic").get(0).get("topic").asText())
                .isEqualTo("orders");
        assertThat(json.get("records_read_by_topic").get(0).get("records_read").longValue())
                .isEqualTo(5);
        assertThat(json.get("violations").isArray()).isTrue();
        assertThat(json.get("violations")).isEmpty();
        assertThat(json.get("invariants"))
                .hasSize(5)
                .allSatisfy(i -> assertThat(i.get("holds").booleanValue()).isTrue());
    }

    @Test
    void everyKeyIsSnakeCase() throws Exception {
        JsonNode json = ContractExample.JSON.readTree(ContractExample.named("08").check().toJson());

        assertThat(keys(json))
                .isNotEmpty()
                .allMatch(k -> k.matches("[a-z][a-z0-9_]*"), "snake_case");
    }

    @Test
    void violationsNameTheirKindTheirOrderOrSkuAndAMessage() throws Exception {
        // Example 02 with every line confirmed, beyond B's stock, and no refund.
        ContractExample example = ContractExample.named("02");
        Report report =
                example.withOutputs(
                                list -> {
                                    list.get(0)
                                            .set(
                                                    "lines",
                                                    InvariantCheckerTest.lines(
                                                            "A", 2, 1000, "B", 3, 500));
                                    list.get(0).put("amount", 3500);
                                    return list;
                                },
                                list -> List.of(),
                                list -> list)
                        .withStatuses(
                                list -> {
                                    // The status record such a run would write: everything
                                    // confirmed.
                                    ObjectNode status = list.get(0);
                                    status.put("status", "CONFIRMED")
                                            .put("confirmedAmount", 3500)
                                            .put("refundedAmount", 0);
                                    ObjectNode b = (ObjectNode) status.get("lines").get(1);
                                    b.put("quantity", 3)
                                            .put("state", "RESERVED")
                                            .put("reservedAt", status.get("occurredAt").asText());
                                    return list;
                                })
                        .check();

        JsonNode json = ContractExample.JSON.readTree(report.toJson());

        assertThat(json.get("ok").booleanValue()).isFalse();
        assertThat(json.get("violations_total").longValue()).isEqualTo(1);
        JsonNode violation = json.get("violations").get(0);
        assertThat(violation.get("kind").asText()).isEqualTo("OVERSOLD");
        assertThat(violation.get("invariant").intValue()).isEqualTo(3);
        assertThat(violation.get("sku").asText()).isEqualTo("B");
        assertThat(violation.get("message").asText())
                .startsWith("available -2 after reserving 3 to order o1");
        assertThat(json.get("invariants").get(2).get("holds").booleanValue()).isFalse();
        assertThat(json.get("violation_totals").get(0).get("total").longValue()).isEqualTo(1);
    }

    @Test
    void anOrdersViolationCarriesItsOrderId() throws Exception {
        Report report =
                ContractExample.named("01")
                        .withOutputs(list -> List.of(), list -> list, list -> list)
                        .check();

        JsonNode violation =
                ContractExample.JSON.readTree(report.toJson()).get("violations").get(0);

        assertThat(violation.get("kind").asText()).isEqualTo("LOST_DECISION");
        assertThat(violation.get("order_id").asText()).isEqualTo("o1");
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            f -> {
                                keys.add(f.getKey());
                                keys.addAll(keys(f.getValue()));
                            });
        } else if (node.isArray()) {
            node.forEach(n -> keys.addAll(keys(n)));
        }
        return keys;
    }
}
