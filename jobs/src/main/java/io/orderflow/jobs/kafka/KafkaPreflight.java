package io.orderflow.jobs.kafka;

import io.orderflow.jobs.JobParameters;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.options.Durations;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.jobs.rest.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Checks before a job starts that its Kafka is there and fits the job, so that a mistake stops the
 * submission with one sentence instead of a job that retries silently for ever or loses outputs
 * later:
 *
 * <ol>
 *   <li>the brokers answer within {@link #TIMEOUT} (the message names the address);
 *   <li>the input topics exist;
 *   <li>no dead letter can be larger than the dead-letter topic or the producer accept ({@link DeadLetterSizeCheck});
 *   <li>with exactly-once delivery, the producers' {@code transaction.timeout.ms} is at most the
 *       brokers' {@code transaction.max.timeout.ms} (else the first commit is refused) and at least the
 *       checkpoint timeout plus the longest restart delay (else Kafka may abort a transaction that a
 *       completed checkpoint still has to commit after a failure: lost outputs);
 *   <li>with exactly-once delivery, no other running job writes with the same transactional id
 *       prefix: two writers of one prefix fence each other's producers and abort each other's
 *       transactions. Seen on the brokers (a job that writes registers new transactional ids at
 *       every checkpoint) and, for a job on the same Flink cluster that has nothing to write yet,
 *       in the cluster's REST API (the {@value JobParameters#TRANSACTIONAL_ID_PREFIX} global job parameter).
 * </ol>
 *
 * The Flink side (checkpoint timeout, restart strategy) is read as the job will see it: the
 * client's config.yaml ({@code flink run} reads {@code FLINK_CONF_DIR}; {@code ./orderflow run}
 * reads {@code flink-conf/}), what {@code flink run -D} added, then the job's own options.
 */
public final class KafkaPreflight {

    /** How long the brokers may take to answer before the job is refused. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final String TRANSACTION_MAX_TIMEOUT = "transaction.max.timeout.ms";
    private static final Duration MIN_OBSERVATION = Duration.ofSeconds(3);
    private static final Duration MAX_OBSERVATION = Duration.ofSeconds(30);
    private static final int EXAMPLES = 3;
    private static final Duration REST_TIMEOUT = Duration.ofSeconds(5);
    private static final String ONE_PREFIX_PER_JOB =
            "Two jobs with one prefix abort each other's transactions. Stop the other job first (to upgrade it: stop it with a"
                    + " savepoint and resume from that), or give this one its own --transactional-id-prefix (or --output-prefix"
                    + " / --group-id, from which the default derives)";

    private KafkaPreflight() {}

    public static void check(OrderProcessingOptions o) {
        check(o, flinkConfiguration(o), System.out);
    }

    /** The checks against {@code flink} as the job's Flink settings; progress notes go to {@code out}. */
    public static void check(OrderProcessingOptions o, ReadableConfig flink, PrintStream out) {
        Properties props = new Properties();
        props.putAll(o.kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "orderflow-preflight");
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            throw new UsageException("--bootstrap-servers " + o.bootstrapServers + ": cannot reach Kafka: "
                    + KafkaClientConfig.scrub(rootMessage(e), o.kafkaProperties));
        }
        try {
            Set<String> topics = topicsOrFail(admin, o);
            for (String input : List.of(o.ordersTopic, o.inventoryTopic)) {
                if (!topics.contains(input)) {
                    throw new UsageException(
                            "input topic '" + input + "' does not exist on " + o.bootstrapServers
                                    + " (create it, e.g. ./orderflow topics create --bootstrap-servers " + o.bootstrapServers + ")");
                }
            }
            DeadLetterSizeCheck.check(admin, o);
            if (o.delivery == OrderProcessingOptions.Delivery.EXACTLY_ONCE) {
                checkTransactionTimeout(admin, o, flink);
                checkNoJobOfThisClusterUsesThePrefix(o, flink);
                checkTransactionalIdPrefixIsFree(admin, o, observationWindow(flink), out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka at " + o.bootstrapServers, e);
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    /**
     * The job's Flink settings: config.yaml (FLINK_CONF_DIR, else $ORDERFLOW_HOME/flink-conf or
     * ./flink-conf), the settings {@code flink run} hands the program (its config.yaml and -D), then
     * the job's options.
     */
    public static Configuration flinkConfiguration(OrderProcessingOptions o) {
        Configuration c = new Configuration();
        Path dir = configDir();
        if (dir != null) {
            c.addAll(GlobalConfiguration.loadConfiguration(dir.toString()));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!(env instanceof LocalStreamEnvironment)) {
            // Inside flink run: the client's effective configuration, including -D options.
            c.addAll(Configuration.fromMap(env.getConfiguration().toMap()));
        }
        c.addAll(OrderProcessingJob.flinkConfig(o));
        return c;
    }

    private static Path configDir() {
        String env = System.getenv("FLINK_CONF_DIR");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        String home = System.getenv("ORDERFLOW_HOME");
        Path local = Path.of(home != null ? home : ".").resolve("flink-conf");
        return Files.isRegularFile(local.resolve("config.yaml")) ? local : null;
    }

    private static Set<String> topicsOrFail(Admin admin, OrderProcessingOptions o) throws InterruptedException {
        try {
            return admin.listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .names()
                    .get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            String security = KafkaConnection.securityProblem(o.bootstrapServers, o.kafkaProperties, e);
            throw new UsageException(security != null ? security
                    : "--bootstrap-servers " + o.bootstrapServers + ": no Kafka broker answered within " + TIMEOUT.toSeconds()
                            + " s (is Kafka running there, and reachable from this machine?)");
        }
    }

    // ---- transaction timeout ----

    private static void checkTransactionTimeout(Admin admin, OrderProcessingOptions o, ReadableConfig flink)
            throws InterruptedException {
        String configured = o.kafkaProperties.getOrDefault(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, KafkaSinks.DEFAULT_TRANSACTION_TIMEOUT_MS);
        long timeoutMs;
        try {
            timeoutMs = Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--kafka-property transaction.timeout.ms must be milliseconds, was '" + configured + "'");
        }
        String setting = "transaction.timeout.ms " + timeoutMs + " (" + Durations.format(Duration.ofMillis(timeoutMs)) + ")";
        long brokerMax = brokerTransactionMaxTimeoutMs(admin, o);
        if (brokerMax > 0 && timeoutMs > brokerMax) {
            throw new UsageException(
                    setting + " is larger than the brokers' " + TRANSACTION_MAX_TIMEOUT + " " + brokerMax + " ("
                            + Durations.format(Duration.ofMillis(brokerMax)) + ") on " + o.bootstrapServers
                            + ": Kafka would refuse the job's transactions. Lower it with --kafka-property transaction.timeout.ms="
                            + brokerMax + " or less, or raise " + TRANSACTION_MAX_TIMEOUT + " on the brokers");
        }
        Duration checkpointTimeout = flink.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
        RestartDelay restart = RestartDelay.of(flink);
        Duration needed = checkpointTimeout.plus(restart.longest());
        if (timeoutMs < needed.toMillis()) {
            throw new UsageException(
                    setting + " is smaller than the checkpoint timeout (" + CheckpointingOptions.CHECKPOINTING_TIMEOUT.key() + " "
                            + Durations.format(checkpointTimeout) + ") plus the longest restart delay (" + restart.describe() + ") = "
                            + Durations.format(needed) + ": after a failure Kafka could abort a transaction that a completed checkpoint"
                            + " still has to commit, and its outputs would be lost. Raise it with --kafka-property transaction.timeout.ms="
                            + needed.toMillis() + " or more" + (brokerMax > 0 ? " (the brokers allow up to " + brokerMax + ")" : "")
                            + ", or shorten the checkpoint timeout or the restart backoff");
        }
    }

    /** The smallest {@code transaction.max.timeout.ms} of the brokers, or 0 when they do not say. */
    private static long brokerTransactionMaxTimeoutMs(Admin admin, OrderProcessingOptions o) throws InterruptedException {
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes()
                    .get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            List<ConfigResource> brokers = new ArrayList<>();
            nodes.forEach(n -> brokers.add(new ConfigResource(ConfigResource.Type.BROKER, n.idString())));
            Map<ConfigResource, Config> configs = admin.describeConfigs(brokers).all().get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            long min = 0;
            for (Config config : configs.values()) {
                ConfigEntry entry = config.get(TRANSACTION_MAX_TIMEOUT);
                if (entry != null && entry.value() != null) {
                    long value = Long.parseLong(entry.value());
                    min = min == 0 ? value : Math.min(min, value);
                }
            }
            return min;
        } catch (TimeoutException e) {
            throw new UsageException("--bootstrap-servers " + o.bootstrapServers + ": the brokers did not describe their configuration within "
                    + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException | NumberFormatException e) {
            // Not allowed to describe broker configs (ACLs): Kafka itself will refuse a too long timeout.
            return 0;
        }
    }

    /** The longest pause Flink's restart strategy may take before it restarts the job. */
    record RestartDelay(String strategy, Duration longest, String detail) {

        static RestartDelay of(ReadableConfig flink) {
            // With checkpointing on, Flink's default is exponential-delay.
            String type = flink.getOptional(RestartStrategyOptions.RESTART_STRATEGY).orElse("exponential-delay").toLowerCase(Locale.ROOT);
            switch (type) {
                case "fixed-delay":
                case "fixeddelay": {
                    Duration d = flink.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY);
                    return new RestartDelay("fixed-delay", d, "delay " + Durations.format(d));
                }
                case "failure-rate":
                case "failurerate": {
                    Duration d = flink.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY);
                    return new RestartDelay("failure-rate", d, "delay " + Durations.format(d));
                }
                case "exponential-delay":
                case "exponentialdelay": {
                    Duration max = flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
                    double jitter = flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR);
                    Duration longest = Duration.ofMillis(Math.round(max.toMillis() * (1 + jitter)));
                    return new RestartDelay("exponential-delay", longest,
                            "max-backoff " + Durations.format(max) + " with jitter " + jitter);
                }
                default:
                    return new RestartDelay(type, Duration.ZERO, "no restart");
            }
        }

        String describe() {
            return Durations.format(longest) + ": restart-strategy " + strategy + ", " + detail;
        }
    }

    // ---- transactional id prefix ----

    /**
     * A running KafkaSink shows itself on the brokers: at every checkpoint each subtask registers a
     * new transactional id {@code <prefix>-<subtask>-<n>} (or, when it pools ids, begins a new
     * transaction on one). Ids of a job that ended stay listed but never change. So the listing is
     * taken twice, a few checkpoint intervals apart, and any id that appeared or began a transaction
     * in between is another job at work. Nothing to wait for when the prefix was never used.
     */
    private static void checkTransactionalIdPrefixIsFree(Admin admin, OrderProcessingOptions o, Duration window, PrintStream out)
            throws InterruptedException {
        String prefix = o.transactionalIdPrefix + "-";
        Map<String, TransactionListing> before = transactions(admin, o, prefix);
        if (before == null || before.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "Checking that no running job writes with transactional id prefix %s (%d s)...%n",
                o.transactionalIdPrefix, window.toSeconds());
        long startedAt = System.currentTimeMillis();
        // Observing another job needs time to pass: there is nothing of ours to wait on.
        Thread.sleep(window.toMillis());
        Map<String, TransactionListing> after = transactions(admin, o, prefix);
        if (after == null) {
            return;
        }
        List<String> evidence = new ArrayList<>();
        List<String> ongoingInBoth = new ArrayList<>();
        for (TransactionListing now : after.values()) {
            TransactionListing was = before.get(now.transactionalId());
            if (was == null) {
                evidence.add(now.transactionalId() + " appeared");
            } else if (was.producerId() != now.producerId()) {
                evidence.add(now.transactionalId() + " got a new producer");
            } else if (now.state() == TransactionState.ONGOING && was.state() != TransactionState.ONGOING) {
                evidence.add(now.transactionalId() + " began a transaction");
            } else if (now.state() == TransactionState.ONGOING) {
                ongoingInBoth.add(now.transactionalId());
            }
        }
        if (evidence.isEmpty() && !ongoingInBoth.isEmpty()) {
            evidence.addAll(transactionsBegunSince(admin, ongoingInBoth, startedAt));
        }
        if (!evidence.isEmpty()) {
            throw new UsageException(
                    "transactional id prefix '" + o.transactionalIdPrefix + "' is in use by another running job on " + o.bootstrapServers
                            + " (in the last " + window.toSeconds() + " s: " + String.join(", ", evidence.subList(0, Math.min(EXAMPLES, evidence.size())))
                            + (evidence.size() > EXAMPLES ? ", ..." : "") + "). " + ONE_PREFIX_PER_JOB);
        }
    }

    /**
     * Running jobs of the Flink cluster this submission goes to (flink run against a session
     * cluster) that declare the same prefix. Best effort: a cluster that does not answer within a
     * few seconds is left to the brokers' check.
     */
    private static void checkNoJobOfThisClusterUsesThePrefix(OrderProcessingOptions o, ReadableConfig flink) throws InterruptedException {
        if (!"remote".equals(flink.get(DeploymentOptions.TARGET))) {
            return;
        }
        String base = "http://" + flink.getOptional(RestOptions.ADDRESS).orElse("localhost") + ":" + flink.get(RestOptions.PORT);
        RestClient rest = new RestClient(URI.create(base + "/"), REST_TIMEOUT, REST_TIMEOUT);
        List<String> holders = new ArrayList<>();
        try {
            for (RestClient.Job job : rest.runningJobs()) {
                if (o.transactionalIdPrefix.equals(rest.userConfig(job.id()).path(JobParameters.TRANSACTIONAL_ID_PREFIX).asText(null))) {
                    holders.add(job.id() + " (" + job.state() + ")");
                }
            }
        } catch (IOException e) {
            return;
        }
        if (!holders.isEmpty()) {
            throw new UsageException(
                    "transactional id prefix '" + o.transactionalIdPrefix + "' is in use by job " + String.join(", ", holders) + " on "
                            + base + ". " + ONE_PREFIX_PER_JOB);
        }
    }

    /** The transactions whose id starts with {@code prefix}, by id; null when the brokers cannot list them. */
    private static Map<String, TransactionListing> transactions(Admin admin, OrderProcessingOptions o, String prefix)
            throws InterruptedException {
        try {
            Map<String, TransactionListing> mine = new TreeMap<>();
            for (TransactionListing t : admin.listTransactions().all().get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                if (t.transactionalId().startsWith(prefix)) {
                    mine.put(t.transactionalId(), t);
                }
            }
            return mine;
        } catch (TimeoutException e) {
            throw new UsageException("--bootstrap-servers " + o.bootstrapServers + ": the brokers did not list their transactions within "
                    + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            // Brokers too old to list transactions, or not allowed to: the check cannot be made.
            return null;
        }
    }

    private static List<String> transactionsBegunSince(Admin admin, List<String> ids, long sinceMs) throws InterruptedException {
        List<String> begun = new ArrayList<>();
        try {
            Map<String, TransactionDescription> described =
                    admin.describeTransactions(ids).all().get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            described.forEach((id, d) -> {
                if (d.transactionStartTimeMs().isPresent() && d.transactionStartTimeMs().getAsLong() >= sinceMs) {
                    begun.add(id + " began a transaction");
                }
            });
        } catch (TimeoutException | ExecutionException e) {
            // The listing alone decides.
        }
        return begun;
    }

    /** Long enough to see two checkpoints of a job like this one. */
    private static Duration observationWindow(ReadableConfig flink) {
        Duration interval = flink.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).orElse(Duration.ofSeconds(2));
        Duration window = interval.multipliedBy(2).plusSeconds(1);
        if (window.compareTo(MIN_OBSERVATION) < 0) {
            return MIN_OBSERVATION;
        }
        return window.compareTo(MAX_OBSERVATION) > 0 ? MAX_OBSERVATION : window;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
