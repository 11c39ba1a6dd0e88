package io.orderflow.jobs.rivers;

import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.rivers.RiverProblemBytes;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.DeadLetterSize;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code RiverProblem} record of contract section 8: a rapids record whose precondition holds
 * for a river but which breaks its rules, with one sentence per broken rule, and the input's value
 * bounded exactly as in a dead letter (the same {@link DeadLetter} limits and fields).
 */
public final class RiverProblems {

    private RiverProblems() {}

    /**
     * Room for the fields a problem has and a dead letter has not ("type", "river", "problems").
     */
    private static final int FIELDS_BEYOND_A_DEAD_LETTER = 1024;

    /**
     * The most JSON bytes one sentence adds beyond what it takes from the spec: its words, an
     * echoed value.
     */
    private static final int SENTENCE_BYTES = 400;

    /**
     * The most bytes a problem can take as a Kafka record: a dead letter's bound (the same value,
     * key and source fields) plus the river's name twice (river, eventId) and its sentences, whose
     * paths, rules and names come from the spec. Each spec line holds at most one rule, so the
     * spec's bytes six times over (a character escaped as \u0001) twice, and a sentence per line,
     * bound them.
     */
    public static long maxRecordBytes(int valueLimit, int rapidsTopicChars, String specText) {
        long spec = specText.getBytes(StandardCharsets.UTF_8).length;
        long lines = specText.lines().count();
        return DeadLetterSize.maxRecordBytes(valueLimit, rapidsTopicChars)
                + FIELDS_BEYOND_A_DEAD_LETTER
                + 2 * 6 * spec
                + SENTENCE_BYTES * lines;
    }

    /**
     * The problem record for {@code river} on {@code topic}; its Kafka key is the input's cut as a
     * dead letter's is (its first 1 KiB of whole characters), so it stays within {@link
     * #maxRecordBytes}.
     */
    public static OutputRecord record(
            String topic,
            String id,
            String river,
            List<String> problems,
            RecordOrigin origin,
            int valueLimit) {
        DeadLetter bounded =
                DeadLetter.of(DeadLetterReason.SCHEMA_VIOLATION, "", origin, valueLimit);
        byte[] key = bounded.key() == null ? null : bounded.key().getBytes(StandardCharsets.UTF_8);
        return new OutputRecord(
                topic,
                key,
                origin.timestamp(),
                RiverProblemBytes.of(id, river, problems, origin, bounded));
    }
}
