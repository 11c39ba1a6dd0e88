package io.orderflow.functions;

import io.orderflow.schemas.OrderConfirmed;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.RefundIssued;

/**
 * One output of the {@link OrderDecider}: a confirmation, a refund or a status change (exactly one
 * is set). All leave the decider in one stream, so the encoder and the sink chain to it: no network
 * exchange, no serialization between the decision and its Kafka record.
 */
public record Decision(OrderConfirmed confirmed, RefundIssued refund, OrderStatus status) {

    public static Decision of(OrderConfirmed confirmed) {
        return new Decision(confirmed, null, null);
    }

    public static Decision of(RefundIssued refund) {
        return new Decision(null, refund, null);
    }

    public static Decision of(OrderStatus status) {
        return new Decision(null, null, status);
    }
}
