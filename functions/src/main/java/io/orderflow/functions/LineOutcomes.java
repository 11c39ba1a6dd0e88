package io.orderflow.functions;

import java.util.List;

/**
 * An order's line outcomes by line: the first each line had (RESERVED, REJECTED or QUEUED, all at
 * the order's own occurredAt), its final one (RESERVED, REJECTED or WITHDRAWN) and the ledger's
 * answer to a cancellation (WITHDRAWN, RELEASED or NOT_HELD). Outcomes of one line arrive in the
 * order the ledger made them.
 */
final class LineOutcomes {

    final LineOutcome[] first;
    final LineOutcome[] last;
    final LineOutcome[] answer;
    private int firstKnown;
    private int lastKnown;
    private int answersKnown;

    private LineOutcomes(int lines) {
        first = new LineOutcome[lines];
        last = new LineOutcome[lines];
        answer = new LineOutcome[lines];
    }

    static LineOutcomes of(int lines, List<LineOutcome> outcomes) {
        LineOutcomes v = new LineOutcomes(lines);
        for (LineOutcome o : outcomes) {
            int i = o.lineIndex();
            if (i < 0 || i >= lines) {
                continue;
            }
            LineOutcome.Result result = o.result();
            if (result.answersCancellation() && v.answer[i] == null) {
                v.answer[i] = o;
                v.answersKnown++;
            }
            if (result == LineOutcome.Result.RELEASED || result == LineOutcome.Result.NOT_HELD) {
                continue; // after the line's final outcome, and only about the cancellation
            }
            if (v.first[i] == null) {
                v.first[i] = o;
                v.firstKnown++;
            }
            if (result.isFinal() && v.last[i] == null) {
                v.last[i] = o;
                v.lastKnown++;
            }
        }
        return v;
    }

    /** The ledger answered the cancellation for every line. */
    boolean allAnswered() {
        return answersKnown == answer.length;
    }

    /**
     * Every line has its answer to the cancellation, RELEASED or NOT_HELD, and none its final
     * outcome: those came before the answers, with a decision that was not kept.
     */
    boolean decidedWithoutRecord() {
        return allAnswered() && lastKnown == 0 && firstKnown == 0;
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
