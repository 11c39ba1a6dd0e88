package io.orderflow.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.jobs.ContractExample;
import io.orderflow.schemas.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Several worked examples of the contract as one input: every orderId, sku and eventId is prefixed
 * with the example's number so that they share nothing, and the inputs are merged in event-time
 * order while each example keeps its own send order. The expected outputs are the union of theirs,
 * the expected counts their sums.
 */
final class ExampleScenario {

    record Input(String topic, String key, String value) {}

    record ExpectedDeadLetter(List<String> reasons, String value) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Input> inputs = new ArrayList<>();
    final List<JsonNode> confirmations = new ArrayList<>();
    final List<JsonNode> refunds = new ArrayList<>();
    final List<JsonNode> statuses = new ArrayList<>();
    final List<ExpectedDeadLetter> deadLetters = new ArrayList<>();

    /** The examples' counts summed: records, applied, duplicates, dead. */
    final Map<String, Long> counts = new HashMap<>();

    static ExampleScenario of(List<ContractExample> examples) {
        ExampleScenario s = new ExampleScenario();
        record Cursor(String prefix, List<ContractExample.Input> inputs, int next) {
            long time() {
                return occurredAt(inputs.get(next).value());
            }
        }
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.comparingLong(Cursor::time));
        for (ContractExample example : examples) {
            String prefix = "x" + example.name().substring(0, 2) + "-";
            if (!example.inputs().isEmpty()) {
                heads.add(new Cursor(prefix, example.inputs(), 0));
            }
            example.counts()
                    .fields()
                    .forEachRemaining(
                            count ->
                                    s.counts.merge(
                                            count.getKey(), count.getValue().asLong(), Long::sum));
            example.expected()
                    .get(Topics.CONFIRMATIONS.name())
                    .forEach(c -> s.confirmations.add(renamed(c, prefix)));
            example.expected()
                    .get(Topics.REFUNDS.name())
                    .forEach(r -> s.refunds.add(renamed(r, prefix)));
            example.expected()
                    .get(Topics.ORDER_STATUS.name())
                    .forEach(st -> s.statuses.add(renamed(st, prefix)));
            for (JsonNode dl : example.expected().get(Topics.DEAD_LETTERS.name())) {
                List<String> reasons = new ArrayList<>();
                if (dl.get("reason").isArray()) {
                    dl.get("reason").forEach(r -> reasons.add(r.asText()));
                } else {
                    reasons.add(dl.get("reason").asText());
                }
                s.deadLetters.add(
                        new ExpectedDeadLetter(
                                reasons, renamedValue(dl.get("value").asText(), prefix)));
            }
        }
        while (!heads.isEmpty()) {
            Cursor c = heads.poll();
            ContractExample.Input in = c.inputs().get(c.next());
            s.inputs.add(
                    new Input(
                            in.topic(),
                            in.key() == null ? null : c.prefix() + in.key(),
                            renamedValue(in.value(), c.prefix())));
            if (c.next() + 1 < c.inputs().size()) {
                heads.add(new Cursor(c.prefix(), c.inputs(), c.next() + 1));
            }
        }
        return s;
    }

    private static long occurredAt(String value) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n != null && n.hasNonNull("occurredAt")) {
                return java.time.Instant.parse(n.get("occurredAt").asText()).toEpochMilli();
            }
        } catch (Exception notJson) {
            // a malformed example record: it has no event time and goes first
        }
        return Long.MIN_VALUE;
    }

    /** The value with its ids prefixed; values that are not JSON objects stay as they are. */
    private static String renamedValue(String value, String prefix) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n instanceof ObjectNode) {
                return JSON.writeValueAsString(renamed(n, prefix));
            }
        } catch (Exception notJson) {
            // kept byte for byte
        }
        return value;
    }

    private static JsonNode renamed(JsonNode node, String prefix) {
        ObjectNode o = ((ObjectNode) node).deepCopy();
        for (String field : List.of("eventId", "orderId", "sku", "causationId")) {
            if (o.get(field) != null && o.get(field).isTextual()) {
                o.put(field, prefix + o.get(field).asText());
            }
        }
        if (o.get("lines") instanceof ArrayNode lines) {
            for (JsonNode line : lines) {
                if (line instanceof ObjectNode l
                        && l.get("sku") != null
                        && l.get("sku").isTextual()) {
                    l.put("sku", prefix + l.get("sku").asText());
                }
            }
        }
        return o;
    }
}
