package io.orderflow.jobs.options;

import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.KafkaOptions;
import io.orderflow.jobs.cli.Range;
import io.orderflow.schemas.DeadLetterLimits;
import io.orderflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every job of the suite takes, declared once for picocli (a mixin of {@link
 * OrderProcessingDeclared} and {@link RiversDeclared}): Kafka, where a run starts and stops, the
 * output prefix, resuming, checkpoints, dead letters and delivery. The values are checked by {@link
 * RunArgs} when the job's options are built, each rule with its one line.
 */
public final class JobOptionsDeclared {

    static final int MAX_DEAD_LETTER_VALUE_BYTES = 16 * 1024 * 1024;

    @Mixin HelpOption help;

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--starting-offsets",
            paramLabel = "F",
            description =
                    "earliest, latest, committed[:latest], timestamp:<ISO-8601> or"
                            + " topic:partition:offset,... (default: committed, else earliest)")
    String startingOffsets;

    @Option(
            names = "--stop-at",
            paramLabel = "F",
            description =
                    "latest, timestamp:<ISO-8601> or topic:partition:offset,...: read up to there"
                            + " (positions taken at start), commit, and end (default: run until"
                            + " stopped)")
    String stopAt;

    @Option(
            names = "--output-prefix",
            paramLabel = "P",
            description =
                    "write every output topic as P<name> (created if missing), with its own"
                            + " consumer group and transactional ids: a side-by-side replay")
    String outputPrefix = "";

    @Option(
            names = "--allow-live-outputs",
            description =
                    "let a run that does not start from committed offsets or a savepoint write to"
                            + " live output topics that already hold records")
    boolean allowLiveOutputs;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description = "resume from a savepoint or retained checkpoint (any parallelism)")
    String fromSavepoint;

    @Option(
            names = "--resume",
            description =
                    "resume from this job's latest retained checkpoint in --checkpoint-dir (give"
                            + " the options it ran with, --stop-at included)")
    boolean resume;

    @Option(
            names = "--group-id",
            paramLabel = "G",
            description =
                    "consumer group for committed offsets (default: orderflow-<job>[-<prefix>])")
    String groupId;

    @Option(names = "--parallelism", paramLabel = "N", description = "(default: the cluster's)")
    @Range(min = 1, max = 1024)
    Integer parallelism;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "D",
            description = "(default: ${DEFAULT-VALUE})")
    String checkpointInterval = "2s";

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description =
                    "where checkpoints go (default: the cluster's execution.checkpointing.dir)")
    String checkpointDir;

    @Option(
            names = "--dead-letters-topic",
            paramLabel = "T",
            description = "(default: ${DEFAULT-VALUE})")
    String deadLettersTopic = Topics.DEAD_LETTERS.name();

    @Option(
            names = "--dead-letter-value-bytes",
            paramLabel = "N",
            description =
                    "a dead letter (or river problem) holds at most the first N bytes of the"
                        + " input's value (default: ${DEFAULT-VALUE}); the job refuses to start if"
                        + " its dead letters could exceed the topic's or producer's limit")
    @Range(min = 0, max = MAX_DEAD_LETTER_VALUE_BYTES)
    int deadLetterValueBytes = DeadLetterLimits.DEFAULT_VALUE_BYTES;

    @Option(
            names = "--delivery",
            paramLabel = "exactly-once|at-least-once",
            description = "(default: exactly-once)")
    OrderProcessingOptions.Delivery delivery = OrderProcessingOptions.Delivery.EXACTLY_ONCE;

    @Option(
            names = "--transactional-id-prefix",
            paramLabel = "P",
            description = "(default: orderflow-<job>-<hash of group and outputs>)")
    String transactionalIdPrefix;

    @Option(
            names = "--kafka-property",
            paramLabel = "k=v",
            description =
                    "one more Kafka client setting, over the --kafka-config file's; repeatable")
    List<String> kafkaProperties = new ArrayList<>();
}
