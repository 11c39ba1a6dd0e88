package io.orderflow.verifier;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts violations by kind and keeps the first few of each. */
final class Violations {

    static final int EXAMPLES_PER_KIND = 5;

    private final Map<ViolationKind, Long> totals = new EnumMap<>(ViolationKind.class);
    private final Map<ViolationKind, List<Violation>> examples = new EnumMap<>(ViolationKind.class);

    void add(ViolationKind kind, Violation.Subject subject, String id, String message) {
        totals.merge(kind, 1L, Long::sum);
        List<Violation> kept = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (kept.size() < EXAMPLES_PER_KIND) {
            kept.add(new Violation(kind, subject, id, message));
        }
    }

    void order(ViolationKind kind, String orderId, String message) {
        add(kind, Violation.Subject.ORDER, orderId, message);
    }

    void sku(ViolationKind kind, String sku, String message) {
        add(kind, Violation.Subject.SKU, sku, message);
    }

    void record(ViolationKind kind, String coordinates, String message) {
        add(kind, Violation.Subject.RECORD, coordinates, message);
    }

    Violations copy() {
        Violations copy = new Violations();
        copy.totals.putAll(totals);
        examples.forEach((kind, list) -> copy.examples.put(kind, new ArrayList<>(list)));
        return copy;
    }

    List<Report.ViolationSummary> summaries() {
        List<Report.ViolationSummary> out = new ArrayList<>();
        totals.forEach(
                (kind, total) ->
                        out.add(
                                new Report.ViolationSummary(
                                        kind, total, List.copyOf(examples.get(kind)))));
        return out;
    }
}
