package io.orderflow.jobs;

import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.RefundIssued;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the order-processing job writes to: Kafka in production, anything else in tests. */
public interface Sinks {

    void write(DataStream<OrderConfirmed> confirmations, DataStream<RefundIssued> refunds, DataStream<DeadLetter> deadLetters);
}
