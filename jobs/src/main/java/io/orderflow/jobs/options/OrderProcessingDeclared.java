package io.orderflow.jobs.options;

import io.orderflow.functions.OrderDecider;
import io.orderflow.functions.StockLedger;
import io.orderflow.jobs.cli.Range;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.Topics;
import io.orderflow.schemas.json.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The order-processing job's command line, declared once for picocli: what {@code flink run <jar>
 * order-processing}, {@code ./orderflow run order-processing} and {@code ./orderflow submit
 * order-processing} parse and print as their help. {@link OrderProcessingOptions} checks the
 * values.
 */
@Command(
        name = OrderProcessingOptions.JOB_NAME,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "orders and inventory in; confirmations, refunds, order status and dead letters out",
            "Dedups order and inventory events, reserves stock per sku in event time, and writes"
                + " confirmations, refunds, order status and dead letters to Kafka exactly once."
        },
        footer = {
            "",
            "Durations are written 500ms, 30s, 5m, 2h or 7d. Kafka client settings:"
                    + " docs/security.md."
        })
public final class OrderProcessingDeclared {

    /**
     * A decision waits for the watermark of its line's instant at each of the three exchanges, then
     * for a checkpoint: Flink's defaults (200 ms, 100 ms per exchange) add up to half a second at
     * low load.
     */
    public static final String DEFAULT_WATERMARK_INTERVAL = "50ms";

    public static final String DEFAULT_BUFFER_TIMEOUT = "10ms";

    @Mixin JobOptionsDeclared common;

    @Option(names = "--orders-topic", paramLabel = "T", description = "(default: ${DEFAULT-VALUE})")
    String ordersTopic = Topics.ORDERS.name();

    @Option(
            names = "--inventory-topic",
            paramLabel = "T",
            description = "(default: ${DEFAULT-VALUE})")
    String inventoryTopic = Topics.INVENTORY.name();

    @Option(
            names = "--confirmations-topic",
            paramLabel = "T",
            description = "(default: ${DEFAULT-VALUE})")
    String confirmationsTopic = Topics.CONFIRMATIONS.name();

    @Option(
            names = "--refunds-topic",
            paramLabel = "T",
            description = "(default: ${DEFAULT-VALUE})")
    String refundsTopic = Topics.REFUNDS.name();

    @Option(
            names = "--status-topic",
            paramLabel = "T",
            description =
                    "every change of an order's status, compacted (created so if missing) (default:"
                            + " ${DEFAULT-VALUE})")
    String statusTopic = Topics.ORDER_STATUS.name();

    @Option(
            names = "--rapids-topic",
            paramLabel = "T",
            description =
                    "also publish every output to this rapids topic, in the same transactions"
                            + " (default: off)")
    String rapidsTopic;

    @Option(
            names = "--state-backend",
            paramLabel = "rocksdb|hashmap",
            description = "(default: rocksdb, incremental checkpoints)")
    OrderProcessingOptions.StateBackend stateBackend = OrderProcessingOptions.StateBackend.ROCKSDB;

    @Option(
            names = "--changelog",
            description =
                    "log-based incremental checkpoints (Flink's changelog state backend): state"
                            + " changes go to <checkpoint-dir>/changelog as they happen, so a"
                            + " checkpoint flushes no RocksDB; needs --checkpoint-dir, and cannot"
                            + " start from a savepoint (it can resume the job's own checkpoints)")
    boolean changelog;

    @Option(
            names = "--default-fulfilment",
            paramLabel = "PARTIAL|BACKORDER",
            description = "for orders that do not say (default: ${DEFAULT-VALUE})")
    Fulfilment defaultFulfilment = Fulfilment.PARTIAL;

    @Option(
            names = "--max-out-of-orderness",
            paramLabel = "D",
            description = "watermark delay per partition (default: ${DEFAULT-VALUE})")
    String maxOutOfOrderness = "500ms";

    @Option(
            names = "--idle-timeout",
            paramLabel = "D",
            description =
                    "after this much silence of every partition while the brokers answer, event"
                            + " time follows the wall clock (unbounded runs; default:"
                            + " ${DEFAULT-VALUE})")
    String idleTimeout = "5s";

    @Option(
            names = "--watermark-interval",
            paramLabel = "D",
            description = "how often sources emit watermarks (default: ${DEFAULT-VALUE})")
    String watermarkInterval = DEFAULT_WATERMARK_INTERVAL;

    @Option(
            names = "--buffer-timeout",
            paramLabel = "D",
            description =
                    "longest a record waits in a network buffer before it is sent; 0ms: at once"
                            + " (default: ${DEFAULT-VALUE})")
    String bufferTimeout = DEFAULT_BUFFER_TIMEOUT;

    @Option(
            names = "--dedup-ttl",
            paramLabel = "D",
            description = "how long eventIds and orders are remembered (default: ${DEFAULT-VALUE})")
    String dedupTtl = "7d";

    @Option(
            names = "--ledger-memory-entries",
            paramLabel = "N",
            description =
                    "ledger entries waiting in memory per subtask; later ones wait in RocksDB, so a"
                            + " backlog does not grow the heap (default: ${DEFAULT-VALUE})")
    @Range(min = 1, max = 100_000_000)
    int ledgerMemoryEntries = StockLedger.DEFAULT_MEMORY_ENTRIES;

    @Option(
            names = "--decider-memory-orders",
            paramLabel = "N",
            description =
                    "orders in flight in memory per subtask; the oldest beyond wait in RocksDB"
                            + " (default: ${DEFAULT-VALUE})")
    @Range(min = 1, max = 100_000_000)
    int deciderMemoryOrders = OrderDecider.DEFAULT_MEMORY_ORDERS;

    @Option(
            names = "--backorder-window",
            paramLabel = "D",
            description =
                    "how long a BACKORDER line may wait for stock (default: ${DEFAULT-VALUE})")
    String backorderWindow = "7d";

    @Option(
            names = "--max-record-bytes",
            paramLabel = "N",
            description =
                    "larger input records become TOO_LARGE dead letters (default:"
                            + " ${DEFAULT-VALUE})")
    @Range(min = 64, max = 64 * 1024 * 1024)
    int maxRecordBytes = EventCodec.DEFAULT_MAX_RECORD_BYTES;
}
