package io.orderflow.verifier;

import java.util.Objects;

/**
 * Takes in the order-status topic (CONTRACT.md section 7): checks what one record says about itself
 * and its place among its order's records (eventId {@code <orderId>/status/<seq>}, the Kafka key
 * and timestamp, seq 1, 2, ... in the order written: one key, one partition, read in offset order),
 * and keeps each order's latest for {@link StatusCheck}.
 */
final class OrderStatuses {

    private final Observations observations;

    OrderStatuses(Observations seen) {
        this.observations = seen;
    }

    void accept(OutputEvents.Status status, String kafkaKey, long kafkaTimestamp) {
        String orderId = status.orderId();
        Violations found = observations.atIntake;
        String what = "status record " + status.eventId();
        if (!Objects.equals(orderId, kafkaKey)) {
            found.order(
                    ViolationKind.STATUS_SEQUENCE,
                    orderId,
                    what + " has Kafka key " + kafkaKey + ", not " + orderId);
        }
        if (status.occurredAt() != kafkaTimestamp) {
            found.order(
                    ViolationKind.STATUS_SEQUENCE,
                    orderId,
                    what
                            + " has Kafka timestamp "
                            + Instants.format(kafkaTimestamp)
                            + ", not its occurredAt "
                            + Instants.format(status.occurredAt()));
        }
        if (!status.occurredAtInOutputForm()) {
            found.order(
                    ViolationKind.STATUS_SEQUENCE,
                    orderId,
                    what + " occurredAt is not written with exactly three fraction digits");
        }
        String expectedId = orderId + "/status/" + status.seq();
        if (!expectedId.equals(status.eventId())) {
            found.order(
                    ViolationKind.STATUS_SEQUENCE,
                    orderId,
                    what + " should have eventId " + expectedId);
        }
        OrderSummary order = observations.order(orderId);
        long expectedSeq = order.status == null ? 1 : order.status.seq + 1;
        if (status.seq() != expectedSeq) {
            found.order(
                    ViolationKind.STATUS_SEQUENCE,
                    orderId,
                    what + " has seq " + status.seq() + " where " + expectedSeq + " comes next");
        }
        if (order.status != null && status.occurredAt() < order.status.occurredAt) {
            found.order(
                    ViolationKind.STATUS_SEQUENCE,
                    orderId,
                    what + " took effect before the status it follows");
        }
        order.status = new StatusSummary(status, order.status, observations::intern);
    }
}
