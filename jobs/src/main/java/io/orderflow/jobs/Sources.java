package io.orderflow.jobs;

import io.orderflow.schemas.InputRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where the order-processing job reads from: Kafka in production, anything else in tests. */
public interface Sources {

    /**
     * Decoded records of the orders topic, with timestamps and watermarks from {@code watermarks}.
     */
    DataStream<InputRecord> orders(
            StreamExecutionEnvironment env, WatermarkStrategy<InputRecord> watermarks);

    /** Decoded records of the inventory topic, likewise. */
    DataStream<InputRecord> inventory(
            StreamExecutionEnvironment env, WatermarkStrategy<InputRecord> watermarks);

    /**
     * {@code watermarks} for an unbounded run, in which a partition that stays silent for {@code
     * timeout} stops holding back the watermark. Flink's idleness by default; Kafka sources count
     * only silence while the brokers answer.
     */
    default WatermarkStrategy<InputRecord> withIdleness(
            WatermarkStrategy<InputRecord> watermarks, Duration timeout) {
        return watermarks.withIdleness(timeout);
    }
}
