package io.orderflow.jobs.options;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every job of the suite shares about one run: where it reads and writes, where it starts and
 * stops, how it resumes. The order-processing and the rivers job implement it, so the replay guard,
 * the checkpoint finder and the sinks serve both.
 */
public interface JobRun {

    String jobName();

    String bootstrapServers();

    /**
     * The Kafka client settings (--kafka-config and --kafka-property) for every client of the run.
     */
    Map<String, String> kafkaProperties();

    /** The topics read, the first one being the model for output topics the run creates. */
    List<String> inputTopics();

    /**
     * The option that names {@code inputTopic}, one of {@link #inputTopics()}: what a refusal about
     * it points to.
     */
    String inputTopicOption(String inputTopic);

    /** The topics written. */
    List<String> outputTopics();

    /** Output topics that must be compacted (created so when the run creates them). */
    default List<String> compactedOutputTopics() {
        return List.of();
    }

    /**
     * Output topics the run creates when they are missing, like its first input topic, even when it
     * writes the live outputs (with --output-prefix it creates all of them).
     */
    default List<String> outputTopicsCreatedIfMissing() {
        return compactedOutputTopics();
    }

    OffsetPosition startingOffsets();

    /** Where a bounded run stops; null for a run that goes on until stopped. */
    OffsetPosition stopAt();

    default boolean bounded() {
        return stopAt() != null;
    }

    /**
     * A side-by-side replay's prefix of every output topic; empty when the run writes the live
     * outputs.
     */
    String outputPrefix();

    boolean allowLiveOutputs();

    String fromSavepoint();

    /** The run asks to resume from its latest retained checkpoint ({@link CheckpointFinder}). */
    boolean resume();

    /** The consumer group whose offsets are committed with each checkpoint. */
    String groupId();

    String transactionalIdPrefix();

    /**
     * The outputs whose records the run's options bound, each with its largest record: the start-up
     * check refuses a run whose records could be larger than a topic or the producer accepts.
     */
    default List<SizedOutput> sizedOutputs() {
        return List.of();
    }

    /** Outputs in Kafka transactions committed with each checkpoint; else at least once. */
    boolean exactlyOnce();

    /**
     * How long an exactly-once sink's producer waits to fill a batch ({@code linger.ms}; a
     * --kafka-property goes over it). No reader sees a record before its checkpoint commits, and
     * the sink flushes at every checkpoint, so lingering hides nothing from readers; what is still
     * unsent at a checkpoint is sent while the barrier waits. A run that spreads its records over
     * many output partitions fills each partition's batch slowly and waits longer.
     */
    default Duration exactlyOnceLinger() {
        return EXACTLY_ONCE_LINGER;
    }

    /**
     * The order job's {@link #exactlyOnceLinger()}: its sinks write a few topics, and at 500 ms its
     * decision latency's p99 more than doubled (bench/README.md, session 14).
     */
    Duration EXACTLY_ONCE_LINGER = Duration.ofMillis(50);

    /**
     * Where this run's checkpoints go (a folder per transactional id prefix), or null for the
     * cluster's own.
     */
    String jobCheckpointDir();

    /**
     * Whether --from-savepoint names a checkpoint in this job's own folder, as --resume does: the
     * run then takes it over (Flink's CLAIM mode) and it is deleted once a newer one completes or
     * the run ends, so a finished replay is not resumed a second time by mistake.
     */
    default boolean resumesOwnCheckpoint() {
        if (fromSavepoint() == null || jobCheckpointDir() == null) {
            return false;
        }
        String own = new org.apache.flink.core.fs.Path(jobCheckpointDir()).toUri().getPath() + "/";
        return new org.apache.flink.core.fs.Path(fromSavepoint()).toUri().getPath().startsWith(own);
    }

    /** The same options resuming from {@code path}, instead of asking for --resume. */
    JobRun resumingFrom(String path);
}
