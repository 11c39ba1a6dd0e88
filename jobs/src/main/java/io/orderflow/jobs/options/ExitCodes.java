package io.orderflow.jobs.options;

/**
 * The exit codes of every orderflow command, in one place (the README's table lists them per
 * command). A script can tell a failed check from a mistake on the command line, from an input that
 * did not answer, from a command that could not do its work.
 */
public final class ExitCodes {

    /** Done, and every check held. */
    public static final int OK = 0;

    /** The command ran and its check failed: a violation, an unknown order, nothing running. */
    public static final int CHECK_FAILED = 1;

    /** A usage mistake: a bad option or value; one line names it ({@link UsageException}). */
    public static final int USAGE = 2;

    /**
     * Input unreachable: Kafka or Flink did not answer or refused the client, or a topic is
     * missing; nothing was done ({@link UnreachableException}).
     */
    public static final int UNREACHABLE = 3;

    /**
     * The command itself failed: a broker or cluster that did not start, a job that failed, a
     * crash. One line says why ({@code ORDERFLOW_DEBUG=1} shows the stack trace).
     */
    public static final int FAILED = 4;

    private ExitCodes() {}
}
