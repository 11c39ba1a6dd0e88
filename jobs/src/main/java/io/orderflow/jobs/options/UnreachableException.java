package io.orderflow.jobs.options;

/**
 * Kafka or Flink did not answer or refused the client, or a topic is missing, so nothing was done:
 * printed as one line saying which, then exit code {@value #EXIT_CODE}. Never shown with a stack
 * trace.
 */
public final class UnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int EXIT_CODE = ExitCodes.UNREACHABLE;

    public UnreachableException(String message) {
        super(message, null, false, false);
    }
}
