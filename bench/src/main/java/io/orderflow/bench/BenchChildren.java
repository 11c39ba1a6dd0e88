package io.orderflow.bench;

import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What every variant's JVM is started with: its arguments, its class path, and its topics on the
 * bench's broker.
 */
final class BenchChildren {

    private final BenchOptions options;
    private final KafkaConnection kafka;
    private final int partitions;

    BenchChildren(BenchOptions options, KafkaConnection kafka) {
        this.options = options;
        this.kafka = kafka;
        this.partitions = options.partitions();
    }

    List<String> childArgs(
            Variant v, String orders, String inventory, List<String> outputs, String group) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers", kafka.bootstrapServers(),
                                "--orders-topic", orders,
                                "--inventory-topic", inventory,
                                "--confirmations-topic", outputs.get(0),
                                "--refunds-topic", outputs.get(1),
                                "--dead-letters-topic", outputs.get(2),
                                "--status-topic", outputs.get(3),
                                "--group-id", group));
        if (options.kafkaConfig() != null) {
            a.add(KafkaClientConfig.OPTION);
            a.add(options.kafkaConfig().toString());
        }
        if (options.checkpointIntervalMs() != null) {
            a.add("--checkpoint-interval-ms");
            a.add(options.checkpointIntervalMs().toString());
        }
        if (options.outOfOrdernessMs() != null) {
            a.add("--out-of-orderness-ms");
            a.add(options.outOfOrdernessMs().toString());
        }
        if (v.engine() == Variant.Engine.FLINK_JOB) {
            for (String jobArg : options.jobArgs()) {
                a.add("--job-arg");
                a.add(jobArg);
            }
            for (String kv : options.flinkConfig()) {
                a.add("--flink-config");
                a.add(kv);
            }
        }
        return a;
    }

    String classpathFor(Variant v) {
        String cp = System.getProperty("java.class.path");
        String patch = options.patchClasspath();
        return patch != null && v.engine() == Variant.Engine.FLINK_JOB
                ? patch + java.io.File.pathSeparator + cp
                : cp;
    }

    Map<String, Integer> topicMap(List<String> topics) {
        Map<String, Integer> m = new LinkedHashMap<>();
        topics.forEach(t -> m.put(t, partitions));
        return m;
    }

    void createTopics(Map<String, Integer> topics, boolean logAppendTime) throws Exception {
        if (!logAppendTime) {
            TopicAdmin.createTopics(kafka, topics, (short) 1);
            return;
        }
        try (Admin admin = TopicAdmin.admin(kafka)) {
            List<NewTopic> create = new ArrayList<>();
            topics.forEach(
                    (name, n) ->
                            create.add(
                                    new NewTopic(name, n, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "message.timestamp.type",
                                                            "LogAppendTime"))));
            admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
        }
        TopicAdmin.waitForTopics(kafka, topics.keySet(), Duration.ofSeconds(30));
    }
}
