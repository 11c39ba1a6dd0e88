package io.orderflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.verifier.DeadLetterReason;
import io.orderflow.verifier.RefundReason;
import io.orderflow.verifier.Report;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code ./orderflow demo} found: the verifier's report on the committed outputs, how many
 * orders have each latest status, and how long the job ran. Printed as text for a person, or with
 * {@code --json} as one JSON object whose keys are snake_case and stable (every reason and status
 * always present, 0 when none), numbers as JSON numbers, and units in the key names:
 *
 * <pre>
 * {"ok": true, "input_records": 1040, "input_records_by_topic": [{"topic": "orders", "records": 800}, ...],
 *  "applied": 990, "duplicates_dropped": 40, "dead_letters": 10, "dead_letters_by_reason": {"malformed_json": 3, ...},
 *  "orders_confirmed": 600, "confirmed_amount_minor_units": 123456,
 *  "refunds_out_of_stock": 50, "refunds_out_of_stock_amount_minor_units": 4200, "refunds_cancelled": ..., ...,
 *  "orders_with_status": 700, "orders_by_status": {"waiting": 0, "confirmed": 600, ...},
 *  "job_elapsed_ms": 41000, "throughput_records_per_second": 25,
 *  "verify": { the report of verify --json }}
 * </pre>
 */
record DemoSummary(
        Report report, Map<OrderStatus.Status, Long> ordersByStatus, long elapsedMillis) {

    DemoSummary {
        ordersByStatus = Map.copyOf(ordersByStatus);
    }

    /** Every contract invariant held. */
    boolean ok() {
        return report.ok();
    }

    /** Input records per second over the whole job run, start-up included. */
    long throughputPerSecond() {
        return elapsedMillis <= 0
                ? 0
                : Math.round(report.recordsReadTotal() * 1000.0 / elapsedMillis);
    }

    long ordersWithStatus() {
        return ordersByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    void printText(PrintStream out) {
        Report r = report;
        out.println();
        out.println("orderflow demo: summary");
        out.println("--------------------------------------------------------------------------");
        row(out, "input records", r.recordsReadTotal(), joinCounts(r.recordsRead()));
        row(out, "applied", r.applied(), "");
        row(out, "duplicates dropped", r.duplicates(), "");
        row(out, "dead letters", r.deadLettersWrittenTotal(), joinReasons(r.deadLettersWritten()));
        row(out, "orders confirmed", r.confirmations(), "amount " + money(r.amountConfirmed()));
        for (RefundReason reason : RefundReason.values()) {
            row(
                    out,
                    "refunds " + reason,
                    r.refunds().getOrDefault(reason, 0L),
                    "amount " + money(r.amountRefunded().getOrDefault(reason, 0L)));
        }
        row(
                out,
                "orders by status",
                ordersWithStatus(),
                "by their latest record on order-status (./orderflow status ORDER_ID)");
        for (OrderStatus.Status status : OrderStatus.Status.values()) {
            row(out, "  " + status, ordersByStatus.getOrDefault(status, 0L), "");
        }
        row(
                out,
                "throughput",
                throughputPerSecond(),
                String.format(
                        Locale.ROOT,
                        "input records/s (job ran %.1f s, start-up included)",
                        elapsedMillis / 1000.0));
        out.println("--------------------------------------------------------------------------");
        if (r.ok()) {
            out.println(
                    "contract invariants: all held (one decision of each kind per order, money"
                            + " conserved,");
            out.println(
                    "no sku oversold, every input record accounted for, each order's latest status"
                            + " agreeing with its decisions)");
        } else {
            out.println("contract invariants: VIOLATED");
            out.println(r.format());
        }
    }

    /** The summary as one JSON object on one line (see the class comment). */
    String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        Report r = report;
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", r.ok());
        root.put("input_records", r.recordsReadTotal());
        ArrayNode topics = root.putArray("input_records_by_topic");
        r.recordsRead()
                .forEach(
                        (topic, count) ->
                                topics.addObject().put("topic", topic).put("records", count));
        root.put("applied", r.applied());
        root.put("duplicates_dropped", r.duplicates());
        root.put("dead_letters", r.deadLettersWrittenTotal());
        ObjectNode reasons = root.putObject("dead_letters_by_reason");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            reasons.put(snake(reason), r.deadLettersWritten().getOrDefault(reason, 0L));
        }
        root.put("orders_confirmed", r.confirmations());
        root.put("confirmed_amount_minor_units", r.amountConfirmed());
        for (RefundReason reason : RefundReason.values()) {
            String key = "refunds_" + snake(reason);
            root.put(key, r.refunds().getOrDefault(reason, 0L));
            root.put(key + "_amount_minor_units", r.amountRefunded().getOrDefault(reason, 0L));
        }
        root.put("orders_with_status", ordersWithStatus());
        ObjectNode statuses = root.putObject("orders_by_status");
        for (OrderStatus.Status status : OrderStatus.Status.values()) {
            statuses.put(snake(status), ordersByStatus.getOrDefault(status, 0L));
        }
        root.put("job_elapsed_ms", elapsedMillis);
        root.put("throughput_records_per_second", throughputPerSecond());
        try {
            root.set("verify", mapper.readTree(r.toJson()));
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "the verifier's report is JSON and a tree always writes", e);
        }
    }

    private static String snake(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static void row(PrintStream out, String label, long value, String note) {
        out.println(
                String.format(Locale.ROOT, "%-22s %,12d   %s", label, value, note).stripTrailing());
    }

    private static String money(long minorUnits) {
        return String.format(Locale.ROOT, "%,.2f (EUR)", minorUnits / 100.0);
    }

    private static String joinCounts(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + " " + String.format(Locale.ROOT, "%,d", v)));
        return String.join(", ", parts);
    }

    private static String joinReasons(Map<DeadLetterReason, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach(
                (k, v) -> {
                    if (v > 0) {
                        parts.add(k + " " + v);
                    }
                });
        return String.join(", ", parts);
    }
}
