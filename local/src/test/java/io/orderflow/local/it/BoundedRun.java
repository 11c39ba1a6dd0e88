package io.orderflow.local.it;

import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.Sinks;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.local.flink.LocalFlink;
import io.orderflow.local.kafka.KafkaTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Runs order-processing over everything in its input topics, from earliest to latest, on a local mini-cluster. */
final class BoundedRun {

    private BoundedRun() {}

    static OrderProcessingOptions options(String bootstrap, List<String> extra) throws Exception {
        Path checkpoints = Files.createTempDirectory("orderflow-it-checkpoints-");
        List<String> argv = new ArrayList<>(List.of(
                "--bootstrap-servers", bootstrap,
                "--starting-offsets", "earliest",
                "--stop-at", "latest",
                "--parallelism", "2",
                "--checkpoint-interval", "500ms",
                "--checkpoint-dir", checkpoints.toUri().toString()));
        argv.addAll(extra);
        return OrderProcessingOptions.parse(argv);
    }

    static void run(OrderProcessingOptions options, UnaryOperator<Sinks> wrapSinks) throws Exception {
        try (LocalFlink flink = LocalFlink.start(OrderProcessingJob.flinkConfig(options), 2, 0)) {
            var env = flink.environment();
            OrderProcessingJob.build(env, new KafkaSources(options), wrapSinks.apply(new KafkaSinks(options)), options);
            flink.await(flink.submit(env));
        }
    }

    /** Every committed output, as {@code topic key timestamp value}, sorted: equal sets compare equal. */
    static List<String> committedOutputs(String bootstrap, OrderProcessingOptions o) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String topic : List.of(o.confirmationsTopic, o.refundsTopic, o.deadLettersTopic)) {
            for (ConsumerRecord<String, String> r : KafkaTestSupport.readCommitted(bootstrap, topic)) {
                String kind = topic.equals(o.confirmationsTopic) ? "confirmation" : topic.equals(o.refundsTopic) ? "refund" : "dead-letter";
                counts.merge(kind + " " + r.key() + " " + r.timestamp() + " " + r.value(), 1, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach((record, n) -> {
            for (int i = 0; i < n; i++) {
                out.add(record);
            }
        });
        return out;
    }
}
