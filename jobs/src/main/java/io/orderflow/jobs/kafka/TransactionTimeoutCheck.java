package io.orderflow.jobs.kafka;

import io.orderflow.jobs.options.Durations;
import io.orderflow.jobs.options.JobRun;
import io.orderflow.jobs.options.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * With exactly-once delivery, refuses a producers' {@code transaction.timeout.ms} larger than the
 * brokers' {@code transaction.max.timeout.ms} (the first commit would be refused) or smaller than
 * the checkpoint timeout plus the longest restart delay (Kafka could abort a transaction that a
 * completed checkpoint still has to commit after a failure: lost outputs).
 */
final class TransactionTimeoutCheck {

    private static final String TRANSACTION_MAX_TIMEOUT = "transaction.max.timeout.ms";

    private TransactionTimeoutCheck() {}

    /**
     * Throws {@link UsageException} when the producers' transaction timeout does not fit the
     * brokers or the job's recovery.
     */
    static void check(Admin admin, JobRun o, ReadableConfig flink) throws InterruptedException {
        String configured =
                o.kafkaProperties()
                        .getOrDefault(
                                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                                KafkaSinks.DEFAULT_TRANSACTION_TIMEOUT_MS);
        long timeoutMs;
        try {
            timeoutMs = Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "--kafka-property transaction.timeout.ms must be milliseconds, was '"
                            + configured
                            + "'");
        }
        String setting =
                "transaction.timeout.ms "
                        + timeoutMs
                        + " ("
                        + Durations.format(Duration.ofMillis(timeoutMs))
                        + ")";
        long brokerMax = brokerTransactionMaxTimeoutMs(admin, o);
        if (brokerMax > 0 && timeoutMs > brokerMax) {
            throw new UsageException(
                    setting
                            + " is larger than the brokers' "
                            + TRANSACTION_MAX_TIMEOUT
                            + " "
                            + brokerMax
                            + " ("
                            + Durations.format(Duration.ofMillis(brokerMax))
                            + ") on "
                            + o.bootstrapServers()
                            + ": Kafka would refuse the job's transactions. Lower it with"
                            + " --kafka-property transaction.timeout.ms="
                            + brokerMax
                            + " or less, or raise "
                            + TRANSACTION_MAX_TIMEOUT
                            + " on the brokers");
        }
        Duration checkpointTimeout = flink.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
        RestartDelay restart = RestartDelay.of(flink);
        Duration needed = checkpointTimeout.plus(restart.longest());
        if (timeoutMs < needed.toMillis()) {
            throw new UsageException(
                    setting
                            + " is smaller than the checkpoint timeout ("
                            + CheckpointingOptions.CHECKPOINTING_TIMEOUT.key()
                            + " "
                            + Durations.format(checkpointTimeout)
                            + ") plus the longest restart delay ("
                            + restart.describe()
                            + ") = "
                            + Durations.format(needed)
                            + ": after a failure Kafka could abort a transaction that a completed"
                            + " checkpoint still has to commit, and its outputs would be lost."
                            + " Raise it with --kafka-property transaction.timeout.ms="
                            + needed.toMillis()
                            + " or more"
                            + (brokerMax > 0 ? " (the brokers allow up to " + brokerMax + ")" : "")
                            + ", or shorten the checkpoint timeout or the restart backoff");
        }
    }

    /**
     * The smallest {@code transaction.max.timeout.ms} of the brokers, or 0 when they do not say.
     */
    private static long brokerTransactionMaxTimeoutMs(Admin admin, JobRun o)
            throws InterruptedException {
        try {
            Collection<Node> nodes =
                    admin.describeCluster(
                                    new DescribeClusterOptions()
                                            .timeoutMs((int) KafkaPreflight.TIMEOUT.toMillis()))
                            .nodes()
                            .get(KafkaPreflight.TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            List<ConfigResource> brokers = new ArrayList<>();
            nodes.forEach(
                    n -> brokers.add(new ConfigResource(ConfigResource.Type.BROKER, n.idString())));
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(brokers)
                            .all()
                            .get(KafkaPreflight.TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
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
            throw new UsageException(
                    "--bootstrap-servers "
                            + o.bootstrapServers()
                            + ": the brokers did not describe their configuration within "
                            + KafkaPreflight.TIMEOUT.toSeconds()
                            + " s");
        } catch (ExecutionException | NumberFormatException e) {
            // Not allowed to describe broker configs (ACLs): Kafka itself will refuse a too long
            // timeout.
            return 0;
        }
    }

    /** The longest pause Flink's restart strategy may take before it restarts the job. */
    record RestartDelay(String strategy, Duration longest, String detail) {

        static RestartDelay of(ReadableConfig flink) {
            // With checkpointing on, Flink's default is exponential-delay.
            String type =
                    flink.getOptional(RestartStrategyOptions.RESTART_STRATEGY)
                            .orElse("exponential-delay")
                            .toLowerCase(Locale.ROOT);
            switch (type) {
                case "fixed-delay":
                case "fixeddelay":
                    {
                        Duration d =
                                flink.get(
                                        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY);
                        return new RestartDelay("fixed-delay", d, "delay " + Durations.format(d));
                    }
                case "failure-rate":
                case "failurerate":
                    {
                        Duration d =
                                flink.get(
                                        RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY);
                        return new RestartDelay("failure-rate", d, "delay " + Durations.format(d));
                    }
                case "exponential-delay":
                case "exponentialdelay":
                    {
                        Duration max =
                                flink.get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
                        double jitter =
                                flink.get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR);
                        Duration longest =
                                Duration.ofMillis(Math.round(max.toMillis() * (1 + jitter)));
                        return new RestartDelay(
                                "exponential-delay",
                                longest,
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
}
