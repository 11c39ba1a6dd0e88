package io.orderflow.local.verify;

import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.RefundReason;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link InvariantChecker#check()} found: counts of inputs and outputs, and for each kind of
 * violation its total and the first few examples. {@link #ok()} only when there is no violation.
 */
public record Report(
        Map<String, Long> recordsRead,
        long applied,
        long duplicates,
        Map<DeadLetterReason, Long> expectedDeadLetters,
        long ordersApplied,
        long confirmations,
        long amountConfirmed,
        Map<RefundReason, Long> refunds,
        Map<RefundReason, Long> amountRefunded,
        Map<DeadLetterReason, Long> deadLettersWritten,
        long undecidedBackorders,
        long cancelledNeverPlaced,
        List<ViolationSummary> violations) {

    /** The first examples of one kind of violation, each a one-line explanation. */
    public record ViolationSummary(ViolationKind kind, long total, List<String> examples) {}

    public Report {
        // Copies that keep a readable order: topics as read, reasons as declared.
        recordsRead = Collections.unmodifiableMap(new LinkedHashMap<>(recordsRead));
        expectedDeadLetters = enumCopy(DeadLetterReason.class, expectedDeadLetters);
        refunds = enumCopy(RefundReason.class, refunds);
        amountRefunded = enumCopy(RefundReason.class, amountRefunded);
        deadLettersWritten = enumCopy(DeadLetterReason.class, deadLettersWritten);
        violations = List.copyOf(violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    public long recordsReadTotal() {
        return recordsRead.values().stream().mapToLong(Long::longValue).sum();
    }

    public long deadLettersExpected() {
        return expectedDeadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many violations of {@code kind} were found (0 when none). */
    public long total(ViolationKind kind) {
        return violations.stream()
                .filter(v -> v.kind() == kind)
                .mapToLong(ViolationSummary::total)
                .sum();
    }

    public long totalViolations() {
        return violations.stream().mapToLong(ViolationSummary::total).sum();
    }

    /** The report as people read it: counts, one line per invariant, then the violations. */
    public String format() {
        StringBuilder out = new StringBuilder();
        line(out, "input records read: %,d (%s)", recordsReadTotal(), counts(recordsRead));
        line(
                out,
                "  applied %,d + duplicates %,d + dead letters %,d = %,d",
                applied,
                duplicates,
                deadLettersExpected(),
                applied + duplicates + deadLettersExpected());
        if (!expectedDeadLetters.isEmpty()) {
            line(out, "  dead letters expected: %s", counts(expectedDeadLetters));
        }
        line(out, "orders applied: %,d", ordersApplied);
        line(out, "confirmations: %,d, amount %,d", confirmations, amountConfirmed);
        for (RefundReason reason : RefundReason.values()) {
            line(
                    out,
                    "refunds %s: %,d, amount %,d",
                    reason,
                    refunds.getOrDefault(reason, 0L),
                    amountRefunded.getOrDefault(reason, 0L));
        }
        line(
                out,
                "dead letters written: %,d%s",
                sum(deadLettersWritten),
                deadLettersWritten.isEmpty() ? "" : " (" + counts(deadLettersWritten) + ")");
        if (undecidedBackorders > 0) {
            line(out, "info: %,d BACKORDER orders undecided (still waiting)", undecidedBackorders);
        }
        if (cancelledNeverPlaced > 0) {
            line(out, "info: %,d cancellations for orders never placed", cancelledNeverPlaced);
        }
        for (int invariant = 1; invariant <= 4; invariant++) {
            long found = 0;
            for (ViolationSummary v : violations) {
                if (v.kind().invariant() == invariant) {
                    found += v.total();
                }
            }
            line(
                    out,
                    "invariant %d (%s): %s",
                    invariant,
                    INVARIANTS[invariant - 1],
                    found == 0 ? "holds" : String.format(Locale.ROOT, "VIOLATED (%,d)", found));
        }
        for (ViolationSummary v : violations) {
            line(out, "%s: %,d (%s)", v.kind(), v.total(), v.kind().meaning());
            for (String example : v.examples()) {
                line(out, "  - %s", example);
            }
        }
        line(
                out,
                ok()
                        ? "OK"
                        : String.format(
                                Locale.ROOT, "VIOLATED: %,d violations", totalViolations()));
        return out.toString();
    }

    private static final String[] INVARIANTS = {
        "at most one output of each kind per order",
        "money: confirmed + out of stock = total, cancellations refunded",
        "nothing oversold",
        "every input record accounted for"
    };

    private static <E extends Enum<E>> Map<E, Long> enumCopy(Class<E> type, Map<E, Long> counts) {
        Map<E, Long> copy = new EnumMap<>(type);
        copy.putAll(counts);
        return Collections.unmodifiableMap(copy);
    }

    /** {@code orders 1,071,493, inventory 203,609}: names with their counts, in map order. */
    private static String counts(Map<?, Long> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach(
                (name, count) -> {
                    if (text.length() > 0) {
                        text.append(", ");
                    }
                    text.append(String.format(Locale.ROOT, "%s %,d", name, count));
                });
        return text.toString();
    }

    private static long sum(Map<?, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
