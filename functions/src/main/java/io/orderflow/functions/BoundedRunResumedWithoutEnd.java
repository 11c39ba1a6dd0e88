package io.orderflow.functions;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * A checkpoint or savepoint of a bounded run, resumed without an end: it would read nothing past
 * where the run stopped and wait for ever. Not worth a restart, as the same checkpoint would fail
 * again: the job fails at once with the way out.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public final class BoundedRunResumedWithoutEnd extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** {@code evidence}: what in the checkpoint shows the run was bounded. */
    public BoundedRunResumedWithoutEnd(String evidence) {
        super(
                "the checkpoint or savepoint is of a bounded run ("
                        + evidence
                        + "): resume it with the --stop-at it ran with, "
                        + "or start a run without an end afresh");
    }
}
