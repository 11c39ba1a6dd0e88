package io.orderflow.jobs.options;

/**
 * A user mistake on the command line: printed as one line naming the option and the rule, then exit
 * code 2. Never shown with a stack trace.
 */
public final class UsageException extends RuntimeException {

    public static final int EXIT_CODE = 2;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
