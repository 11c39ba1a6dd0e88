package io.orderflow.verifier;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * {@code verify --json}: the report as one JSON object. Keys are snake_case and stable (every
 * reason and refund kind is always present, 0 when none), numbers are JSON numbers, and a key with
 * a unit says it ({@code _minor_units}: money in the currency's minor unit, e.g. cents).
 *
 * <pre>
 * {"ok": false, "records_read": 6, "records_read_by_topic": [{"topic": "orders", "records_read": 5}, ...],
 *  "applied": 2, "duplicates": 0, "dead_letters": 4, "dead_letters_by_reason": {"malformed_json": 1, ...},
 *  "orders_applied": 1, "confirmations": 1, "confirmed_amount_minor_units": 100,
 *  "refunds_out_of_stock": 0, "refunds_out_of_stock_amount_minor_units": 0, "refunds_cancelled": 0, ...,
 *  "dead_letters_written": 3, "dead_letters_written_by_reason": {...},
 *  "undecided_backorders": 0, "cancelled_never_placed": 0,
 *  "invariants": [{"invariant": 1, "description": "...", "holds": true, "violations": 0}, ...],
 *  "violations_total": 1, "violation_totals": [{"kind": "UNACCOUNTED_INPUT", "invariant": 4, "total": 1}],
 *  "violations": [{"kind": "UNACCOUNTED_INPUT", "invariant": 4, "record": "orders/0/1", "message": "..."}],
 *  "examples_per_kind": 5}
 * </pre>
 */
final class ReportJson {

    private ReportJson() {}

    static String write(Report report) {
        ObjectNode root = StrictJson.mapper().createObjectNode();
        root.put("ok", report.ok());
        root.put("records_read", report.recordsReadTotal());
        ArrayNode topics = root.putArray("records_read_by_topic");
        report.recordsRead()
                .forEach(
                        (topic, count) ->
                                topics.addObject().put("topic", topic).put("records_read", count));
        root.put("applied", report.applied());
        root.put("duplicates", report.duplicates());
        root.put("dead_letters", report.deadLettersExpected());
        reasons(root.putObject("dead_letters_by_reason"), report.expectedDeadLetters());
        root.put("orders_applied", report.ordersApplied());
        root.put("confirmations", report.confirmations());
        root.put("confirmed_amount_minor_units", report.amountConfirmed());
        for (RefundReason reason : RefundReason.values()) {
            String key = "refunds_" + snake(reason);
            root.put(key, report.refunds().getOrDefault(reason, 0L));
            root.put(key + "_amount_minor_units", report.amountRefunded().getOrDefault(reason, 0L));
        }
        root.put("dead_letters_written", report.deadLettersWrittenTotal());
        reasons(root.putObject("dead_letters_written_by_reason"), report.deadLettersWritten());
        root.put("undecided_backorders", report.undecidedBackorders());
        root.put("cancelled_never_placed", report.cancelledNeverPlaced());
        ArrayNode invariants = root.putArray("invariants");
        for (int number : new java.util.TreeSet<>(Report.INVARIANTS.keySet())) {
            long found = report.totalOfInvariant(number);
            invariants
                    .addObject()
                    .put("invariant", number)
                    .put("description", Report.INVARIANTS.get(number))
                    .put("holds", found == 0)
                    .put("violations", found);
        }
        root.put("violations_total", report.totalViolations());
        ArrayNode totals = root.putArray("violation_totals");
        ArrayNode violations = root.putArray("violations");
        for (Report.ViolationSummary summary : report.violations()) {
            totals.addObject()
                    .put("kind", summary.kind().name())
                    .put("invariant", summary.kind().invariant())
                    .put("total", summary.total());
            for (Violation v : summary.examples()) {
                violations
                        .addObject()
                        .put("kind", v.kind().name())
                        .put("invariant", v.kind().invariant())
                        .put(v.subject().jsonKey(), v.id())
                        .put("message", v.message());
            }
        }
        root.put("examples_per_kind", Violations.EXAMPLES_PER_KIND);
        try {
            return StrictJson.mapper().writeValueAsString(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("a tree always writes", e);
        }
    }

    private static void reasons(ObjectNode into, Map<DeadLetterReason, Long> counts) {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            into.put(snake(reason), counts.getOrDefault(reason, 0L));
        }
    }

    private static String snake(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
