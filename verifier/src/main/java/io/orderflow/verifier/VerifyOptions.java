package io.orderflow.verifier;

/** The topics to read and the job options the expectations depend on. */
public record VerifyOptions(
        String ordersTopic,
        String inventoryTopic,
        String confirmationsTopic,
        String refundsTopic,
        String deadLettersTopic,
        String statusTopic,
        Fulfilment defaultFulfilment,
        int maxRecordBytes) {

    /** The contract's default topics (section 1) and job options (sections 3 and 5). */
    public static VerifyOptions defaults() {
        return new VerifyOptions(
                "orders",
                "inventory",
                "order-confirmations",
                "refunds",
                "dead-letters",
                "order-status",
                Fulfilment.PARTIAL,
                InputRules.DEFAULT_MAX_RECORD_BYTES);
    }

    /** The default output topic names, each prefixed with {@code prefix}. */
    public VerifyOptions withOutputPrefix(String prefix) {
        VerifyOptions names = defaults();
        return new VerifyOptions(
                ordersTopic,
                inventoryTopic,
                prefix + names.confirmationsTopic(),
                prefix + names.refundsTopic(),
                prefix + names.deadLettersTopic(),
                prefix + names.statusTopic(),
                defaultFulfilment,
                maxRecordBytes);
    }

    public VerifyOptions withOutputTopics(
            String confirmations, String refunds, String deadLetters, String status) {
        return new VerifyOptions(
                ordersTopic,
                inventoryTopic,
                confirmations,
                refunds,
                deadLetters,
                status,
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
                statusTopic,
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
                statusTopic,
                fulfilment,
                maxRecordBytes);
    }
}
