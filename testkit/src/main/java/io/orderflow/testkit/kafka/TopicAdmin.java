package io.orderflow.testkit.kafka;

import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates and waits for topics with a Kafka Admin client whose timeouts are bounded, so that an
 * unreachable broker fails in about {@link #API_TIMEOUT} with a message naming its address.
 * Creating is idempotent: a topic that exists is fine when its partition count matches.
 */
public final class TopicAdmin {

    public static final Duration API_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    /**
     * The names of the order-processing topics, each a job option; {@link #defaults()} from {@link
     * Topics}.
     */
    public record TopicNames(
            String orders,
            String inventory,
            String confirmations,
            String refunds,
            String deadLetters,
            String status) {

        public static TopicNames defaults() {
            return withPrefix("");
        }

        /** The default names with {@code prefix} in front, e.g. a test's unique prefix. */
        public static TopicNames withPrefix(String prefix) {
            return new TopicNames(
                    prefix + Topics.ORDERS.name(),
                    prefix + Topics.INVENTORY.name(),
                    prefix + Topics.CONFIRMATIONS.name(),
                    prefix + Topics.REFUNDS.name(),
                    prefix + Topics.DEAD_LETTERS.name(),
                    prefix + Topics.ORDER_STATUS.name());
        }

        /** All six, inputs first, in the order of {@link Topics#ORDER_PROCESSING}. */
        public List<String> all() {
            return List.of(orders, inventory, confirmations, refunds, deadLetters, status);
        }
    }

    private TopicAdmin() {}

    /** Creates the order-processing topics under their default names. */
    public static Map<String, Integer> createOrderProcessingTopics(
            String bootstrap, int partitions) {
        return createOrderProcessingTopics(bootstrap, partitions, TopicNames.defaults());
    }

    /**
     * Creates the six order-processing topics with {@code partitions} each; returns name to
     * partitions.
     */
    public static Map<String, Integer> createOrderProcessingTopics(
            String bootstrap, int partitions, TopicNames names) {
        return createOrderProcessingTopics(KafkaConnection.plain(bootstrap), partitions, names);
    }

    /**
     * As {@link #createOrderProcessingTopics(String, int, TopicNames)}, with {@code kafka}'s client
     * settings.
     */
    public static Map<String, Integer> createOrderProcessingTopics(
            KafkaConnection kafka, int partitions, TopicNames names) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (String name : names.all()) {
            wanted.put(name, partitions);
        }
        return createTopics(kafka, wanted, (short) 1);
    }

    /** Creates topics with replication factor 1; see {@link #createTopics(String, Map, short)}. */
    public static Map<String, Integer> createTopics(
            String bootstrap, Map<String, Integer> partitionsByTopic) {
        return createTopics(bootstrap, partitionsByTopic, (short) 1);
    }

    /**
     * Creates each topic with its partition count unless it exists with that count already, then
     * waits until every partition has a leader. Returns topic to partition count, in the given
     * order.
     *
     * @throws TopicRefusedException when a topic exists with another partition count, or the
     *     brokers refuse to create it
     * @throws UnreachableException when the brokers do not answer within {@link #API_TIMEOUT} or
     *     refuse the client
     */
    public static Map<String, Integer> createTopics(
            String bootstrap, Map<String, Integer> partitionsByTopic, short replicationFactor) {
        return createTopics(KafkaConnection.plain(bootstrap), partitionsByTopic, replicationFactor);
    }

    /**
     * As {@link #createTopics(String, Map, short)}, on a Kafka reached with {@code kafka}'s client
     * settings.
     */
    public static Map<String, Integer> createTopics(
            KafkaConnection kafka,
            Map<String, Integer> partitionsByTopic,
            short replicationFactor) {
        String bootstrap = kafka.bootstrapServers();
        if (partitionsByTopic.isEmpty()) {
            return Map.of();
        }
        withAdmin(
                kafka,
                admin -> {
                    List<NewTopic> newTopics = new ArrayList<>();
                    partitionsByTopic.forEach(
                            (name, n) -> newTopics.add(newTopic(name, n, replicationFactor)));
                    CreateTopicsResult result = admin.createTopics(newTopics);
                    List<String> existing = new ArrayList<>();
                    for (String name : partitionsByTopic.keySet()) {
                        try {
                            result.values().get(name).get();
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof TopicExistsException)) {
                                RuntimeException failure =
                                        failure(
                                                kafka,
                                                "cannot create topic '" + name + "'",
                                                e.getCause());
                                throw failure instanceof UnreachableException
                                        ? failure
                                        : new TopicRefusedException(
                                                failure.getMessage(), e.getCause());
                            }
                            existing.add(name);
                        }
                    }
                    if (!existing.isEmpty()) {
                        Map<String, TopicDescription> described = describe(admin, kafka, existing);
                        for (String name : existing) {
                            int actual = described.get(name).partitions().size();
                            int wanted = partitionsByTopic.get(name);
                            if (actual != wanted) {
                                throw new TopicRefusedException(
                                        "topic '"
                                                + name
                                                + "' already exists on "
                                                + bootstrap
                                                + " with "
                                                + actual
                                                + " partition(s), not "
                                                + wanted
                                                + ": delete it or ask for "
                                                + actual,
                                        null);
                            }
                        }
                    }
                    return null;
                });
        waitForTopics(kafka, partitionsByTopic.keySet(), API_TIMEOUT);
        return new LinkedHashMap<>(partitionsByTopic);
    }

    /**
     * A topic the registry says is compacted (the status topic, under any prefix) is created so: a
     * reader finds an order's latest status by its key, and the job refuses a status topic that is
     * not.
     */
    static NewTopic newTopic(String name, int partitions, short replicationFactor) {
        NewTopic topic = new NewTopic(name, partitions, replicationFactor);
        if (Topics.ORDER_PROCESSING.stream()
                .anyMatch(t -> t.compacted() && name.endsWith(t.name()))) {
            topic.configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    /**
     * Polls metadata until every topic exists and each of its partitions has a leader. Returns
     * topic to partition count, in the given order.
     */
    public static Map<String, Integer> waitForTopics(
            String bootstrap, Collection<String> topics, Duration timeout) {
        return waitForTopics(KafkaConnection.plain(bootstrap), topics, timeout);
    }

    /**
     * As {@link #waitForTopics(String, Collection, Duration)}, with {@code kafka}'s client
     * settings.
     */
    public static Map<String, Integer> waitForTopics(
            KafkaConnection kafka, Collection<String> topics, Duration timeout) {
        String bootstrap = kafka.bootstrapServers();
        long deadline = System.nanoTime() + timeout.toNanos();
        return withAdmin(
                kafka,
                admin -> {
                    String missing = "";
                    while (true) {
                        long remainingMs =
                                TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                        if (remainingMs <= 0) {
                            throw new UnreachableException(
                                    "topics not ready on "
                                            + bootstrap
                                            + " within "
                                            + timeout.toSeconds()
                                            + " s: "
                                            + missing);
                        }
                        int attemptMs = (int) Math.min(remainingMs, API_TIMEOUT.toMillis());
                        try {
                            Map<String, TopicDescription> described =
                                    admin.describeTopics(
                                                    topics,
                                                    new DescribeTopicsOptions()
                                                            .timeoutMs(attemptMs))
                                            .allTopicNames()
                                            .get();
                            Optional<String> notReady =
                                    topics.stream()
                                            .filter(t -> !hasLeaders(described.get(t)))
                                            .findFirst();
                            if (notReady.isEmpty()) {
                                Map<String, Integer> partitions = new LinkedHashMap<>();
                                topics.forEach(
                                        t ->
                                                partitions.put(
                                                        t, described.get(t).partitions().size()));
                                return partitions;
                            }
                            missing = "'" + notReady.get() + "' has partitions without a leader";
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                                throw failure(kafka, "cannot read topic metadata", e.getCause());
                            }
                            missing = String.valueOf(e.getCause().getMessage());
                        }
                        Thread.sleep(Math.min(POLL_INTERVAL.toMillis(), remainingMs));
                    }
                });
    }

    /** An Admin client for {@code bootstrap} whose calls give up after {@link #API_TIMEOUT}. */
    public static Admin admin(String bootstrap) {
        return admin(KafkaConnection.plain(bootstrap));
    }

    /**
     * An Admin client with {@code kafka}'s client settings, whose calls give up after {@link
     * #API_TIMEOUT}.
     */
    public static Admin admin(KafkaConnection kafka) {
        Properties p = kafka.clientProperties("orderflow-topic-admin");
        p.putIfAbsent(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        p.putIfAbsent(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        p.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        try {
            return Admin.create(p);
        } catch (KafkaException e) {
            throw new UnreachableException(
                    "cannot connect to Kafka at "
                            + kafka.bootstrapServers()
                            + ": "
                            + KafkaClientConfig.scrub(e.getMessage(), kafka.properties()));
        }
    }

    private static boolean hasLeaders(TopicDescription d) {
        if (d == null || d.partitions().isEmpty()) {
            return false;
        }
        for (TopicPartitionInfo p : d.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, TopicDescription> describe(
            Admin admin, KafkaConnection kafka, Collection<String> topics)
            throws InterruptedException {
        try {
            return admin.describeTopics(topics).allTopicNames().get();
        } catch (ExecutionException e) {
            throw failure(kafka, "cannot describe topics " + topics, e.getCause());
        }
    }

    /**
     * Kafka that did not answer or refused the client is unreachable; anything else it said is a
     * failure.
     */
    private static RuntimeException failure(KafkaConnection kafka, String what, Throwable cause) {
        String security = kafka.securityProblem(cause);
        if (security != null) {
            return new UnreachableException(what + ": " + security);
        }
        if (cause instanceof TimeoutException) {
            return new UnreachableException(
                    what
                            + ": Kafka at "
                            + kafka.bootstrapServers()
                            + " did not answer within "
                            + API_TIMEOUT.toSeconds()
                            + " s (is the broker running?)");
        }
        return new IllegalStateException(
                what
                        + " on "
                        + kafka.bootstrapServers()
                        + ": "
                        + KafkaClientConfig.scrub(cause.getMessage(), kafka.properties()),
                cause);
    }

    @FunctionalInterface
    private interface AdminCall<T> {
        T apply(Admin admin) throws InterruptedException;
    }

    private static <T> T withAdmin(KafkaConnection kafka, AdminCall<T> call) {
        Admin admin = admin(kafka);
        try {
            return call.apply(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while talking to Kafka at " + kafka.bootstrapServers(), e);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
