package io.orderflow.jobs.kafka;

import io.orderflow.jobs.JobParameters;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.RiversJob;
import io.orderflow.jobs.options.JobRun;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.schemas.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Checks before a job starts (either job: order-processing or rivers) that its Kafka is there and
 * fits the job, so that a mistake stops the submission with one sentence instead of a job that
 * retries silently for ever or loses outputs later:
 *
 * <ol>
 *   <li>the brokers answer within {@link #TIMEOUT} (the message names the address);
 *   <li>the input topics exist (the one place this is checked: {@link OutputGuard} runs after it);
 *   <li>no output record can be larger than its topic or the producer accept: the dead letters of
 *       both jobs, the rivers job's problems and river records ({@link OutputSizeCheck});
 *   <li>with exactly-once delivery, the producers' {@code transaction.timeout.ms} is at most the
 *       brokers' {@code transaction.max.timeout.ms} (else the first commit is refused) and at least
 *       the checkpoint timeout plus the longest restart delay (else Kafka may abort a transaction
 *       that a completed checkpoint still has to commit after a failure: lost outputs; {@link
 *       TransactionTimeoutCheck});
 *   <li>with exactly-once delivery, no other running job writes with the same transactional id
 *       prefix: two writers of one prefix fence each other's producers and abort each other's
 *       transactions. Seen on the brokers (a job that writes registers new transactional ids at
 *       every checkpoint) and, for a job on the same Flink cluster that has nothing to write yet,
 *       in the cluster's REST API (the {@value JobParameters#TRANSACTIONAL_ID_PREFIX} global job
 *       parameter; {@link TransactionalIdPrefixCheck}).
 * </ol>
 *
 * The Flink side (checkpoint timeout, restart strategy) is read as the job will see it: the
 * client's config.yaml ({@code flink run} reads {@code FLINK_CONF_DIR}; {@code ./orderflow run}
 * reads {@code flink-conf/}), what {@code flink run -D} added, then the job's own options.
 */
public final class KafkaPreflight {

    /** How long the brokers may take to answer before the job is refused. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private KafkaPreflight() {}

    public static void check(OrderProcessingOptions o) {
        check(o, flinkConfiguration(o), System.out);
    }

    public static void check(RiversOptions o) {
        check(o, flinkConfiguration(o), System.out);
    }

    /**
     * The checks against {@code flink} as the job's Flink settings; progress notes go to {@code
     * out}.
     */
    public static void check(JobRun o, ReadableConfig flink, PrintStream out) {
        Properties props = new Properties();
        props.putAll(o.kafkaProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "orderflow-preflight");
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            throw new UnreachableException(
                    "--bootstrap-servers "
                            + o.bootstrapServers()
                            + ": cannot reach Kafka: "
                            + KafkaClientConfig.scrub(rootMessage(e), o.kafkaProperties()));
        }
        try {
            Optional<String> missing = missingInputTopic(o, topicsOrFail(admin, o));
            if (missing.isPresent()) {
                throw new UnreachableException(missing.get());
            }
            OutputSizeCheck.check(admin, o);
            if (o.exactlyOnce()) {
                TransactionTimeoutCheck.check(admin, o, flink);
                TransactionalIdPrefixCheck.check(admin, o, flink, out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while checking Kafka at " + o.bootstrapServers(), e);
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    /**
     * The sentence that refuses a run when an input topic is not among {@code existing}; empty when
     * all are.
     */
    static Optional<String> missingInputTopic(JobRun o, Set<String> existing) {
        return o.inputTopics().stream()
                .filter(input -> !existing.contains(input))
                .findFirst()
                .map(
                        input ->
                                "input topic '"
                                        + input
                                        + "' ("
                                        + o.inputTopicOption(input)
                                        + ") does not exist on "
                                        + o.bootstrapServers()
                                        + " (create it, e.g. ./orderflow topics create"
                                        + " --bootstrap-servers "
                                        + o.bootstrapServers()
                                        + (createdByDefault(input) ? "" : " --topic " + input)
                                        + ")");
    }

    /** Whether {@code ./orderflow topics create} creates {@code topic} without being named it. */
    private static boolean createdByDefault(String topic) {
        return Topics.ORDER_PROCESSING.stream().anyMatch(t -> t.name().equals(topic));
    }

    /** {@link #flinkConfiguration(Configuration)} with the order-processing job's own settings. */
    public static Configuration flinkConfiguration(OrderProcessingOptions o) {
        return flinkConfiguration(OrderProcessingJob.flinkConfig(o));
    }

    /** {@link #flinkConfiguration(Configuration)} with the rivers job's own settings. */
    public static Configuration flinkConfiguration(RiversOptions o) {
        return flinkConfiguration(RiversJob.flinkConfig(o));
    }

    /**
     * The job's Flink settings: config.yaml (FLINK_CONF_DIR, else $ORDERFLOW_HOME/flink-conf or
     * ./flink-conf), the settings {@code flink run} hands the program (its config.yaml and -D),
     * then {@code jobSettings}, the job's own.
     */
    private static Configuration flinkConfiguration(Configuration jobSettings) {
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
        c.addAll(jobSettings);
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

    private static Set<String> topicsOrFail(Admin admin, JobRun o) throws InterruptedException {
        try {
            return admin.listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .names()
                    .get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            String security =
                    KafkaConnection.securityProblem(o.bootstrapServers(), o.kafkaProperties(), e);
            throw new UnreachableException(
                    security != null
                            ? security
                            : "--bootstrap-servers "
                                    + o.bootstrapServers()
                                    + ": no Kafka broker answered within "
                                    + TIMEOUT.toSeconds()
                                    + " s (is Kafka running there, and reachable from this"
                                    + " machine?)");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
