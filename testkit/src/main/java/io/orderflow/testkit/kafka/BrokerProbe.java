package io.orderflow.testkit.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Whether a broker answers: an Admin {@code describeCluster} that names at least one node. */
final class BrokerProbe {

    private BrokerProbe() {}

    /**
     * True when a broker at {@code bootstrap} answers {@code describeCluster} within {@code
     * timeout}.
     */
    static boolean answers(String bootstrap, Map<String, String> clientConfig, Duration timeout) {
        Properties config = config(bootstrap, timeout);
        config.putAll(clientConfig);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .isEmpty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Asks until the starting broker {@code process} answers at {@code bootstrap}; {@code failure}
     * turns what went wrong into the exception to throw when it exits, or does not answer within
     * {@code startTimeout} (by {@code deadlineNanos}).
     */
    static void awaitAnswer(
            Process process,
            String bootstrap,
            Map<String, String> clientConfig,
            Duration startTimeout,
            long deadlineNanos,
            Function<String, IllegalStateException> failure) {
        Properties config = config(bootstrap, Duration.ofSeconds(2));
        config.putAll(clientConfig);
        String lastError = "no answer yet";
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw failure.apply(
                            "the broker process exited with code "
                                    + process.exitValue()
                                    + " while starting");
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (remainingMs <= 0) {
                    throw failure.apply(
                            "the broker did not answer at "
                                    + bootstrap
                                    + " within "
                                    + startTimeout.toSeconds()
                                    + " s (last: "
                                    + lastError
                                    + ")");
                }
                int attemptMs = (int) Math.min(2000, remainingMs);
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMs))
                            .nodes()
                            .get(attemptMs + 1000L, TimeUnit.MILLISECONDS)
                            .isEmpty()) {
                        return;
                    }
                    lastError = "cluster has no nodes yet";
                } catch (ExecutionException e) {
                    lastError = String.valueOf(e.getCause());
                } catch (TimeoutException e) {
                    lastError = "describeCluster timed out";
                }
                // Paces retries that fail fast, and wakes at once if the broker dies.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.apply("interrupted while waiting for the broker");
        }
    }

    private static Properties config(String bootstrap, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "orderflow-broker-probe");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
        return p;
    }
}
