package io.orderflow.verifier;

/**
 * The topics could not be read, so nothing was checked: Kafka did not answer, refused the client, a
 * topic does not exist, or reading made no progress. The message says which, in the verifier's
 * words followed by Kafka's (which may echo client settings: callers holding secrets scrub it).
 */
public final class InputUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
