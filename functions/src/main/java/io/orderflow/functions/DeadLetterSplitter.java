package io.orderflow.functions;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.DeadLetterReason;
import io.orderflow.schemas.InputRecord;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends decoded records on and records that failed to decode to the dead-letter side output. */
public class DeadLetterSplitter extends ProcessFunction<InputRecord, InputRecord> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Map<DeadLetterReason, Counter> deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new EnumMap<>(DeadLetterReason.class);
        var metrics = getRuntimeContext().getMetricGroup();
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(
                    reason,
                    metrics.addGroup(Metrics.REASON_GROUP, reason.name())
                            .counter(Metrics.DEAD_LETTERS));
        }
    }

    @Override
    public void processElement(InputRecord record, Context ctx, Collector<InputRecord> out) {
        if (record.isDeadLetter()) {
            deadLetters.get(record.deadLetter().reason()).inc();
            ctx.output(DEAD_LETTERS, record.deadLetter());
        } else {
            out.collect(record);
        }
    }
}
