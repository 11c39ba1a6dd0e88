package io.orderflow.jobs.cli;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import java.io.PrintStream;

/**
 * How a command that ended with an exception exits, for every command: one line on stderr and the
 * exit code of {@link ExitCodes}. A usage mistake or an unreachable input is its own message;
 * anything else is a failure of the command itself, never a failed check.
 */
public final class CommandErrors {

    private CommandErrors() {}

    /**
     * Prints {@code e}'s line as {@code orderflow <command>: ...} on {@code err} and returns its
     * exit code.
     */
    public static int report(String command, Exception e, PrintStream err) {
        String prefix = "orderflow " + command + ": ";
        if (e instanceof UsageException) {
            err.println(prefix + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof UnreachableException) {
            err.println(prefix + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
        return failed(command, e, err);
    }

    /**
     * The command itself failed, whatever {@code e} is (a demo whose own broker does not answer has
     * crashed, it did not meet an unreachable input): prints why and returns {@link
     * ExitCodes#FAILED}.
     */
    public static int failed(String command, Exception e, PrintStream err) {
        err.println("orderflow " + command + ": failed: " + rootMessage(e));
        if (System.getenv("ORDERFLOW_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set ORDERFLOW_DEBUG=1 for the stack trace)");
        }
        return ExitCodes.FAILED;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + t + ")";
    }
}
