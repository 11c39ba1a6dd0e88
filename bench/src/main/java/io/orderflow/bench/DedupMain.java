package io.orderflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.functions.LedgerEntry;
import io.orderflow.functions.OrderGate;
import io.orderflow.functions.wire.WireTypes;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.InputRecord;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderPlaced;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.testkit.flink.LocalFlink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One backend of {@code ./orderflow bench dedup}, in its own JVM with the heap under test: {@code
 * DedupMain --backend rocksdb|hashmap --orders N --resends R --work-dir D --result-file F}.
 *
 * <p>Runs the job's {@link OrderGate} as shipped (its state, TTL and the job's Flink settings:
 * checkpoints every 2 s, RocksDB incremental) in a local cluster inside this JVM, fed N distinct
 * orders in order, then R re-sends of orders spread over all N (half the same event again, half the
 * same content under a new eventId). Every distinct order must pass once and every re-send must be
 * dropped. Prints {@code PROGRESS <orders>} lines; writes its figures as JSON.
 */
public final class DedupMain {

    static final String PROGRESS = "PROGRESS ";

    /** Counted by the sinks, which run in this JVM's local cluster. */
    private static final LongAdder ACCEPTED = new LongAdder();

    private static final LongAdder LEDGER_ENTRIES = new LongAdder();

    private DedupMain() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i], argv[i + 1]);
        }
        ObjectNode result =
                measure(
                        a.get("--backend"),
                        Long.parseLong(a.get("--orders")),
                        Long.parseLong(a.get("--resends")),
                        Path.of(a.get("--work-dir")));
        new ObjectMapper().writeValue(Path.of(a.get("--result-file")).toFile(), result);
        System.out.println("DONE");
        System.exit(0); // Flink's and RocksDB's non-daemon threads must not keep the JVM alive
    }

    /** Runs the gate over the orders and re-sends in a local cluster in this JVM; its figures. */
    static ObjectNode measure(String backend, long orders, long resends, Path workDir)
            throws Exception {
        ACCEPTED.reset();
        LEDGER_ENTRIES.reset();
        OrderProcessingOptions o =
                OrderProcessingOptions.parse(
                        List.of(
                                "--bootstrap-servers",
                                "localhost:9092", // not used: no Kafka in this run
                                "--state-backend",
                                backend,
                                "--checkpoint-dir",
                                workDir.resolve("checkpoints").toUri().toString()));
        Configuration config = OrderProcessingJob.flinkConfig(o);
        Path rocksDir = workDir.resolve("tmp");
        config.set(CoreOptions.TMP_DIRS, rocksDir.toString()); // RocksDB's working folders
        HeapWatch heap = HeapWatch.start();
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("backend", backend);
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        try (LocalFlink flink = LocalFlink.start(config, 2, 0)) {
            StreamExecutionEnvironment env = flink.environment();
            build(env, o, orders, resends);
            long startedAt = System.currentTimeMillis();
            JobID job = flink.submit(env);
            CheckpointSampler checkpoints = new CheckpointSampler(flink.restAddress(), job);
            checkpoints.start();
            DiskSizes disk = new DiskSizes(rocksDir, workDir.resolve("checkpoints"));
            Thread progress = new Thread(() -> reportProgress(disk), "progress");
            progress.setDaemon(true);
            progress.start();
            try {
                flink.await(job);
            } finally {
                checkpoints.stop();
                progress.interrupt();
            }
            long finishedAt = System.currentTimeMillis();
            result.put("seconds", (finishedAt - startedAt) / 1000.0);
            result.put("orders", orders);
            result.put("resends", resends);
            result.put("accepted", ACCEPTED.sum());
            result.put("ledgerEntries", LEDGER_ENTRIES.sum());
            result.put("expectedLedgerEntries", linesOfFirst(orders));
            result.set("checkpoints", checkpoints.summary());
            result.put("maxWorkingDirBytes", disk.maxWorking);
            result.put("maxCheckpointDirBytes", disk.maxCheckpoints);
        }
        result.put("maxHeapAfterGcBytes", heap.maxAfterGc());
        result.put("gcSeconds", heap.gcMillis() / 1000.0);
        result.put("vmHwmKb", VariantMain.vmHwmKb());
        return result;
    }

    private static void build(
            StreamExecutionEnvironment env, OrderProcessingOptions o, long orders, long resends) {
        // One reader, so that every re-send comes after the order it repeats.
        SingleOutputStreamOperator<LedgerEntry> gate =
                OrderProcessingJob.gate(
                        env.fromSequence(0, orders + resends - 1)
                                .setParallelism(1)
                                .name("sequence")
                                .map(new Orders(orders, resends))
                                .returns(WireTypes.INPUT_RECORD)
                                .setParallelism(1)
                                .name("orders"),
                        o);
        gate.map(DedupMain::countEntry)
                .returns(WireTypes.LEDGER_ENTRY)
                .name("count entries")
                .sinkTo(new DiscardingSink<>())
                .name("discard entries");
    }

    /** Counts every entry, and an accepted order by its first line's entry, which carries it. */
    private static LedgerEntry countEntry(LedgerEntry e) {
        LEDGER_ENTRIES.increment();
        if (e.order() != null) {
            ACCEPTED.increment();
        }
        return e;
    }

    /** Every second: the state's size on disk; every five: how many orders passed. */
    private static void reportProgress(DiskSizes disk) {
        for (long tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
            disk.sample();
            if (tick % 5 == 0) {
                System.out.println(PROGRESS + ACCEPTED.sum());
                System.out.flush();
            }
            try {
                TimeUnit.SECONDS.sleep(1); // sampling pace, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The largest the state got on disk: RocksDB's working folders (its live database) and the
     * checkpoint folder (with incremental checkpoints, the files of the retained checkpoint). A
     * finished job's checkpoints are deleted and its statistics gone, so they are sampled as it
     * runs.
     */
    private static final class DiskSizes {
        private final Path working;
        private final Path checkpoints;
        volatile long maxWorking;
        volatile long maxCheckpoints;

        DiskSizes(Path working, Path checkpoints) {
            this.working = working;
            this.checkpoints = checkpoints;
        }

        void sample() {
            maxWorking = Math.max(maxWorking, VariantMain.sizeOf(working));
            maxCheckpoints = Math.max(maxCheckpoints, VariantMain.sizeOf(checkpoints));
        }
    }

    /** Lines of order i: 1 to 4, as the bench input's orders have. */
    static int lineCount(long i) {
        return 1 + (int) (i % 4);
    }

    static long linesOfFirst(long orders) {
        long full = orders / 4;
        long lines = full * (1 + 2 + 3 + 4);
        for (long i = full * 4; i < orders; i++) {
            lines += lineCount(i);
        }
        return lines;
    }

    /**
     * Element i of the sequence: distinct order i for i < orders, then re-sends of orders spread
     * evenly over all of them; even re-sends repeat the event, odd ones the content under a new
     * eventId.
     */
    static final class Orders implements MapFunction<Long, InputRecord> {
        private static final long EPOCH = 1_767_225_600_000L; // 2026-01-01T00:00Z
        private final long orders;
        private final long stride;

        Orders(long orders, long resends) {
            this.orders = orders;
            this.stride = Math.max(1, orders / Math.max(1, resends));
        }

        @Override
        public InputRecord map(Long i) {
            if (i < orders) {
                return order(i, "e-" + i);
            }
            long resend = i - orders;
            long of = (resend * stride) % orders;
            return order(of, resend % 2 == 0 ? "e-" + of : "e-again-" + resend);
        }

        private static InputRecord order(long i, String eventId) {
            List<OrderLine> lines = new ArrayList<>(4);
            for (int k = 0; k < lineCount(i); k++) {
                lines.add(
                        new OrderLine(
                                "sku-" + ((i * 7 + k * 13) % 10_000), 1 + k, 500 + (i % 5_000)));
            }
            String orderId = "o-dedup-" + i;
            OrderPlaced order =
                    new OrderPlaced(
                            eventId, EPOCH + i, orderId, "c-" + (i % 100_000), "EUR", null, lines);
            return InputRecord.of(
                    order, new RecordOrigin("orders", 0, i, EPOCH + i, orderId, new byte[0]));
        }
    }
}
