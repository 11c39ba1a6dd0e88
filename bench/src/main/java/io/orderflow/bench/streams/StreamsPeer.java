package io.orderflow.bench.streams;

import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.json.EventCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The order-processing job written as a Kafka Streams application, as a peer to compare against:
 * the same topics and output formats, the same decisions for PARTIAL orders, exactly_once_v2.
 *
 * <pre>
 * orders ────────┐                                  ┌─▶ confirmations, refunds, dead letters
 *                ├─▶ OrdersProcessor [orders store] ─┤
 * outcomes topic ┘      (gate + decider, by orderId) └─▶ lines topic (by sku) + progress markers
 * inventory ─────▶ InventoryRouter ──▶ dead letters; lines topic (stock events) + progress markers
 * lines topic ───▶ LedgerProcessor [books, pending, reservations, seen-stock] ─▶ outcomes topic (by orderId)
 *                    (per-sku ledger in event-time order up to the minimum of the markers)
 * </pre>
 *
 * Kafka Streams has no watermarks, and a repartition topic mixes the output of every upstream task
 * with a commit interval's delay, so per-task stream time cannot order a sku's events: an upstream
 * task that is ahead makes the others' lines late. The peer therefore carries watermarks itself:
 * every orders and inventory task multicasts its event-time progress ({@link ProgressMarker}) into
 * all partitions of the lines topic, behind its entries, and a ledger task applies entries up to
 * the smallest progress of all upstream tasks ({@link Watermarks}), skipping idle ones.
 *
 * <p>The two intermediate topics must exist with as many partitions as the inputs (the bench
 * creates them); all stores are RocksDB with record caches and changelogs, as Kafka Streams
 * defaults.
 */
public final class StreamsPeer {

    static final String ORDERS_STORE = "orders";
    static final String BOOKS_STORE = "sku-books";
    static final String PENDING_STORE = "ledger-pending";
    static final String RESERVATIONS_STORE = "reservations";
    static final String SEEN_STOCK_STORE = "seen-stock-events";

    static final String LINES_SINK = "lines-out";
    static final String OUTCOMES_SINK = "outcomes-out";
    static final String CONFIRMATIONS_SINK = "confirmations-out";
    static final String REFUNDS_SINK = "refunds-out";
    static final String DEAD_LETTERS_SINK = "dead-letters-out";
    static final String STATUS_SINK = "status-out";

    /** Topics and the job options the peer honours. */
    public record Settings(
            String ordersTopic,
            String inventoryTopic,
            String confirmationsTopic,
            String refundsTopic,
            String deadLettersTopic,
            String statusTopic,
            String linesTopic,
            String outcomesTopic,
            Fulfilment defaultFulfilment,
            long backorderWindowMillis,
            long graceMillis,
            long idleTimeoutMillis,
            int ordersPartitions,
            int maxRecordBytes) {

        /**
         * The job's defaults (500 ms out-of-orderness), the intermediate topics named after {@code
         * applicationId}, and an idle timeout of 3 s (the job's is 5 s): with no end of input in
         * Kafka Streams, idleness is how the last records of a replay get applied.
         */
        public static Settings of(
                String applicationId,
                String orders,
                String inventory,
                String confirmations,
                String refunds,
                String deadLetters,
                String status,
                int ordersPartitions) {
            return new Settings(
                    orders,
                    inventory,
                    confirmations,
                    refunds,
                    deadLetters,
                    status,
                    applicationId + "-lines",
                    applicationId + "-outcomes",
                    Fulfilment.PARTIAL,
                    Duration.ofDays(7).toMillis(),
                    500,
                    3000,
                    ordersPartitions,
                    EventCodec.DEFAULT_MAX_RECORD_BYTES);
        }

        /** The same with another bound on out-of-orderness. */
        public Settings withGraceMillis(long grace) {
            return new Settings(
                    ordersTopic,
                    inventoryTopic,
                    confirmationsTopic,
                    refundsTopic,
                    deadLettersTopic,
                    statusTopic,
                    linesTopic,
                    outcomesTopic,
                    defaultFulfilment,
                    backorderWindowMillis,
                    grace,
                    idleTimeoutMillis,
                    ordersPartitions,
                    maxRecordBytes);
        }

        public List<String> intermediateTopics() {
            return List.of(linesTopic, outcomesTopic);
        }
    }

    private StreamsPeer() {}

    public static Topology topology(Settings s) {
        StringDeserializer keys = new StringDeserializer();
        ByteArrayDeserializer values = new ByteArrayDeserializer();
        StringSerializer keyOut = new StringSerializer();
        ByteArraySerializer valueOut = new ByteArraySerializer();
        Topology t = new Topology();

        t.addSource("orders-in", keys, values, s.ordersTopic());
        t.addSource("outcomes-in", keys, values, s.outcomesTopic());
        t.addProcessor("orders", () -> new OrdersProcessor(s), "orders-in", "outcomes-in");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(ORDERS_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withCachingEnabled(),
                "orders");

        t.addSource("inventory-in", keys, values, s.inventoryTopic());
        t.addProcessor("inventory", () -> new InventoryRouter(s), "inventory-in");

        t.addSource("lines-in", keys, values, s.linesTopic());
        t.addProcessor("ledger", () -> new LedgerProcessor(s), "lines-in");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(BOOKS_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withCachingEnabled(),
                "ledger");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(PENDING_STORE),
                                Serdes.Bytes(),
                                Serdes.ByteArray())
                        .withCachingEnabled(),
                "ledger");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(RESERVATIONS_STORE),
                                Serdes.String(),
                                Serdes.Long())
                        .withCachingEnabled(),
                "ledger");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(SEEN_STOCK_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withCachingEnabled(),
                "ledger");

        t.addSink(
                LINES_SINK,
                s.linesTopic(),
                keyOut,
                valueOut,
                new LinesPartitioner(),
                "orders",
                "inventory");
        t.addSink(OUTCOMES_SINK, s.outcomesTopic(), keyOut, valueOut, "ledger");
        t.addSink(CONFIRMATIONS_SINK, s.confirmationsTopic(), keyOut, valueOut, "orders");
        t.addSink(REFUNDS_SINK, s.refundsTopic(), keyOut, valueOut, "orders");
        t.addSink(STATUS_SINK, s.statusTopic(), keyOut, valueOut, "orders");
        t.addSink(DEAD_LETTERS_SINK, s.deadLettersTopic(), keyOut, valueOut, "orders", "inventory");
        return t;
    }

    /**
     * The configuration a Kafka Streams engineer would run this with on a 2-core machine:
     * exactly_once_v2 committing as often as the Flink job checkpoints, a thread per core, a larger
     * record cache, and the producer settings of the Flink job's sink (lz4, 5 ms linger).
     */
    public static Properties config(
            String applicationId,
            String bootstrap,
            Path stateDir,
            int threads,
            Duration commitInterval) {
        return config(applicationId, bootstrap, Map.of(), stateDir, threads, commitInterval);
    }

    /**
     * As {@link #config(String, String, Path, int, Duration)}, with client settings (security) for
     * every client it makes.
     */
    public static Properties config(
            String applicationId,
            String bootstrap,
            Map<String, String> clientSettings,
            Path stateDir,
            int threads,
            Duration commitInterval) {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }
}
