package io.orderflow.rivers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What one rapids record means for one river (contract section 8). */
public sealed interface RiverOutcome {

    River river();

    /** The precondition is not met: the record is skipped silently by this river. */
    record NotForRiver(River river) implements RiverOutcome {}

    /**
     * The record goes to {@link #topic()} with the input's key and Kafka timestamp. {@code record}
     * is the input record that met the river, {@code source} where it was read; the river record's
     * value is {@link #value()}, and {@link RiverRecordBytes} writes it without building it.
     */
    record RiverRecord(River river, String id, ObjectNode record, RecordSource source)
            implements RiverOutcome {

        public String topic() {
            return river.topic();
        }

        /**
         * The river record's value, built on each call: the projection plus {@code @river}, {@code
         * @id} and {@code @source}. It shares subtrees with the input record, so neither may be
         * changed afterwards.
         */
        public ObjectNode value() {
            ObjectNode value =
                    river.projection() == null
                            ? Rivers.shallowCopy(record)
                            : river.projection().apply(record);
            value.remove(Rivers.RIVER_FIELDS);
            value.put("@river", river.name());
            value.put("@id", id);
            value.set("@source", source.toJson());
            return value;
        }
    }

    /**
     * The precondition is met but rules are broken: one RiverProblem with {@code eventId} = {@code
     * id} and one sentence per broken rule, {@code require} in list order, then {@code where}.
     */
    record Problems(River river, String id, List<String> problems) implements RiverOutcome {

        public Problems {
            problems = List.copyOf(problems);
        }
    }
}
