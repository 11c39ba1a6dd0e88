package io.orderflow.functions;

import java.util.List;

/**
 * An order's line outcomes by line: the first each line had (RESERVED, REJECTED or QUEUED, all at
 * the order's own occurredAt) and its final one (the first that is not QUEUED). Outcomes of one
 * line arrive in the order the ledger made them.
 */
final class LineOutcomes {

    final LineOutcome[] first;
    final LineOutcome[] last;
    private int firstKnown;
    private int lastKnown;

    private LineOutcomes(int lines) {
        first = new LineOutcome[lines];
        last = new LineOutcome[lines];
    }

    static LineOutcomes of(int lines, List<LineOutcome> outcomes) {
        LineOutcomes v = new LineOutcomes(lines);
        for (LineOutcome o : outcomes) {
            int i = o.lineIndex();
            if (i < 0 || i >= lines) {
                continue;
            }
            if (v.first[i] == null) {
                v.first[i] = o;
                v.firstKnown++;
            }
            if (o.result().isFinal() && v.last[i] == null) {
                v.last[i] = o;
                v.lastKnown++;
            }
        }
        return v;
    }

    /** Every line has its first outcome: what happened at the order's own instant is known. */
    boolean allFirstKnown() {
        return firstKnown == first.length;
    }

    /** Every line has its final outcome. */
    boolean allFinal() {
        return lastKnown == last.length;
    }

    boolean anyFirst(LineOutcome.Result result) {
        return any(first, result);
    }

    boolean anyFinal(LineOutcome.Result result) {
        return any(last, result);
    }

    boolean isFinal(int line, LineOutcome.Result result) {
        return last[line] != null && last[line].result() == result;
    }

    private static boolean any(LineOutcome[] outcomes, LineOutcome.Result result) {
        for (LineOutcome o : outcomes) {
            if (o != null && o.result() == result) {
                return true;
            }
        }
        return false;
    }
}
