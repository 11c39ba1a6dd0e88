package io.orderflow.jobs.options;

/**
 * A user mistake on the command line: printed as one line naming the option and the rule, then exit
 * code {@value #EXIT_CODE}. Never shown with a stack trace.
 */
public final class UsageException extends RuntimeException {

    public static final int EXIT_CODE = ExitCodes.USAGE;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
