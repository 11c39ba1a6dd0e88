package io.orderflow.jobs.rivers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.rivers.RapidsJson;
import io.orderflow.rivers.RecordSource;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;
import java.util.List;

/**
 * The {@code RiverProblem} record of contract section 8: a rapids record whose precondition holds
 * for a river but which breaks its rules, with one sentence per broken rule, and the input's value
 * bounded exactly as in a dead letter (the same {@link DeadLetter} limits and fields).
 */
public final class RiverProblems {

    public static final String TYPE = "RiverProblem";

    private RiverProblems() {}

    /** The problem record for {@code river}, as JSON bytes. */
    public static byte[] encode(
            String id, String river, List<String> problems, RecordOrigin origin, int valueLimit) {
        // Only the value's bounds are taken from a dead letter: the reason is never written.
        DeadLetter bounded =
                DeadLetter.of(DeadLetterReason.SCHEMA_VIOLATION, "", origin, valueLimit);
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode problem = json.objectNode();
        problem.put("eventId", id);
        problem.put("type", TYPE);
        problem.put("occurredAt", EventCodec.formatInstant(origin.timestamp()));
        problem.put("river", river);
        ArrayNode sentences = problem.putArray("problems");
        problems.forEach(sentences::add);
        problem.set(
                "source",
                new RecordSource(
                                origin.topic(),
                                origin.partition(),
                                origin.offset(),
                                origin.timestamp())
                        .toJson());
        problem.put("key", bounded.key());
        if (bounded.valueBase64() != null) {
            problem.put("valueBase64", bounded.valueBase64());
        } else {
            problem.put("value", bounded.value());
        }
        problem.put("valueBytes", bounded.valueBytes());
        problem.put("valueSha256", bounded.valueSha256());
        problem.put("valueTruncated", bounded.valueTruncated());
        return RapidsJson.write(problem);
    }
}
