package io.orderflow.local.verify;

import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.Topics;
import io.orderflow.schemas.json.EventCodec;

/** The topics to read and the job options the expectations depend on. */
public record VerifyOptions(
        String ordersTopic,
        String inventoryTopic,
        String confirmationsTopic,
        String refundsTopic,
        String deadLettersTopic,
        Fulfilment defaultFulfilment,
        int maxRecordBytes) {

    /** The contract's default topics and job options. */
    public static VerifyOptions defaults() {
        return new VerifyOptions(
                Topics.ORDERS.name(),
                Topics.INVENTORY.name(),
                Topics.CONFIRMATIONS.name(),
                Topics.REFUNDS.name(),
                Topics.DEAD_LETTERS.name(),
                Fulfilment.PARTIAL,
                EventCodec.DEFAULT_MAX_RECORD_BYTES);
    }

    /** The default output topic names, each prefixed with {@code prefix}. */
    public VerifyOptions withOutputPrefix(String prefix) {
        return new VerifyOptions(
                ordersTopic,
                inventoryTopic,
                prefix + Topics.CONFIRMATIONS.name(),
                prefix + Topics.REFUNDS.name(),
                prefix + Topics.DEAD_LETTERS.name(),
                defaultFulfilment,
                maxRecordBytes);
    }

    public VerifyOptions withInputTopics(String orders, String inventory) {
        return new VerifyOptions(
                orders,
                inventory,
                confirmationsTopic,
                refundsTopic,
                deadLettersTopic,
                defaultFulfilment,
                maxRecordBytes);
    }

    public VerifyOptions withDefaultFulfilment(Fulfilment fulfilment) {
        return new VerifyOptions(
                ordersTopic,
                inventoryTopic,
                confirmationsTopic,
                refundsTopic,
                deadLettersTopic,
                fulfilment,
                maxRecordBytes);
    }
}
