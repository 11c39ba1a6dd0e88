package io.orderflow.jobs.kafka;

import io.orderflow.jobs.options.JobRun;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Keeps replays of history away from live outputs. A run that re-reads its inputs (it does not
 * continue from committed offsets or a savepoint) would publish every decision again; into live
 * output topics that already hold records that is refused unless {@code --allow-live-outputs}. With
 * {@code --output-prefix} the side topics are created like the orders topic when missing. The
 * status topic must be compacted (a reader finds an order's latest status by its key): it is
 * created so when missing, and refused when it exists without compaction. Runs after {@link
 * KafkaPreflight}, which refuses a run whose input topics do not exist (the first one is the model
 * for topics created here).
 */
public final class OutputGuard {

    private static final int TIMEOUT_S = 15;

    private OutputGuard() {}

    public static void check(JobRun o) throws Exception {
        List<String> outputs = o.outputTopics();
        try (Admin admin = Admin.create(adminProperties(o))) {
            Set<String> existing = topicNames(admin, o);
            for (String compacted : o.compactedOutputTopics()) {
                if (existing.contains(compacted)) {
                    refuseUncompacted(admin, compacted);
                }
            }
            if (!o.outputPrefix().isEmpty()) {
                createMissing(admin, o, outputs, existing);
                return;
            }
            // A status topic is new with contract section 7: a job upgraded in place creates its
            // own.
            createMissing(admin, o, o.outputTopicsCreatedIfMissing(), existing);
            boolean rereadsHistory =
                    !o.startingOffsets().continuesCommitted() && o.fromSavepoint() == null;
            if (!rereadsHistory || o.allowLiveOutputs()) {
                return;
            }
            long held = recordsHeld(admin, outputs.stream().filter(existing::contains).toList());
            if (held > 0) {
                throw new UsageException(
                        "refusing to replay into the live output topics: this run re-reads its"
                                + " inputs (--starting-offsets "
                                + o.startingOffsets().kind().name().toLowerCase()
                                + "), and "
                                + String.join(", ", outputs)
                                + " already hold "
                                + held
                                + " records, so their consumers would get the decisions again."
                                + " Replay into side topics with --output-prefix replay- (created"
                                + " if missing), or add --allow-live-outputs to insist");
            }
        }
    }

    /**
     * Every Kafka run of the job: the status topic exists and is compacted. Created compacted when
     * missing (it is new with contract section 7, so a job upgraded in place finds none).
     */
    public static void ensureStatusTopic(OrderProcessingOptions o) throws Exception {
        try (Admin admin = Admin.create(adminProperties(o))) {
            Set<String> existing = topicNames(admin, o);
            if (existing.contains(o.statusTopic)) {
                refuseUncompacted(admin, o.statusTopic);
            } else {
                createMissing(admin, o, List.of(o.statusTopic), existing);
            }
        }
    }

    /**
     * The topics on the brokers; Kafka that does not answer or refuses the client is unreachable
     * input.
     */
    private static Set<String> topicNames(Admin admin, JobRun o) throws InterruptedException {
        try {
            return admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            String security =
                    KafkaConnection.securityProblem(o.bootstrapServers(), o.kafkaProperties(), e);
            throw new UnreachableException(
                    security != null
                            ? security
                            : "no Kafka broker at "
                                    + o.bootstrapServers()
                                    + " answered within "
                                    + TIMEOUT_S
                                    + " s");
        }
    }

    private static Properties adminProperties(JobRun o) {
        Properties props = new Properties();
        props.putAll(o.kafkaProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_S * 1000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_S * 1000);
        return props;
    }

    private static void createMissing(
            Admin admin, JobRun o, List<String> outputs, Set<String> existing) throws Exception {
        List<String> missing = outputs.stream().filter(t -> !existing.contains(t)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String model = o.inputTopics().get(0);
        TopicDescription input =
                admin.describeTopics(List.of(model))
                        .allTopicNames()
                        .get(TIMEOUT_S, TimeUnit.SECONDS)
                        .get(model);
        int partitions = input.partitions().size();
        short replication = (short) input.partitions().get(0).replicas().size();
        List<NewTopic> topics = new ArrayList<>();
        for (String t : missing) {
            NewTopic topic = new NewTopic(t, partitions, replication);
            if (o.compactedOutputTopics().contains(t)) {
                topic.configs(
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(topic);
        }
        admin.createTopics(topics).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static void refuseUncompacted(Admin admin, String statusTopic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, statusTopic);
        Config config =
                admin.describeConfigs(List.of(resource))
                        .all()
                        .get(TIMEOUT_S, TimeUnit.SECONDS)
                        .get(resource);
        ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        String value = policy == null ? TopicConfig.CLEANUP_POLICY_DELETE : policy.value();
        if (!List.of(value.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new UsageException(
                    "--status-topic '"
                            + statusTopic
                            + "' must be compacted (cleanup.policy=compact), but its cleanup.policy"
                            + " is "
                            + value
                            + ": a reader finds an order's latest status by its key; use another"
                            + " topic or change its config (kafka-configs.sh --alter --entity-type"
                            + " topics --entity-name "
                            + statusTopic
                            + " --add-config cleanup.policy=compact)");
        }
    }

    private static long recordsHeld(Admin admin, List<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var entry :
                admin.describeTopics(topics)
                        .allTopicNames()
                        .get(TIMEOUT_S, TimeUnit.SECONDS)
                        .entrySet()) {
            entry.getValue()
                    .partitions()
                    .forEach(
                            p -> {
                                TopicPartition tp =
                                        new TopicPartition(entry.getKey(), p.partition());
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
