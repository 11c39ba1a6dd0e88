package io.orderflow.jobs.rivers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.DeadLetterSize;
import io.orderflow.schemas.json.EventCodec;
import io.orderflow.schemas.json.GeneratorPerThread;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code RiverProblem} record of contract section 8: a rapids record whose precondition holds
 * for a river but which breaks its rules, with one sentence per broken rule, and the input's value
 * bounded exactly as in a dead letter (the same {@link DeadLetter} limits and fields).
 */
public final class RiverProblems {

    public static final String TYPE = "RiverProblem";

    /** Problems are rare: a generator per thread, not a tree and a writer per problem. */
    private static final GeneratorPerThread GENERATORS = new GeneratorPerThread(new JsonFactory());

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
                topic, key, origin.timestamp(), encode(id, river, problems, origin, bounded));
    }

    /** What a problem record is written from. */
    record Problem(
            String id,
            String river,
            List<String> problems,
            RecordOrigin origin,
            DeadLetter bounded) {}

    static byte[] encode(
            String id,
            String river,
            List<String> problems,
            RecordOrigin origin,
            DeadLetter bounded) {
        return GENERATORS.write(
                new Problem(id, river, problems, origin, bounded), RiverProblems::fields);
    }

    /**
     * The problem's fields, in the contract's order. Only the key's and value's bounds are taken
     * from a dead letter: its reason is never written.
     */
    private static void fields(JsonGenerator out, Problem problem) throws IOException {
        RecordOrigin origin = problem.origin();
        DeadLetter bounded = problem.bounded();
        out.writeStringField("eventId", problem.id());
        out.writeStringField("type", TYPE);
        out.writeStringField("occurredAt", EventCodec.formatInstant(origin.timestamp()));
        out.writeStringField("river", problem.river());
        out.writeArrayFieldStart("problems");
        for (String sentence : problem.problems()) {
            out.writeString(sentence);
        }
        out.writeEndArray();
        out.writeObjectFieldStart("source");
        out.writeStringField("topic", origin.topic());
        out.writeNumberField("partition", origin.partition());
        out.writeNumberField("offset", origin.offset());
        out.writeNumberField("timestamp", origin.timestamp());
        out.writeEndObject();
        out.writeStringField("key", bounded.key());
        if (bounded.valueBase64() != null) {
            out.writeStringField("valueBase64", bounded.valueBase64());
        } else {
            out.writeStringField("value", bounded.value());
        }
        out.writeNumberField("valueBytes", bounded.valueBytes());
        out.writeStringField("valueSha256", bounded.valueSha256());
        out.writeBooleanField("valueTruncated", bounded.valueTruncated());
    }
}
