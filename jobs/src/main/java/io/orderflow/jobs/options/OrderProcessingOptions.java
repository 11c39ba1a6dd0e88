package io.orderflow.jobs.options;

import io.orderflow.functions.OrderDecider;
import io.orderflow.functions.StockLedger;
import io.orderflow.schemas.DeadLetterLimits;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.Topics;
import io.orderflow.schemas.json.EventCodec;
import java.time.Duration;
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
     * A decision waits for the watermark of its line's instant at each of the three exchanges, then
     * for a checkpoint: Flink's defaults (200 ms, 100 ms per exchange) add up to half a second at low load.
     */
    public static final String DEFAULT_WATERMARK_INTERVAL = "50ms";
    public static final String DEFAULT_BUFFER_TIMEOUT = "10ms";

    public static final Set<String> VALUED =
            Set.of(
                    "--bootstrap-servers",
                    "--orders-topic",
                    "--inventory-topic",
                    "--confirmations-topic",
                    "--refunds-topic",
                    "--dead-letters-topic",
                    "--status-topic",
                    "--rapids-topic",
                    "--starting-offsets",
                    "--stop-at",
                    "--group-id",
                    "--parallelism",
                    "--checkpoint-interval",
                    "--checkpoint-dir",
                    "--state-backend",
                    "--default-fulfilment",
                    "--max-out-of-orderness",
                    "--idle-timeout",
                    "--ledger-memory-entries",
                    "--decider-memory-orders",
                    "--watermark-interval",
                    "--buffer-timeout",
                    "--dedup-ttl",
                    "--backorder-window",
                    "--max-record-bytes",
                    "--dead-letter-value-bytes",
                    "--delivery",
                    "--transactional-id-prefix",
                    "--kafka-property",
                    "--kafka-config",
                    "--output-prefix",
                    "--from-savepoint");
    public static final Set<String> FLAGS = Set.of("--allow-live-outputs", "--resume", "--changelog");

    public static final String USAGE =
            String.join(
                    "\n",
                    "order-processing: dedups order and inventory events, reserves stock per sku in event time,",
                    "and writes confirmations, refunds and dead letters to Kafka exactly once.",
                    "",
                    "Options (defaults in brackets):",
                    "  --bootstrap-servers H:P[,H:P]   Kafka brokers (required)",
                    "  --orders-topic T                [orders]",
                    "  --inventory-topic T             [inventory]",
                    "  --confirmations-topic T         [order-confirmations]",
                    "  --refunds-topic T               [refunds]",
                    "  --dead-letters-topic T          [dead-letters]",
                    "  --status-topic T                every change of an order's status, compacted (created so if missing) [order-status]",
                    "  --rapids-topic T                also publish every output to this rapids topic, in the same transactions [off]",
                    "  --starting-offsets F            earliest, latest, committed[:latest], timestamp:<ISO-8601>,",
                    "                                  or topic:partition:offset,... [committed, else earliest]",
                    "  --stop-at F                     latest, timestamp:<ISO-8601> or topic:partition:offset,...:",
                    "                                  read up to there (positions taken at start), commit, and end",
                    "  --output-prefix P               write every output topic as P<name> (created if missing), with",
                    "                                  its own consumer group and transactional ids: a side-by-side replay",
                    "  --allow-live-outputs            let a run that does not start from committed offsets or a",
                    "                                  savepoint write to live output topics that already hold records",
                    "  --from-savepoint PATH           resume from a savepoint or retained checkpoint (any parallelism)",
                    "  --resume                        resume from this job's latest retained checkpoint in --checkpoint-dir",
                    "                                  (give the options it ran with, --stop-at included)",
                    "  --group-id G                    consumer group for committed offsets [orderflow-order-processing]",
                    "  --parallelism N                 [the cluster's default]",
                    "  --checkpoint-interval D         [2s]",
                    "  --checkpoint-dir URI            where checkpoints go [the cluster's execution.checkpointing.dir]",
                    "  --state-backend rocksdb|hashmap [rocksdb, incremental checkpoints]",
                    "  --changelog                     log-based incremental checkpoints (Flink's changelog state backend): state",
                    "                                  changes go to <checkpoint-dir>/changelog as they happen, so a checkpoint",
                    "                                  flushes no RocksDB; needs --checkpoint-dir [off]",
                    "  --default-fulfilment F          PARTIAL or BACKORDER, for orders that do not say [PARTIAL]",
                    "  --max-out-of-orderness D        watermark delay per partition [500ms]",
                    "  --idle-timeout D                after this much silence while the brokers answer, a partition's",
                    "                                  watermark follows the wall clock [5s] (unbounded runs)",
                    "  --watermark-interval D          how often sources emit watermarks [" + DEFAULT_WATERMARK_INTERVAL + "]",
                    "  --buffer-timeout D              longest a record waits in a network buffer before it is sent [" + DEFAULT_BUFFER_TIMEOUT + "]",
                    "  --dedup-ttl D                   how long eventIds and orders are remembered [7d]",
                    "  --ledger-memory-entries N       ledger entries waiting in memory per subtask; later ones wait in",
                    "                                  RocksDB, so a backlog does not grow the heap [200000]",
                    "  --decider-memory-orders N       orders in flight in memory per subtask; the oldest beyond wait in RocksDB [200000]",
                    "  --backorder-window D            how long a BACKORDER line may wait for stock [7d]",
                    "  --max-record-bytes N            larger input records become TOO_LARGE dead letters [1048576]",
                    "  --dead-letter-value-bytes N     a dead letter holds at most the first N bytes of the input's value [65536];",
                    "                                  the job refuses to start if its dead letters could exceed the topic's or producer's limit",
                    "  --delivery exactly-once|at-least-once   [exactly-once]",
                    "  --transactional-id-prefix P     [orderflow-order-processing-<hash of group and outputs>]",
                    "  --kafka-config FILE             Kafka client settings (security...) for every client, as Kafka's",
                    "                                  --command-config; values may be ${env:NAME}; docs/security.md",
                    "  --kafka-property k=v            one more Kafka client setting, over the file's (repeatable)",
                    "Durations are written 500ms, 30s, 5m, 2h or 7d.");

    static final int MAX_DEAD_LETTER_VALUE_BYTES = 16 * 1024 * 1024;

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
    /** Resume from the job's latest retained checkpoint; {@link CheckpointFinder} turns it into {@link #fromSavepoint}. */
    public final boolean resume;
    public final String groupId;
    public final int parallelism;
    public final Duration checkpointInterval;
    public final String checkpointDir;
    public final StateBackend stateBackend;
    /** Log-based incremental checkpoints: Flink's changelog state backend over {@link #stateBackend}. */
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

    private OrderProcessingOptions(Args a, List<String> argv) {
        this.argv = List.copyOf(argv);
        KafkaConnection kafka = KafkaConnection.fromArgs(a);
        bootstrapServers = RunArgs.bootstrapServers(kafka);
        outputPrefix = RunArgs.outputPrefix(a);
        ordersTopic = RunArgs.topic(a, "--orders-topic", Topics.ORDERS.name(), "");
        inventoryTopic = RunArgs.topic(a, "--inventory-topic", Topics.INVENTORY.name(), "");
        confirmationsTopic = RunArgs.topic(a, "--confirmations-topic", Topics.CONFIRMATIONS.name(), outputPrefix);
        refundsTopic = RunArgs.topic(a, "--refunds-topic", Topics.REFUNDS.name(), outputPrefix);
        deadLettersTopic = RunArgs.topic(a, "--dead-letters-topic", Topics.DEAD_LETTERS.name(), outputPrefix);
        statusTopic = RunArgs.topic(a, "--status-topic", Topics.ORDER_STATUS.name(), outputPrefix);
        rapidsTopic = a.has("--rapids-topic") ? RunArgs.topic(a, "--rapids-topic", Topics.RAPIDS.name(), outputPrefix) : null;
        Set<String> distinct = new HashSet<>(outputTopics());
        distinct.add(ordersTopic);
        distinct.add(inventoryTopic);
        if (distinct.size() != outputTopics().size() + 2) {
            throw new UsageException("the topic options must name different topics");
        }
        startingOffsets = RunArgs.startingOffsets(a, inputTopics());
        stopAt = RunArgs.stopAt(a, inputTopics());
        allowLiveOutputs = a.flag("--allow-live-outputs");
        fromSavepoint = a.get("--from-savepoint", null);
        resume = a.flag("--resume");
        RunArgs.refuseResumeWithSavepoint(resume, fromSavepoint);
        groupId = RunArgs.groupId(a, JOB_NAME, outputPrefix);
        parallelism = a.intIn("--parallelism", -1, 1, 1024);
        checkpointInterval = RunArgs.positive(a, "--checkpoint-interval", "2s", Duration.ofMillis(10));
        checkpointDir = a.get("--checkpoint-dir", null);
        stateBackend = a.enumValue("--state-backend", StateBackend.class, StateBackend.ROCKSDB);
        changelog = a.flag("--changelog");
        if (changelog && checkpointDir == null) {
            throw new UsageException("--changelog needs --checkpoint-dir: the state changes are logged under it");
        }
        defaultFulfilment = a.enumValue("--default-fulfilment", Fulfilment.class, Fulfilment.PARTIAL);
        maxOutOfOrderness = a.parsed("--max-out-of-orderness", Duration.ofMillis(500), v -> Durations.parse("--max-out-of-orderness", v));
        idleTimeout = RunArgs.positive(a, "--idle-timeout", "5s", Duration.ofMillis(1));
        watermarkInterval = RunArgs.positive(a, "--watermark-interval", DEFAULT_WATERMARK_INTERVAL, Duration.ofMillis(1));
        bufferTimeout = a.parsed("--buffer-timeout", Durations.parse("--buffer-timeout", DEFAULT_BUFFER_TIMEOUT), v -> Durations.parse("--buffer-timeout", v));
        dedupTtl = RunArgs.positive(a, "--dedup-ttl", "7d", Duration.ofMillis(1));
        ledgerMemoryEntries = a.intIn("--ledger-memory-entries", StockLedger.DEFAULT_MEMORY_ENTRIES, 1, 100_000_000);
        deciderMemoryOrders = a.intIn("--decider-memory-orders", OrderDecider.DEFAULT_MEMORY_ORDERS, 1, 100_000_000);
        backorderWindow = a.parsed("--backorder-window", Duration.ofDays(7), v -> Durations.parse("--backorder-window", v));
        maxRecordBytes = a.intIn("--max-record-bytes", EventCodec.DEFAULT_MAX_RECORD_BYTES, 64, 64 * 1024 * 1024);
        deadLetterValueBytes = a.intIn("--dead-letter-value-bytes", DeadLetterLimits.DEFAULT_VALUE_BYTES, 0, MAX_DEAD_LETTER_VALUE_BYTES);
        delivery = a.enumValue("--delivery", Delivery.class, Delivery.EXACTLY_ONCE);
        kafkaProperties = RunArgs.kafkaProperties(a, kafka);
        // Not the status topic: it came later, and a job upgraded in place must keep its prefix.
        transactionalIdPrefix = RunArgs.transactionalIdPrefix(a, JOB_NAME, List.of(groupId, confirmationsTopic, refundsTopic, deadLettersTopic));
        RunArgs.refuseUnexpected(a);
    }

    public static OrderProcessingOptions parse(List<String> argv) {
        Args args = Args.parse(argv, VALUED, FLAGS);
        if (args.help()) {
            throw new HelpRequested(USAGE);
        }
        return new OrderProcessingOptions(args, argv);
    }

    /** The topics this job writes, the status topic after the three of the first round, the rapids last when given. */
    @Override
    public List<String> outputTopics() {
        return rapidsTopic == null
                ? List.of(confirmationsTopic, refundsTopic, deadLettersTopic, statusTopic)
                : List.of(confirmationsTopic, refundsTopic, deadLettersTopic, statusTopic, rapidsTopic);
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
