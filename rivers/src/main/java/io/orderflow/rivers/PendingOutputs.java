package io.orderflow.rivers;

import java.util.Arrays;
import java.util.List;

/**
 * One rapids record's outputs, held until all of them are known, then sent in the order they came:
 * a dead letter alone, or river records and problems in spec order. Kept by a {@link RapidsRouter}
 * and reused for each record, so that routing a record allocates no list and no callback for its
 * outputs. Not thread-safe.
 */
final class PendingOutputs {

    private River[] rivers = new River[4];
    // A river record's value; null for a river's problems.
    private byte[][] values = new byte[4][];
    private String[] ids = new String[4];
    private List<?>[] problems = new List<?>[4];
    private int size;
    private RapidsInput.Rejected rejected;

    /** Forgets the last record's outputs. */
    void clear() {
        Arrays.fill(values, 0, size, null);
        Arrays.fill(ids, 0, size, null);
        Arrays.fill(problems, 0, size, null);
        size = 0;
        rejected = null;
    }

    void deadLetter(RapidsInput.Rejected rejected) {
        this.rejected = rejected;
    }

    void riverRecord(River river, byte[] value) {
        add(river, value, null, null);
    }

    void problems(River river, String id, List<String> sentences) {
        add(river, null, id, sentences);
    }

    /** Sends what was added since {@link #clear}, in that order. */
    @SuppressWarnings("unchecked")
    void sendTo(RapidsRouter.Outputs out, RecordSource source) {
        if (rejected != null) {
            out.deadLetter(rejected);
            return;
        }
        for (int i = 0; i < size; i++) {
            if (values[i] != null) {
                out.riverRecord(rivers[i], source, values[i]);
            } else {
                out.problems(rivers[i], ids[i], (List<String>) problems[i]);
            }
        }
    }

    private void add(River river, byte[] value, String id, List<String> sentences) {
        if (size == rivers.length) {
            int grown = size * 2;
            rivers = Arrays.copyOf(rivers, grown);
            values = Arrays.copyOf(values, grown);
            ids = Arrays.copyOf(ids, grown);
            problems = Arrays.copyOf(problems, grown);
        }
        rivers[size] = river;
        values[size] = value;
        ids[size] = id;
        problems[size] = sentences;
        size++;
    }
}
