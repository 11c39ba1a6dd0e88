package io.orderflow.jobs.options;

import java.util.function.IntToLongFunction;

/**
 * An output topic of a run and the largest Kafka record the run can write to it, as a function of
 * the option that bounds it: what the start-up size check compares with the topic's and the
 * producer's limits, and what it suggests lowering the option to.
 *
 * @param topic the output topic
 * @param what the record, for the refusal: "a dead letter", "a river problem", "a river record"
 * @param option the option that bounds it, e.g. {@code --dead-letter-value-bytes}
 * @param value the option's value in this run
 * @param maxValue the option's greatest value
 * @param recordBytes the most bytes a record can take as a Kafka record (key, value and batch
 *     overhead, before compression) for a value of the option
 */
public record SizedOutput(
        String topic,
        String what,
        String option,
        int value,
        int maxValue,
        IntToLongFunction recordBytes) {

    /** The most bytes a record can take with the run's own value of the option. */
    public long maxRecordBytes() {
        return recordBytes.applyAsLong(value);
    }
}
