package io.orderflow.jobs.kafka;

import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.UsageException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks before a job starts that its Kafka is there: the brokers answer within a bounded time and
 * the input topics exist. Without it a KafkaSource retries silently for ever.
 */
public final class KafkaPreflight {

    private static final int TIMEOUT_MS = 15_000;

    private KafkaPreflight() {}

    public static void check(OrderProcessingOptions o) {
        Properties props = new Properties();
        props.putAll(o.kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        try (Admin admin = Admin.create(props)) {
            Set<String> topics;
            try {
                topics = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new UsageException(
                        "--bootstrap-servers " + o.bootstrapServers + ": no Kafka broker answered within " + TIMEOUT_MS / 1000 + " s");
            }
            for (String input : List.of(o.ordersTopic, o.inventoryTopic)) {
                if (!topics.contains(input)) {
                    throw new UsageException(
                            "input topic '" + input + "' does not exist on " + o.bootstrapServers
                                    + " (create it, e.g. ./orderflow topics create --bootstrap-servers " + o.bootstrapServers + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka", e);
        }
    }
}
