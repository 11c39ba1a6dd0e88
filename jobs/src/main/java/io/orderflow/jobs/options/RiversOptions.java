package io.orderflow.jobs.options;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.rivers.RiverProblems;
import io.orderflow.rivers.River;
import io.orderflow.rivers.RiverSpec;
import io.orderflow.rivers.RiverSpecException;
import io.orderflow.rivers.Rivers;
import io.orderflow.schemas.json.DeadLetterSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every option of the rivers job (contract section 8), parsed and checked at start-up: the rivers
 * spec is read here, so a mistake in it stops the job before anything runs, with one line naming
 * the file, line, river and mistake. The replay options are the order-processing job's.
 */
public final class RiversOptions implements JobRun {

    public static final String JOB_NAME = "rivers";

    /**
     * A river record larger than this becomes a "too large" RiverProblem; a rapids record larger, a
     * TOO_LARGE dead letter.
     */
    public static final int DEFAULT_MAX_RECORD_BYTES = 900 * 1024;

    public static final String DEFAULT_PROBLEMS_TOPIC = "river-problems";

    public final String bootstrapServers;
    public final Map<String, String> kafkaProperties;
    public final Path riversFile;

    /**
     * The spec's text, read at start-up and shipped with the job, so the cluster needs no copy of
     * the file.
     */
    public final String riversSpec;

    public final Rivers rivers;
    public final String rapidsTopic;
    public final String problemsTopic;
    public final String deadLettersTopic;
    public final String outputPrefix;
    public final OffsetPosition startingOffsets;
    public final OffsetPosition stopAt;
    public final boolean allowLiveOutputs;
    public final String fromSavepoint;
    public final boolean resume;
    public final String groupId;
    public final int parallelism;
    public final Duration checkpointInterval;
    public final String checkpointDir;
    public final int maxRecordBytes;
    public final int deadLetterValueBytes;
    public final OrderProcessingOptions.Delivery delivery;
    public final String transactionalIdPrefix;
    public final List<String> argv;

    private RiversOptions(RiversDeclared o, List<String> argv) {
        this.argv = List.copyOf(argv);
        JobOptionsDeclared c = o.common;
        KafkaConnection kafka = c.kafka.connection();
        bootstrapServers = RunArgs.bootstrapServers(kafka);
        outputPrefix = RunArgs.outputPrefix(c.outputPrefix);
        rapidsTopic = RunArgs.topic("--rapids-topic", o.rapidsTopic, "");
        problemsTopic = RunArgs.topic("--problems-topic", o.problemsTopic, outputPrefix);
        deadLettersTopic = RunArgs.topic("--dead-letters-topic", c.deadLettersTopic, outputPrefix);
        riversFile = Path.of(o.rivers);
        riversSpec = read(riversFile);
        try {
            rivers = RiverSpec.parse(riversSpec, riversFile.getFileName().toString(), rapidsTopic);
        } catch (RiverSpecException mistake) {
            throw new UsageException(mistake.getMessage());
        }
        if (new HashSet<>(List.of(rapidsTopic, problemsTopic, deadLettersTopic)).size() != 3
                || riverTopics().contains(problemsTopic)
                || riverTopics().contains(deadLettersTopic)
                || riverTopics().contains(rapidsTopic)) {
            throw new UsageException(
                    "the rapids, problems and dead-letter topics and every river's topic must be"
                            + " different topics");
        }
        startingOffsets = RunArgs.startingOffsets(c.startingOffsets, inputTopics());
        stopAt = RunArgs.stopAt(c.stopAt, inputTopics());
        allowLiveOutputs = c.allowLiveOutputs;
        fromSavepoint = c.fromSavepoint;
        resume = c.resume;
        RunArgs.refuseResumeWithSavepoint(resume, fromSavepoint);
        groupId = RunArgs.groupId(c.groupId, JOB_NAME, outputPrefix);
        parallelism = c.parallelism == null ? -1 : c.parallelism;
        checkpointInterval =
                RunArgs.positive(
                        "--checkpoint-interval", c.checkpointInterval, Duration.ofMillis(10));
        checkpointDir = c.checkpointDir;
        maxRecordBytes = o.maxRecordBytes;
        deadLetterValueBytes = c.deadLetterValueBytes;
        delivery = c.delivery;
        kafkaProperties = RunArgs.kafkaProperties(c.kafkaProperties, kafka);
        List<String> identity = new ArrayList<>(List.of(groupId));
        identity.addAll(outputTopics());
        transactionalIdPrefix =
                RunArgs.transactionalIdPrefix(c.transactionalIdPrefix, JOB_NAME, identity);
    }

    /**
     * The options {@code argv} gives, checked; asked for help, a {@link HelpRequested} with the
     * help.
     */
    public static RiversOptions parse(List<String> argv) {
        RiversDeclared declared = new RiversDeclared();
        Commands.parseOrHelp(declared, argv);
        return new RiversOptions(declared, argv);
    }

    /** The job's help, generated from {@link RiversDeclared}. */
    public static String usage() {
        return Commands.usage(new RiversDeclared());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("--rivers: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    /** Each river's output topic under the output prefix, in spec order, each once. */
    public List<String> riverTopics() {
        Set<String> topics = new LinkedHashSet<>();
        for (River river : rivers.rivers()) {
            topics.add(outputPrefix + river.topic());
        }
        return List.copyOf(topics);
    }

    @Override
    public String jobName() {
        return JOB_NAME;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    @Override
    public List<String> inputTopics() {
        return List.of(rapidsTopic);
    }

    @Override
    public String inputTopicOption(String inputTopic) {
        return "--rapids-topic";
    }

    /** The river topics, then the problems and the dead-letter topic. */
    @Override
    public List<String> outputTopics() {
        List<String> outputs = new ArrayList<>(riverTopics());
        outputs.add(problemsTopic);
        outputs.add(deadLettersTopic);
        return outputs;
    }

    /**
     * Rivers come and go with the spec: their topics are created when missing, as the problems
     * topic.
     */
    @Override
    public List<String> outputTopicsCreatedIfMissing() {
        return outputTopics();
    }

    @Override
    public OffsetPosition startingOffsets() {
        return startingOffsets;
    }

    @Override
    public OffsetPosition stopAt() {
        return stopAt;
    }

    @Override
    public String outputPrefix() {
        return outputPrefix;
    }

    @Override
    public boolean allowLiveOutputs() {
        return allowLiveOutputs;
    }

    @Override
    public String fromSavepoint() {
        return fromSavepoint;
    }

    @Override
    public boolean resume() {
        return resume;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /**
     * Dead letters and problems, bounded by --dead-letter-value-bytes (a problem's sentences by the
     * spec), and river records, bounded by --max-record-bytes (key and value: the router makes a
     * larger one a "too large" problem).
     */
    @Override
    public List<SizedOutput> sizedOutputs() {
        int rapidsChars = rapidsTopic.length();
        List<SizedOutput> outputs = new ArrayList<>();
        outputs.add(
                new SizedOutput(
                        deadLettersTopic,
                        "a dead letter",
                        "--dead-letter-value-bytes",
                        deadLetterValueBytes,
                        JobOptionsDeclared.MAX_DEAD_LETTER_VALUE_BYTES,
                        v -> DeadLetterSize.maxRecordBytes(v, rapidsChars)));
        outputs.add(
                new SizedOutput(
                        problemsTopic,
                        "a river problem",
                        "--dead-letter-value-bytes",
                        deadLetterValueBytes,
                        JobOptionsDeclared.MAX_DEAD_LETTER_VALUE_BYTES,
                        v -> RiverProblems.maxRecordBytes(v, rapidsChars, riversSpec)));
        for (String topic : riverTopics()) {
            outputs.add(
                    new SizedOutput(
                            topic,
                            "a river record",
                            "--max-record-bytes",
                            maxRecordBytes,
                            RiversDeclared.MAX_RECORD_BYTES,
                            v -> (long) v + DeadLetterSize.KAFKA_RECORD_OVERHEAD));
        }
        return outputs;
    }

    @Override
    public boolean exactlyOnce() {
        return delivery == OrderProcessingOptions.Delivery.EXACTLY_ONCE;
    }

    /**
     * Longer than the order job's 50 ms: the job writes one topic per river, so a partition's batch
     * fills many times as slowly (the bench's 22 topics of 4 partitions), and every small batch
     * costs the job and the broker CPU of its own. Measured: more events/s and less CPU in the job
     * and the broker, and an exactly-once copy's latency to its readers unchanged (bench/README.md,
     * Rivers, session 20).
     */
    @Override
    public Duration exactlyOnceLinger() {
        return Duration.ofMillis(500);
    }

    @Override
    public String jobCheckpointDir() {
        return RunArgs.jobCheckpointDir(checkpointDir, transactionalIdPrefix);
    }

    @Override
    public RiversOptions resumingFrom(String path) {
        return parse(RunArgs.resumingArgs(argv, path));
    }
}
