package io.orderflow.jobs.kafka;

import io.orderflow.functions.Decision;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RefundIssued;
import io.orderflow.schemas.json.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Encodes one kind of output event for its topic, keyed as the contract says. */
public abstract class OutputEncoder<T> extends RichMapFunction<T, OutputRecord> {

    protected final String topic;
    protected transient EventCodec codec;

    protected OutputEncoder(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = new EventCodec();
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Confirmations, refunds and status changes, each to its own topic. */
    public static final class Decisions extends OutputEncoder<Decision> {
        private final String refundsTopic;
        private final String statusTopic;

        public Decisions(String confirmationsTopic, String refundsTopic, String statusTopic) {
            super(confirmationsTopic);
            this.refundsTopic = refundsTopic;
            this.statusTopic = statusTopic;
        }

        @Override
        public OutputRecord map(Decision d) {
            OrderConfirmed c = d.confirmed();
            if (c != null) {
                return new OutputRecord(topic, utf8(c.orderId()), c.occurredAt(), codec.encode(c));
            }
            OrderStatus s = d.status();
            if (s != null) {
                return new OutputRecord(
                        statusTopic, utf8(s.orderId()), s.occurredAt(), codec.encode(s));
            }
            RefundIssued r = d.refund();
            return new OutputRecord(
                    refundsTopic, utf8(r.orderId()), r.occurredAt(), codec.encode(r));
        }
    }

    public static final class DeadLetters extends OutputEncoder<DeadLetter> {
        public DeadLetters(String topic) {
            super(topic);
        }

        @Override
        public OutputRecord map(DeadLetter e) {
            return new OutputRecord(topic, utf8(e.key()), e.occurredAt(), codec.encode(e));
        }
    }
}
