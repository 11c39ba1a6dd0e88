package io.orderflow.jobs;

import io.orderflow.functions.Decision;
import io.orderflow.schemas.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the order-processing job writes to: Kafka in production, anything else in tests. */
public interface Sinks {

    /**
     * {@code decisions} leave the decider in one stream so that what writes them can chain to it;
     * {@code deadLetters} come from the sources' splitters and the gate.
     */
    void write(DataStream<Decision> decisions, DataStream<DeadLetter> deadLetters);
}
