package io.orderflow.jobs.rivers;

import java.io.Serializable;

/**
 * The topics of the rivers job: the rapids it reads, where problems and dead letters go, and the
 * prefix of every output topic (a side-by-side replay's {@code --output-prefix}, else empty).
 */
public record RiverTopics(String rapids, String problems, String deadLetters, String outputPrefix)
        implements Serializable {

    /** A river's output topic as its spec names it, under the output prefix. */
    public String river(String specTopic) {
        return outputPrefix + specTopic;
    }
}
