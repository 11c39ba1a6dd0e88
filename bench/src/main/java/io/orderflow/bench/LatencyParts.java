package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each measured decision's latency is made of, from instants on one machine's clock: the
 * broker's append time of the OrderPlaced, the broker's append time of its decision (the decision
 * topics use LogAppendTime, so this is when the sink wrote it, before its transaction committed),
 * the trigger, last acknowledgement and completion of the checkpoint that committed it (the latest
 * one completed before the decision was visible, from Flink's checkpoint history and {@link
 * CheckpointCompletions}) and the moment the read_committed reader saw it.
 *
 * <p>The parts, which add up to the latency: <b>to the decision</b> (reading, the watermark's
 * out-of-orderness and interval, the exchanges, the sink's linger); <b>to the trigger</b> (from the
 * decision's append to the trigger of the checkpoint that committed it: the wait for the next
 * checkpoint, negative when the decision was written after the trigger but before the barrier
 * reached the sink); <b>checkpoint</b> (trigger to the last task's acknowledgement);
 * <b>completion</b> (from there until the job manager completed it, its metadata written; 0 when
 * the history does not have the completion); <b>to visible</b> (the commit of the Kafka
 * transaction, its markers and the reader's fetch).
 */
final class LatencyParts {

    /** The parts' names, in the order they add up. */
    static final String[] NAMES = {
        "toDecision", "toTrigger", "checkpoint", "completion", "toVisible"
    };

    private long[] samples = new long[3 * 1024];
    private int count;

    /** One decision: the times (epoch ms) its order was appended, it was appended, it was seen. */
    void add(long orderAppended, long decisionAppended, long visible) {
        if (3 * count + 3 > samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[3 * count] = orderAppended;
        samples[3 * count + 1] = decisionAppended;
        samples[3 * count + 2] = visible;
        count++;
    }

    int count() {
        return count;
    }

    /**
     * The median of each part over all decisions, and the mean of each part over the slowest {@code
     * tailPercent} % of them (whose means add up to their mean latency); empty maps when there were
     * no decisions or no completed checkpoint before them. {@code checkpoints} is the variant's
     * checkpoint history: triggeredAt, durationMs and, where known, completedAt of each completed
     * one.
     */
    Split split(JsonNode checkpoints, double tailPercent) {
        long[][] completed = completions(checkpoints);
        long[][] parts = new long[count][];
        int n = 0;
        for (int i = 0; i < count; i++) {
            long[] p = parts(completed, samples[3 * i], samples[3 * i + 1], samples[3 * i + 2]);
            if (p != null) {
                parts[n++] = p;
            }
        }
        if (n == 0) {
            return new Split(Map.of(), Map.of(), 0);
        }
        long[][] known = Arrays.copyOf(parts, n);
        Map<String, Long> medians = new LinkedHashMap<>();
        for (int part = 0; part < NAMES.length; part++) {
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = known[i][part];
            }
            Arrays.sort(values);
            medians.put(NAMES[part], values[(n - 1) / 2]);
        }
        // The slowest: by the sum of the parts, which is the decision's latency.
        Arrays.sort(known, (x, y) -> Long.compare(total(y), total(x)));
        int tail = Math.max(1, (int) Math.ceil(n * tailPercent / 100));
        Map<String, Long> tailMeans = new LinkedHashMap<>();
        for (int part = 0; part < NAMES.length; part++) {
            long sum = 0;
            for (int i = 0; i < tail; i++) {
                sum += known[i][part];
            }
            tailMeans.put(NAMES[part], Math.round((double) sum / tail));
        }
        return new Split(medians, tailMeans, n);
    }

    /**
     * The medians of the parts, the means over the slowest decisions, and how many decisions had a
     * checkpoint to split by.
     */
    record Split(Map<String, Long> medians, Map<String, Long> tailMeans, int decisions) {}

    private static long total(long[] parts) {
        long sum = 0;
        for (long p : parts) {
            sum += p;
        }
        return sum;
    }

    /**
     * {trigger, last acknowledgement, completion} of every completed checkpoint, by completion; the
     * completion is the last acknowledgement where the history does not have it.
     */
    private static long[][] completions(JsonNode checkpoints) {
        long[][] c = new long[checkpoints.size()][];
        int i = 0;
        for (JsonNode cp : checkpoints) {
            long trigger = cp.path("triggeredAt").asLong();
            long lastAck = trigger + cp.path("durationMs").asLong();
            long completed = Math.max(lastAck, cp.path("completedAt").asLong(lastAck));
            c[i++] = new long[] {trigger, lastAck, completed};
        }
        Arrays.sort(c, (x, y) -> Long.compare(x[2], y[2]));
        return c;
    }

    /**
     * The parts of one decision's latency, or null when no checkpoint completed at or after its
     * append and before it was seen (the history missed it).
     */
    private static long[] parts(long[][] completed, long order, long decision, long visible) {
        long[] committing = null;
        for (long[] c : completed) { // by completion: the last one up to the moment it was seen
            if (c[2] > visible) {
                break;
            }
            committing = c;
        }
        if (committing == null || committing[2] < decision) {
            return null;
        }
        return new long[] {
            decision - order,
            committing[0] - decision,
            committing[1] - committing[0],
            committing[2] - committing[1],
            visible - committing[2]
        };
    }
}
