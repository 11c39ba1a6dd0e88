package io.orderflow.jobs.options;

/**
 * How an exactly-once sink names its Kafka transactions ({@code --transaction-naming}), the Kafka
 * connector's two strategies. The brokers keep every transactional id they have seen for {@code
 * transactional.id.expiration.ms} (7 days by default).
 */
public enum TransactionNaming {
    /**
     * A new id per subtask and checkpoint: a job with 1 s checkpoints leaves 86,400 a day per
     * subtask and sink.
     */
    INCREMENTING,
    /**
     * A few ids per subtask, reused once their transaction is committed; on recovery the job finds
     * its open transactions by listing them (needs DESCRIBE on the prefix's transactional ids).
     */
    POOLING
}
