package io.orderflow.bench;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * When the job manager completed each checkpoint, which Flink's statistics do not tell: their
 * end-to-end duration ends at the last acknowledgement, and the job manager then still writes the
 * checkpoint's metadata before it completes the checkpoint and tells the sinks to commit (session
 * 17 found 40 to 50 ms between the two in the job under load). A Flink metric reporter inside the
 * bench child's own mini-cluster keeps the job's {@code lastCompletedCheckpointId} gauge, which
 * changes when the job manager records a completed checkpoint, and a thread notes the moment it
 * changes, {@value #POLL_MS} ms at most after. Configured as {@code
 * metrics.reporter.completions.factory.class}; one job per JVM.
 */
public final class CheckpointCompletions implements MetricReporter {

    static final long POLL_MS = 2;

    private static final Map<Long, Long> COMPLETED_AT = new ConcurrentSkipListMap<>();
    private static volatile Gauge<?> latestId;
    private static Thread poller;

    /** Checkpoint id to the epoch ms its completion was seen. */
    static Map<Long, Long> completedAt() {
        return COMPLETED_AT;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {
        synchronized (CheckpointCompletions.class) {
            if (poller != null) {
                poller.interrupt();
                poller = null;
            }
        }
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Gauge<?> gauge && name.equals("lastCompletedCheckpointId")) {
            latestId = gauge;
            synchronized (CheckpointCompletions.class) {
                if (poller == null) {
                    poller = new Thread(CheckpointCompletions::poll, "checkpoint-completions");
                    poller.setDaemon(true);
                    poller.start();
                }
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    private static void poll() {
        long last = -1;
        while (!Thread.currentThread().isInterrupted()) {
            Gauge<?> gauge = latestId;
            Object value = gauge == null ? null : gauge.getValue();
            if (value instanceof Number n && n.longValue() != last && n.longValue() > 0) {
                last = n.longValue();
                COMPLETED_AT.putIfAbsent(last, System.currentTimeMillis());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Found by Flink through META-INF/services. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CheckpointCompletions();
        }
    }
}
