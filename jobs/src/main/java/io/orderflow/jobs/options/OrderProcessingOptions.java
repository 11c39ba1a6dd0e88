package io.orderflow.jobs.options;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.json.DeadLetterSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every option of the order-processing job, parsed and checked at start-up: a bad value stops the
 * job before anything runs, with one line naming the option and its rule.
 */
public final class OrderProcessingOptions implements JobRun {

    public static final String JOB_NAME = "order-processing";

    /**
     * Flink's defaults add up to half a second at low load: see {@link OrderProcessingDeclared}.
     */
    public static final String DEFAULT_WATERMARK_INTERVAL =
            OrderProcessingDeclared.DEFAULT_WATERMARK_INTERVAL;

    public static final String DEFAULT_BUFFER_TIMEOUT =
            OrderProcessingDeclared.DEFAULT_BUFFER_TIMEOUT;

    public enum Delivery {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    public enum StateBackend {
        ROCKSDB,
        HASHMAP
    }

    public final String bootstrapServers;
    public final String ordersTopic;
    public final String inventoryTopic;
    public final String confirmationsTopic;
    public final String refundsTopic;
    public final String statusTopic;

    /** Where every output is published as well (contract section 8), or null. */
    public final String rapidsTopic;

    public final String deadLettersTopic;
    public final OffsetPosition startingOffsets;

    /** Where a bounded run stops; null for a job that runs until stopped. */
    public final OffsetPosition stopAt;

    public final String outputPrefix;
    public final boolean allowLiveOutputs;
    public final String fromSavepoint;

    /**
     * Resume from the job's latest retained checkpoint; {@link CheckpointFinder} turns it into
     * {@link #fromSavepoint}.
     */
    public final boolean resume;

    public final String groupId;
    public final int parallelism;
    public final Duration checkpointInterval;
    public final String checkpointDir;
    public final StateBackend stateBackend;

    /**
     * Log-based incremental checkpoints: Flink's changelog state backend over {@link
     * #stateBackend}.
     */
    public final boolean changelog;

    public final Fulfilment defaultFulfilment;
    public final Duration maxOutOfOrderness;
    public final Duration idleTimeout;
    public final int ledgerMemoryEntries;
    public final int deciderMemoryOrders;
    public final Duration watermarkInterval;

    /** Zero: every record is sent at once. */
    public final Duration bufferTimeout;

    public final Duration dedupTtl;
    public final Duration backorderWindow;
    public final int maxRecordBytes;
    public final int deadLetterValueBytes;
    public final Delivery delivery;
    public final String transactionalIdPrefix;
    public final Map<String, String> kafkaProperties;

    /** The arguments these options were parsed from, so a run can be repeated with changes. */
    public final List<String> argv;

    private OrderProcessingOptions(OrderProcessingDeclared o, List<String> argv) {
        this.argv = List.copyOf(argv);
        JobOptionsDeclared c = o.common;
        KafkaConnection kafka = c.kafka.connection();
        bootstrapServers = RunArgs.bootstrapServers(kafka);
        outputPrefix = RunArgs.outputPrefix(c.outputPrefix);
        ordersTopic = RunArgs.topic("--orders-topic", o.ordersTopic, "");
        inventoryTopic = RunArgs.topic("--inventory-topic", o.inventoryTopic, "");
        confirmationsTopic =
                RunArgs.topic("--confirmations-topic", o.confirmationsTopic, outputPrefix);
        refundsTopic = RunArgs.topic("--refunds-topic", o.refundsTopic, outputPrefix);
        deadLettersTopic = RunArgs.topic("--dead-letters-topic", c.deadLettersTopic, outputPrefix);
        statusTopic = RunArgs.topic("--status-topic", o.statusTopic, outputPrefix);
        rapidsTopic =
                o.rapidsTopic == null
                        ? null
                        : RunArgs.topic("--rapids-topic", o.rapidsTopic, outputPrefix);
        Set<String> distinct = new HashSet<>(outputTopics());
        distinct.add(ordersTopic);
        distinct.add(inventoryTopic);
        if (distinct.size() != outputTopics().size() + 2) {
            throw new UsageException("the topic options must name different topics");
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
        stateBackend = o.stateBackend;
        changelog = o.changelog;
        if (changelog && checkpointDir == null) {
            throw new UsageException(
                    "--changelog needs --checkpoint-dir: the state changes are logged under it");
        }
        defaultFulfilment = o.defaultFulfilment;
        maxOutOfOrderness = Durations.parse("--max-out-of-orderness", o.maxOutOfOrderness);
        idleTimeout = RunArgs.positive("--idle-timeout", o.idleTimeout, Duration.ofMillis(1));
        watermarkInterval =
                RunArgs.positive("--watermark-interval", o.watermarkInterval, Duration.ofMillis(1));
        bufferTimeout = Durations.parse("--buffer-timeout", o.bufferTimeout);
        dedupTtl = RunArgs.positive("--dedup-ttl", o.dedupTtl, Duration.ofMillis(1));
        ledgerMemoryEntries = o.ledgerMemoryEntries;
        deciderMemoryOrders = o.deciderMemoryOrders;
        backorderWindow = Durations.parse("--backorder-window", o.backorderWindow);
        maxRecordBytes = o.maxRecordBytes;
        deadLetterValueBytes = c.deadLetterValueBytes;
        delivery = c.delivery;
        kafkaProperties = RunArgs.kafkaProperties(c.kafkaProperties, kafka);
        // Not the status topic: it came later, and a job upgraded in place must keep its prefix.
        transactionalIdPrefix =
                RunArgs.transactionalIdPrefix(
                        c.transactionalIdPrefix,
                        JOB_NAME,
                        List.of(groupId, confirmationsTopic, refundsTopic, deadLettersTopic));
        // A savepoint (not this job's own checkpoint) is restored without claiming it, so the first
        // checkpoint after it must be a full one, which Flink's changelog backend cannot take
        // (FLINK-38307): every checkpoint would fail.
        if (changelog && fromSavepoint != null && !resumesOwnCheckpoint()) {
            throw new UsageException(
                    "--changelog cannot start from a savepoint: Flink's changelog backend cannot"
                            + " take the full first checkpoint that a restore from a savepoint"
                            + " needs; start from it without --changelog");
        }
    }

    /**
     * The options {@code argv} gives, checked; asked for help, a {@link HelpRequested} with the
     * help.
     */
    public static OrderProcessingOptions parse(List<String> argv) {
        OrderProcessingDeclared declared = new OrderProcessingDeclared();
        Commands.parseOrHelp(declared, argv);
        return new OrderProcessingOptions(declared, argv);
    }

    /** The job's help, generated from {@link OrderProcessingDeclared}. */
    public static String usage() {
        return Commands.usage(new OrderProcessingDeclared());
    }

    /**
     * The topics this job writes, the status topic after the three of the first round, the rapids
     * last when given.
     */
    @Override
    public List<String> outputTopics() {
        return rapidsTopic == null
                ? List.of(confirmationsTopic, refundsTopic, deadLettersTopic, statusTopic)
                : List.of(
                        confirmationsTopic,
                        refundsTopic,
                        deadLettersTopic,
                        statusTopic,
                        rapidsTopic);
    }

    @Override
    public List<String> compactedOutputTopics() {
        return List.of(statusTopic);
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
        return List.of(ordersTopic, inventoryTopic);
    }

    @Override
    public String inputTopicOption(String inputTopic) {
        return inputTopic.equals(ordersTopic) ? "--orders-topic" : "--inventory-topic";
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
     * The dead letters, bounded by --dead-letter-value-bytes, on their topic and, with
     * --rapids-topic, on the rapids too.
     */
    @Override
    public List<SizedOutput> sizedOutputs() {
        int longestInput = Math.max(ordersTopic.length(), inventoryTopic.length());
        List<SizedOutput> outputs = new ArrayList<>();
        for (String topic :
                rapidsTopic == null
                        ? List.of(deadLettersTopic)
                        : List.of(deadLettersTopic, rapidsTopic)) {
            outputs.add(
                    new SizedOutput(
                            topic,
                            "a dead letter",
                            "--dead-letter-value-bytes",
                            deadLetterValueBytes,
                            JobOptionsDeclared.MAX_DEAD_LETTER_VALUE_BYTES,
                            v -> DeadLetterSize.maxRecordBytes(v, longestInput)));
        }
        return outputs;
    }

    @Override
    public boolean exactlyOnce() {
        return delivery == Delivery.EXACTLY_ONCE;
    }

    /**
     * Where this job's checkpoints go: a folder per transactional id prefix under --checkpoint-dir,
     * so jobs and output sets that share the directory never take each other's checkpoints; null
     * when no --checkpoint-dir is given (the cluster's own then applies).
     */
    @Override
    public String jobCheckpointDir() {
        return RunArgs.jobCheckpointDir(checkpointDir, transactionalIdPrefix);
    }

    /** These options resuming from {@code path} instead of asking for --resume. */
    @Override
    public OrderProcessingOptions resumingFrom(String path) {
        return parse(RunArgs.resumingArgs(argv, path));
    }
}
