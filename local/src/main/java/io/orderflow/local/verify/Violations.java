package io.orderflow.local.verify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts violations by kind and keeps the first few explanations of each. */
final class Violations {

    static final int EXAMPLES_PER_KIND = 5;

    private final Map<ViolationKind, Long> totals = new EnumMap<>(ViolationKind.class);
    private final Map<ViolationKind, List<String>> examples = new EnumMap<>(ViolationKind.class);

    void add(ViolationKind kind, String explanation) {
        totals.merge(kind, 1L, Long::sum);
        List<String> kept = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (kept.size() < EXAMPLES_PER_KIND) {
            kept.add(explanation);
        }
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
