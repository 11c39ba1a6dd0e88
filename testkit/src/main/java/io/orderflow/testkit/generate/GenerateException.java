package io.orderflow.testkit.generate;

/** Kafka could not take the records; the message says why, for the user. */
public final class GenerateException extends RuntimeException {
    GenerateException(String message, Throwable cause) {
        super(message, cause);
    }
}
