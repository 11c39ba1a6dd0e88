package io.orderflow.jobs;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/**
 * A finished job's counters by name, each summed over every operator and subtask that registered
 * it: how tests read the records applied, dropped as duplicates and dead-lettered ({@link
 * io.orderflow.functions.Metrics}). The reporter must retain metrics ({@link
 * InMemoryReporter#createWithRetainedMetrics()}), or they are gone when the job ends.
 */
public final class JobCounters {

    private static final String JOB_ID = "<job_id>";

    private JobCounters() {}

    public static Map<String, Long> of(InMemoryReporter reporter, JobID job) {
        Map<String, Long> sums = new HashMap<>();
        // By group, not by identifier: two operators of one name (the sources' watermark assigners)
        // give the same identifier, which getMetricsByIdentifiers refuses.
        reporter.getMetricsByGroup()
                .forEach(
                        (group, metrics) -> {
                            if (job.toString().equals(group.getAllVariables().get(JOB_ID))) {
                                metrics.forEach(
                                        (name, metric) -> {
                                            if (metric instanceof Counter counter) {
                                                sums.merge(name, counter.getCount(), Long::sum);
                                            }
                                        });
                            }
                        });
        return sums;
    }
}
