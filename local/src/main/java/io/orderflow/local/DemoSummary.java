package io.orderflow.local;

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
 * orders have each latest status, and how long the job ran. Printed as text for a person.
 */
record DemoSummary(Report report, Map<OrderStatus.Status, Long> ordersByStatus, long elapsedMillis) {

    DemoSummary {
        ordersByStatus = Map.copyOf(ordersByStatus);
    }

    /** Every contract invariant held. */
    boolean ok() {
        return report.ok();
    }

    /** Input records per second over the whole job run, start-up included. */
    long throughputPerSecond() {
        return elapsedMillis <= 0 ? 0 : Math.round(report.recordsReadTotal() * 1000.0 / elapsedMillis);
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
            row(out, "refunds " + reason, r.refunds().getOrDefault(reason, 0L), "amount " + money(r.amountRefunded().getOrDefault(reason, 0L)));
        }
        row(out, "orders by status", ordersWithStatus(), "by their latest record on order-status (./orderflow status ORDER_ID)");
        for (OrderStatus.Status status : OrderStatus.Status.values()) {
            row(out, "  " + status, ordersByStatus.getOrDefault(status, 0L), "");
        }
        row(out, "throughput", throughputPerSecond(),
                String.format(Locale.ROOT, "input records/s (job ran %.1f s, start-up included)", elapsedMillis / 1000.0));
        out.println("--------------------------------------------------------------------------");
        if (r.ok()) {
            out.println("contract invariants: all held (one decision of each kind per order, money conserved,");
            out.println("no sku oversold, every input record accounted for, each order's latest status agreeing with its decisions)");
        } else {
            out.println("contract invariants: VIOLATED");
            out.println(r.format());
        }
    }

    private static void row(PrintStream out, String label, long value, String note) {
        out.println(String.format(Locale.ROOT, "%-22s %,12d   %s", label, value, note).stripTrailing());
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
        counts.forEach((k, v) -> {
            if (v > 0) {
                parts.add(k + " " + v);
            }
        });
        return String.join(", ", parts);
    }
}
