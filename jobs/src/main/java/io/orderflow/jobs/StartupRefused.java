package io.orderflow.jobs;

/**
 * A start-up check refused the job while {@code main} runs inside the JobManager (application
 * mode): thrown instead of exiting, so that Flink fails the application with this one line (shown
 * as the failed job's exception when {@code execution.submit-failed-job-on-application-error} is
 * on) and the JobManager stays up. No stack trace of its own: the line says what to fix.
 */
public final class StartupRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StartupRefused(String line) {
        super(line, null, false, false);
    }
}
