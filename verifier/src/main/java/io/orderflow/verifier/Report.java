package io.orderflow.verifier;

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

    /** The invariants of CONTRACT.md section 5 this report speaks for, by number (1 first). */
    /**
     * The invariants of section 5 this verifier checks, by number (5, the same outputs on a replay,
     * needs two runs).
     */
    static final Map<Integer, String> INVARIANTS =
            Map.of(
                    1, "at most one output of each kind per order",
                    2, "money: confirmed + out of stock = total, cancellations refunded",
                    3, "nothing oversold",
                    4, "every input record accounted for",
                    6, "each order's latest status agrees with its confirmation and refunds");

    /** The first examples of one kind of violation. */
    public record ViolationSummary(ViolationKind kind, long total, List<Violation> examples) {

        /** The examples as the text report prints them. */
        public List<String> texts() {
            return examples.stream().map(Violation::text).toList();
        }
    }

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
        return sum(recordsRead);
    }

    public long deadLettersExpected() {
        return sum(expectedDeadLetters);
    }

    public long deadLettersWrittenTotal() {
        return sum(deadLettersWritten);
    }

    /** How many violations of {@code kind} were found (0 when none). */
    public long total(ViolationKind kind) {
        return violations.stream()
                .filter(v -> v.kind() == kind)
                .mapToLong(ViolationSummary::total)
                .sum();
    }

    /** How many violations break invariant {@code number} of section 5. */
    public long totalOfInvariant(int number) {
        return violations.stream()
                .filter(v -> v.kind().invariant() == number)
                .mapToLong(ViolationSummary::total)
                .sum();
    }

    public long totalViolations() {
        return violations.stream().mapToLong(ViolationSummary::total).sum();
    }

    /** The report as one JSON object with snake_case keys: see {@link ReportJson}. */
    public String toJson() {
        return ReportJson.write(this);
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
                deadLettersWrittenTotal(),
                deadLettersWritten.isEmpty() ? "" : " (" + counts(deadLettersWritten) + ")");
        if (undecidedBackorders > 0) {
            line(out, "info: %,d BACKORDER orders undecided (still waiting)", undecidedBackorders);
        }
        if (cancelledNeverPlaced > 0) {
            line(out, "info: %,d cancellations for orders never placed", cancelledNeverPlaced);
        }
        for (int invariant : new java.util.TreeSet<>(INVARIANTS.keySet())) {
            long found = totalOfInvariant(invariant);
            line(
                    out,
                    "invariant %d (%s): %s",
                    invariant,
                    INVARIANTS.get(invariant),
                    found == 0 ? "holds" : String.format(Locale.ROOT, "VIOLATED (%,d)", found));
        }
        for (ViolationSummary v : violations) {
            line(out, "%s: %,d (%s)", v.kind(), v.total(), v.kind().meaning());
            for (String example : v.texts()) {
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
