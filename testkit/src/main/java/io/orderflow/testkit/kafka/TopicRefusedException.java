package io.orderflow.testkit.kafka;

/**
 * Kafka answered but a topic cannot be as asked: it exists with another partition count, or the
 * brokers refused to create it (a replication factor above their number, say). The message says
 * which topic and why, for the user.
 */
public final class TopicRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    TopicRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
