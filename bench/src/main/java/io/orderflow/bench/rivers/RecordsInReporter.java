package io.orderflow.bench.rivers;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter inside the bench child's own mini-cluster that keeps the {@code
 * numRecordsIn} counters of one operator's subtasks, so the child can sample how many rapids
 * records the job has taken in while it runs (for the rate after warm-up). Configured as {@code
 * metrics.reporter.bench.factory.class}; the operator is set before the job starts.
 */
public final class RecordsInReporter implements MetricReporter {

    private static final Set<Counter> COUNTERS = ConcurrentHashMap.newKeySet();
    private static volatile String operator = "";

    static void watch(String operatorName) {
        operator = operatorName;
        COUNTERS.clear();
    }

    /** Records the watched operator's subtasks have taken in so far. */
    static long count() {
        long sum = 0;
        for (Counter c : COUNTERS) {
            sum += c.getCount();
        }
        return sum;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter
                && name.equals("numRecordsIn")
                && operator.equals(group.getAllVariables().get("<operator_name>"))) {
            COUNTERS.add(counter);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** Found by Flink through META-INF/services. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RecordsInReporter();
        }
    }
}
