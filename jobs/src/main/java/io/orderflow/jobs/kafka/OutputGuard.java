package io.orderflow.jobs.kafka;

import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps replays of history away from live outputs. A run that re-reads its inputs (it does not
 * continue from committed offsets or a savepoint) would publish every decision again; into live
 * output topics that already hold records that is refused unless {@code --allow-live-outputs}.
 * With {@code --output-prefix} the side topics are created like the orders topic when missing.
 */
public final class OutputGuard {

    private static final int TIMEOUT_S = 15;

    private OutputGuard() {}

    public static void check(OrderProcessingOptions o) throws Exception {
        Properties props = new Properties();
        props.putAll(o.kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_S * 1000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_S * 1000);
        List<String> outputs = List.of(o.confirmationsTopic, o.refundsTopic, o.deadLettersTopic);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            if (!o.outputPrefix.isEmpty()) {
                createMissing(admin, o, outputs, existing);
                return;
            }
            boolean rereadsHistory = !o.startingOffsets.continuesCommitted() && o.fromSavepoint == null;
            if (!rereadsHistory || o.allowLiveOutputs) {
                return;
            }
            long held = recordsHeld(admin, outputs.stream().filter(existing::contains).toList());
            if (held > 0) {
                throw new UsageException(
                        "refusing to replay into the live output topics: this run re-reads its inputs (--starting-offsets "
                                + o.startingOffsets.kind().name().toLowerCase() + "), and " + String.join(", ", outputs)
                                + " already hold " + held + " records, so their consumers would get the decisions again."
                                + " Replay into side topics with --output-prefix replay- (created if missing),"
                                + " or add --allow-live-outputs to insist");
            }
        }
    }

    private static void createMissing(Admin admin, OrderProcessingOptions o, List<String> outputs, Set<String> existing) throws Exception {
        List<String> missing = outputs.stream().filter(t -> !existing.contains(t)).toList();
        if (missing.isEmpty()) {
            return;
        }
        TopicDescription orders = admin.describeTopics(List.of(o.ordersTopic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(o.ordersTopic);
        int partitions = orders.partitions().size();
        short replication = (short) orders.partitions().get(0).replicas().size();
        List<NewTopic> topics = new ArrayList<>();
        for (String t : missing) {
            topics.add(new NewTopic(t, partitions, replication));
        }
        admin.createTopics(topics).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static long recordsHeld(Admin admin, List<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var entry : admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).entrySet()) {
            entry.getValue().partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(entry.getKey(), p.partition());
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            });
        }
        var start = admin.listOffsets(earliest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        var end = admin.listOffsets(latest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        long held = 0;
        for (var e : end.entrySet()) {
            held += e.getValue().offset() - start.get(e.getKey()).offset();
        }
        return held;
    }
}
