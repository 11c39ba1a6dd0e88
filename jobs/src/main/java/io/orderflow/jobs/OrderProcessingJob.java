package io.orderflow.jobs;

import io.orderflow.functions.DeadLetterSplitter;
import io.orderflow.functions.Decision;
import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.OrderDecider;
import io.orderflow.functions.OrderGate;
import io.orderflow.functions.OrderGateOperator;
import io.orderflow.functions.OrderOutcomes;
import io.orderflow.functions.OrderUpdate;
import io.orderflow.functions.RunEndMarker;
import io.orderflow.functions.StockLedger;
import io.orderflow.functions.wire.WireTypes;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.InputRecord;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;

/**
 * The order-processing job: orders pass the {@link OrderGate} (keyed by orderId), their lines and
 * the inventory events meet in the {@link StockLedger} (keyed by sku), and the {@link OrderDecider}
 * (keyed by orderId) turns line outcomes into confirmations and refunds.
 *
 * <pre>
 * orders ──split──▶ OrderGate ──lines──▶ StockLedger ──outcomes──▶ OrderDecider ═▶ confirmations, refunds, status
 *            │          │  └──updates─────────────────────────────────▲
 * inventory ─┼─split────┼──stock──▲
 *            └──────────┴──▶ dead letters
 *
 * ═▶ chained: the decisions are encoded and written in the decider's own task.
 * </pre>
 */
public final class OrderProcessingJob {

    /** The most subtasks any keyed operator can ever be rescaled to; part of every savepoint. */
    public static final int MAX_PARALLELISM = 128;

    private OrderProcessingJob() {}

    /**
     * Runs the job with Kafka sources and sinks; blocks until it ends (a bounded replay ends by
     * itself).
     */
    public static JobExecutionResult run(
            StreamExecutionEnvironment env, OrderProcessingOptions options) throws Exception {
        OutputGuard.ensureStatusTopic(options);
        build(env, new KafkaSources(options), new KafkaSinks(options), options);
        return env.execute("orderflow " + OrderProcessingOptions.JOB_NAME);
    }

    /** Wires the job between any sources and sinks; tests call it with their own. */
    public static void build(
            StreamExecutionEnvironment env,
            Sources sources,
            Sinks sinks,
            OrderProcessingOptions o) {
        if (o.parallelism > 0) {
            env.setParallelism(o.parallelism);
        }
        WatermarkStrategy<InputRecord> watermarks =
                WatermarkStrategy.<InputRecord>forBoundedOutOfOrderness(o.maxOutOfOrderness)
                        // Dead letters carry no event time; they must not move the watermark.
                        .withTimestampAssigner(
                                (r, kafkaTimestamp) ->
                                        r.isDeadLetter() ? Long.MIN_VALUE : r.occurredAt());
        if (!o.bounded()) {
            // A bounded run needs no idleness: a partition with nothing to read ends at once.
            // Without it a reader starved of CPU can never be taken for idle, so a replay decides
            // exactly as the input says, however loaded the machine.
            watermarks = sources.withIdleness(watermarks, o.idleTimeout);
        }

        SingleOutputStreamOperator<InputRecord> orders =
                splitDeadLetters(sources.orders(env, watermarks), "orders");
        SingleOutputStreamOperator<InputRecord> inventory =
                splitDeadLetters(sources.inventory(env, watermarks), "inventory");
        SingleOutputStreamOperator<InputRecord> markedOrders =
                markRunEnd(orders, "orders", o.bounded());
        SingleOutputStreamOperator<InputRecord> markedInventory =
                markRunEnd(inventory, "inventory", o.bounded());

        SingleOutputStreamOperator<LedgerEntry> orderEntries = gate(markedOrders, o);

        DataStream<LedgerEntry> stockEntries =
                markedInventory
                        .map(LedgerEntry::stock)
                        .returns(WireTypes.LEDGER_ENTRY)
                        .setParallelism(inventory.getParallelism())
                        .name("to ledger entries")
                        .uid("stock-entries");

        SingleOutputStreamOperator<OrderOutcomes> lineOutcomes =
                orderEntries
                        .union(stockEntries)
                        .keyBy(LedgerEntry::sku)
                        .connect(
                                markedOrders
                                        .getSideOutput(RunEndMarker.RUN_END)
                                        .union(markedInventory.getSideOutput(RunEndMarker.RUN_END))
                                        .broadcast())
                        .transform(
                                "StockLedger",
                                WireTypes.ORDER_OUTCOMES,
                                new StockLedger(o.dedupTtl, o.ledgerMemoryEntries))
                        .uid("stock-ledger");

        SingleOutputStreamOperator<Decision> decisions =
                orderEntries
                        .getSideOutput(OrderGate.ORDER_UPDATES)
                        .keyBy(OrderUpdate::orderId)
                        .connect(lineOutcomes.keyBy(OrderOutcomes::orderId))
                        .transform(
                                "OrderDecider",
                                TypeInformation.of(Decision.class),
                                new OrderDecider(o.dedupTtl, o.deciderMemoryOrders))
                        .uid("order-decider");

        DataStream<DeadLetter> deadLetters =
                orders.getSideOutput(DeadLetterSplitter.DEAD_LETTERS)
                        .union(
                                inventory.getSideOutput(DeadLetterSplitter.DEAD_LETTERS),
                                orderEntries.getSideOutput(OrderGate.DEAD_LETTERS));
        sinks.write(decisions, deadLetters);
    }

    /**
     * The {@link OrderGate} over order events, keyed by orderId: as the job runs it, and as the
     * dedup bench measures it.
     */
    public static SingleOutputStreamOperator<LedgerEntry> gate(
            DataStream<InputRecord> orders, OrderProcessingOptions o) {
        return orders.keyBy(InputRecord::key)
                .transform(
                        "OrderGate",
                        WireTypes.LEDGER_ENTRY,
                        new OrderGateOperator(
                                new OrderGate(
                                        o.defaultFulfilment,
                                        o.backorderWindow,
                                        o.dedupTtl,
                                        o.deadLetterValueBytes)))
                .uid("order-gate");
    }

    /**
     * Splits off dead letters right at the source, with its parallelism, so the operator chains to
     * it and records of one partition keep their order up to the keyBy.
     */
    private static SingleOutputStreamOperator<InputRecord> splitDeadLetters(
            DataStream<InputRecord> source, String topic) {
        return source.process(new DeadLetterSplitter())
                .returns(WireTypes.INPUT_RECORD)
                .setParallelism(source.getParallelism())
                .name("split " + topic)
                .uid("split-" + topic);
    }

    /**
     * Remembers the latest event time read, chained to the source, and tells the ledgers at the end
     * of the input (a bounded run's T_end).
     */
    private static SingleOutputStreamOperator<InputRecord> markRunEnd(
            DataStream<InputRecord> decoded, String topic, boolean bounded) {
        return decoded.transform(
                        "run end of " + topic, WireTypes.INPUT_RECORD, new RunEndMarker(bounded))
                .setParallelism(decoded.getParallelism())
                .uid("run-end-" + topic);
    }

    /**
     * The job's Flink settings from its options: exactly-once checkpoints, retained on cancel, into
     * RocksDB with incremental checkpoints unless told otherwise; no silent Kryo fallback.
     */
    public static Configuration flinkConfig(OrderProcessingOptions o) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval);
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(StateBackendOptions.STATE_BACKEND, o.stateBackend.name().toLowerCase(Locale.ROOT));
        conf.set(
                CheckpointingOptions.INCREMENTAL_CHECKPOINTS,
                o.stateBackend == OrderProcessingOptions.StateBackend.ROCKSDB);
        // Timers live in RocksDB, with the state. The ledger sets one for every bucket that waits
        // beyond its memory; in a replay the inventory topic is read far ahead of the orders in
        // event time, so tens of thousands wait at once. On the heap they were all written, in
        // the task thread, into every checkpoint (13 % of the CPU at 1 M events).
        conf.set(
                RocksDBOptions.TIMER_SERVICE_FACTORY,
                EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB);
        // Most lookups are for keys not there yet (a new orderId in the gate and the decider);
        // without bloom filters RocksDB reads every overlapping file to learn that, and gets
        // slower as files pile up.
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        // Every checkpoint flushes a small file of random orderIds; levelled compaction then
        // rewrites all of level 1 every few checkpoints, and the work grows with the state until
        // writes stall.
        conf.set(RocksDBConfigurableOptions.COMPACTION_STYLE, CompactionStyle.UNIVERSAL);
        // The bloom filters and indexes live in the managed block cache, where data blocks evict
        // them; a whole file's filter (a MB or more) was then read back for each lookup, and a
        // gate of 6 M orders passed 4 k orders/s instead of 45 k. Partitioned, a lookup reads one
        // small piece.
        conf.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
        // Every block a flush or a compaction writes is compressed, and every block a compaction
        // reads is decompressed, on RocksDB's own threads. With Snappy, RocksDB's default, those
        // threads took about 24 s of a 1 M-event run's 150 s of CPU; with LZ4 about 15 s, for
        // the same state size (bench/README.md, Findings, session 23).
        conf.set(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(CompressionType.LZ4_COMPRESSION));
        // A checkpoint flushes all the column families of an instance in one job, on two flush
        // threads instead of one for the whole TaskManager, and copies a bounded MANIFEST.
        conf.set(RocksDBOptions.OPTIONS_FACTORY, RocksDbCheckpointOptions.class.getName());
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, o.watermarkInterval);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, o.bufferTimeout);
        // Records are values (no function changes one once emitted): chained operators may share
        // them.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        if (o.checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.jobCheckpointDir());
        }
        if (o.changelog) {
            // State changes are logged as they happen, so a checkpoint persists the log instead of
            // flushing RocksDB's memtables (the synchronous part of most of a checkpoint's time);
            // RocksDB is materialized in the background now and then.
            conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
            conf.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
            conf.set(FsStateChangelogOptions.BASE_PATH, o.jobCheckpointDir() + "/changelog");
        }
        if (o.fromSavepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, o.fromSavepoint);
            conf.set(
                    StateRecoveryOptions.RESTORE_MODE,
                    o.resumesOwnCheckpoint()
                            ? RecoveryClaimMode.CLAIM
                            : RecoveryClaimMode.NO_CLAIM);
        }
        // Fixed, so that a savepoint can be resumed at any parallelism up to it.
        conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.NAME, "orderflow " + OrderProcessingOptions.JOB_NAME);
        // Shown in the cluster's REST API, where the start-up guard of the next job looks for it.
        conf.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, JobParameters.of(o.transactionalIdPrefix));
        return conf;
    }
}
