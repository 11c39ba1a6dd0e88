package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void subtasksOfOneOperatorAndNumberedPoolThreadsAreOneKind() {
        assertThat(ThreadCpu.kindOf("StockLedger (1/")).isEqualTo("StockLedger");
        assertThat(ThreadCpu.kindOf("StockLedger (2/")).isEqualTo("StockLedger");
        assertThat(ThreadCpu.kindOf("OrderDecider ->")).isEqualTo("OrderDecider");
        assertThat(ThreadCpu.kindOf("C2 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(ThreadCpu.kindOf("C1 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(ThreadCpu.kindOf("GC Thread#1")).isEqualTo("GC");
        assertThat(ThreadCpu.kindOf("G1 Refine#0")).isEqualTo("GC");
        assertThat(ThreadCpu.kindOf("rocksdb:low")).isEqualTo("RocksDB compactions");
        assertThat(ThreadCpu.kindOf("rocksdb:high")).isEqualTo("RocksDB flushes");
        assertThat(ThreadCpu.kindOf("bench-6n3ga-1-k")).isEqualTo("Kafka Streams threads");
    }

    @Test
    void aBusyThreadOfAWatchedProcessIsCountedUnderItsName() throws Exception {
        long pid = ProcessHandle.current().pid();
        assumeTrue(Files.isDirectory(Path.of("/proc", Long.toString(pid), "task")), "Linux only");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong spun = new AtomicLong();
        Thread busy =
                new Thread(
                        () -> {
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                            long self = Thread.currentThread().getId();
                            while (mx.getThreadCpuTime(self) < 1_200_000_000L
                                    && System.nanoTime() < deadline) {
                                spun.incrementAndGet();
                            }
                        },
                        "busy-spinner");

        ThreadCpu cpu = ThreadCpu.watch(pid, true);
        busy.start();
        busy.join(TimeUnit.SECONDS.toMillis(40));
        Map<String, Double> seconds = cpu.stopAndSum();

        assertThat(busy.isAlive()).isFalse();
        // It spun 1.2 s of CPU, so it was sampled at least once while it ran (every 0.5 s), and
        // having ended it keeps what it had used by its last sample.
        assertThat(seconds).containsKey("busy-spinner");
        assertThat(seconds.get("busy-spinner")).isBetween(1.2 - ThreadCpu.SAMPLE_MS / 1000.0, 1.5);
    }

    @Test
    void watchedFromNowAThreadCountsOnlyWhatItUsesAfterwards() throws Exception {
        long pid = ProcessHandle.current().pid();
        assumeTrue(Files.isDirectory(Path.of("/proc", Long.toString(pid), "task")), "Linux only");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch spunBefore = new CountDownLatch(1);
        CountDownLatch watching = new CountDownLatch(1);
        Thread busy =
                new Thread(
                        () -> {
                            long self = Thread.currentThread().getId();
                            spin(mx, self, 1_000_000_000L);
                            spunBefore.countDown();
                            try {
                                if (watching.await(30, TimeUnit.SECONDS)) {
                                    spin(mx, self, 2_200_000_000L);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "busy-before");
        busy.start();
        assertThat(spunBefore.await(40, TimeUnit.SECONDS)).isTrue();

        ThreadCpu cpu = ThreadCpu.watch(pid, true);
        watching.countDown();
        busy.join(TimeUnit.SECONDS.toMillis(40));
        Map<String, Double> seconds = cpu.stopAndSum();

        assertThat(busy.isAlive()).isFalse();
        assertThat(seconds.get("busy-before"))
                .as("1.2 s of the 2.2 s it spun came after the watch began")
                .isBetween(1.2 - ThreadCpu.SAMPLE_MS / 1000.0, 1.5);
    }

    /** Spins until the thread has used {@code cpuNanos} of CPU, or 30 s have passed. */
    private static void spin(ThreadMXBean mx, long threadId, long cpuNanos) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (mx.getThreadCpuTime(threadId) < cpuNanos && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void eachKindsMedianOverRunsCountsARunWithoutItAsZero() {
        Map<String, Double> medians =
                ThreadCpu.medians(
                        List.of(
                                Map.of("JIT compilers", 30.0, "RocksDB compactions", 15.0),
                                Map.of("JIT compilers", 20.0),
                                Map.of("JIT compilers", 25.0, "RocksDB compactions", 16.0)));

        assertThat(medians).containsEntry("JIT compilers", 25.0);
        assertThat(medians).containsEntry("RocksDB compactions", 15.0);
        assertThat(medians.keySet()).containsExactly("JIT compilers", "RocksDB compactions");
    }

    @Test
    void theTableHasAColumnPerVariantTheLargestKindsAndTheRestAsOther() {
        Figures a = new Figures(Variant.ORDERFLOW);
        a.cpuMicrosPerEventByThread = new LinkedHashMap<>();
        for (int i = 0; i < ThreadCpu.TABLE_ROWS + 2; i++) {
            a.cpuMicrosPerEventByThread.put("kind" + i, 100.0 - i);
        }
        Figures b = new Figures(Variant.CEILING);
        b.cpuMicrosPerEventByThread = Map.of("kind0", 7.0, "only-here", 1.0);

        String md = ThreadCpu.table(List.of(a, b));

        assertThat(md).contains("| thread | orderflow | ceiling |");
        assertThat(md).contains("| kind0 | 100.0 | 7.0 |");
        assertThat(md).doesNotContain("| kind10 |");
        assertThat(md)
                .as("kind10 and kind11 of orderflow, only-here of the ceiling")
                .contains("| other | 179.0 | 1.0 |");
        assertThat(md).contains("| sum of the medians | 1134.0 | 8.0 |");
        assertThat(md).as("no broker figures, no broker table").doesNotContain("broker");
    }
}
