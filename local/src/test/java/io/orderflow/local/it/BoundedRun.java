package io.orderflow.local.it;

import io.orderflow.jobs.JobCounters;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.Sinks;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.testkit.flink.LocalFlink;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs order-processing over everything in its input topics, from earliest to latest, on a local
 * mini-cluster.
 */
final class BoundedRun {

    private BoundedRun() {}

    /**
     * Far above what a run of the tests' inputs takes on a loaded machine: a hung run fails, it
     * does not hang the build.
     */
    static final Duration RUN_DEADLINE = Duration.ofMinutes(5);

    /**
     * A bounded replay from earliest at parallelism 2 into a fresh checkpoint folder; {@code extra}
     * adds options or replaces these.
     */
    static OrderProcessingOptions options(String bootstrap, List<String> extra) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("--starting-offsets", "earliest");
        defaults.put("--stop-at", "latest");
        defaults.put("--parallelism", "2");
        defaults.put("--checkpoint-interval", "500ms");
        defaults.put(
                "--checkpoint-dir",
                Files.createTempDirectory("orderflow-it-checkpoints-").toUri().toString());
        List<String> argv = new ArrayList<>(List.of("--bootstrap-servers", bootstrap));
        defaults.forEach(
                (option, value) -> {
                    if (!extra.contains(option)) {
                        argv.addAll(List.of(option, value));
                    }
                });
        argv.addAll(extra);
        return OrderProcessingOptions.parse(argv);
    }

    static void run(OrderProcessingOptions options, UnaryOperator<Sinks> wrapSinks)
            throws Exception {
        try (LocalFlink flink = TestFlink.start(options)) {
            runToEnd(flink, options, wrapSinks);
        }
    }

    /**
     * Runs the job to its end and returns its counters by name ({@link JobCounters}), read before
     * the cluster closes: closing it closes the reporter, which then forgets them.
     */
    static Map<String, Long> runCounted(OrderProcessingOptions options) throws Exception {
        InMemoryReporter metrics = InMemoryReporter.createWithRetainedMetrics();
        try (LocalFlink flink =
                TestFlink.start(options, metrics.addToConfiguration(new Configuration()))) {
            JobID job = runToEnd(flink, options, UnaryOperator.identity());
            return JobCounters.of(metrics, job);
        }
    }

    private static JobID runToEnd(
            LocalFlink flink, OrderProcessingOptions options, UnaryOperator<Sinks> wrapSinks)
            throws Exception {
        var env = flink.environment();
        OutputGuard.ensureStatusTopic(options);
        OrderProcessingJob.build(
                env, new KafkaSources(options), wrapSinks.apply(new KafkaSinks(options)), options);
        JobID job = flink.submit(env);
        flink.await(job, RUN_DEADLINE);
        return job;
    }

    /**
     * Every committed output, as {@code topic key timestamp value}, sorted: equal sets compare
     * equal.
     */
    static List<String> committedOutputs(String bootstrap, OrderProcessingOptions o) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String topic : o.outputTopics()) {
            for (ConsumerRecord<String, String> r :
                    KafkaTestSupport.readCommitted(bootstrap, topic)) {
                String kind =
                        topic.equals(o.confirmationsTopic)
                                ? "confirmation"
                                : topic.equals(o.refundsTopic)
                                        ? "refund"
                                        : topic.equals(o.statusTopic) ? "status" : "dead-letter";
                counts.merge(
                        kind + " " + r.key() + " " + r.timestamp() + " " + r.value(),
                        1,
                        Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach(
                (record, n) -> {
                    for (int i = 0; i < n; i++) {
                        out.add(record);
                    }
                });
        return out;
    }
}
