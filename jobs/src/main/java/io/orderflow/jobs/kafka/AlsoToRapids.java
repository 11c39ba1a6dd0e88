package io.orderflow.jobs.kafka;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Publishes each output to the rapids topic as well (contract section 8), with its key, timestamp
 * and value: every output is a JSON object with a string {@code type}, as the rapids wants.
 */
public final class AlsoToRapids implements FlatMapFunction<OutputRecord, OutputRecord> {

    private static final long serialVersionUID = 1L;

    private final String rapidsTopic;

    public AlsoToRapids(String rapidsTopic) {
        this.rapidsTopic = rapidsTopic;
    }

    @Override
    public void flatMap(OutputRecord record, Collector<OutputRecord> out) {
        out.collect(record);
        out.collect(
                new OutputRecord(rapidsTopic, record.key(), record.timestamp(), record.value()));
    }
}
