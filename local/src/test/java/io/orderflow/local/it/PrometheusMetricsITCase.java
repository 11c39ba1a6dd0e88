package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.functions.Metrics;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.flink.LocalFlink;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped {@code flink-conf/config.yaml} turns on Flink's Prometheus reporter: a running job's
 * own counters (by reason where they have one) and its Kafka source's lag are there to scrape.
 */
class PrometheusMetricsITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    @Timeout(240)
    void aRunningJobServesItsCountersDeadLettersByReasonAndKafkaLagToPrometheus() throws Exception {
        assertThat(TestFlink.requireShippedConfig().toMap())
                .as("config.yaml's reporter")
                .containsEntry(
                        "metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        String prefix = KafkaTestSupport.uniqueTopicPrefix();
        Map<String, Integer> topics = new HashMap<>();
        Topics.ORDER_PROCESSING.forEach(t -> topics.put(prefix + t.name(), 2));
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics);
        OrderWriter.produce(
                KAFKA.bootstrapServers(),
                GeneratorSettings.defaults(1_000).withSeed(5).withRates(0.05, 0.02, 0.03, 0.0),
                new TopicNames(prefix + Topics.ORDERS.name(), prefix + Topics.INVENTORY.name()),
                0,
                null);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--starting-offsets",
                                "earliest",
                                "--parallelism",
                                "2",
                                "--checkpoint-interval",
                                "1s",
                                "--checkpoint-dir",
                                Files.createTempDirectory("orderflow-it-checkpoints-")
                                        .toUri()
                                        .toString(),
                                "--group-id",
                                prefix + "group"));
        for (var t : Topics.ORDER_PROCESSING) {
            args.addAll(
                    List.of("--" + t.name().replace("order-", "") + "-topic", prefix + t.name()));
        }
        OrderProcessingOptions options = OrderProcessingOptions.parse(args);
        int port = LoopbackPorts.free();
        Configuration reporterPort = new Configuration();
        reporterPort.set(
                ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue(),
                String.valueOf(port));

        String scraped;
        try (LocalFlink flink = TestFlink.start(options, reporterPort)) {
            var env = flink.environment();
            OutputGuard.ensureStatusTopic(options);
            OrderProcessingJob.build(
                    env, new KafkaSources(options), new KafkaSinks(options), options);
            JobID job = flink.submit(env);
            scraped =
                    awaitScrape(
                            port,
                            text ->
                                    sum(text, Metrics.RECORDS_APPLIED) > 0
                                            && sum(text, Metrics.CONFIRMATIONS) > 0
                                            && text.contains(Metrics.DEAD_LETTERS + "{")
                                            && text.contains("pendingRecords"));
            flink.cancel(job);
        }

        assertThat(sum(scraped, Metrics.RECORDS_APPLIED)).as("records applied").isPositive();
        assertThat(sum(scraped, Metrics.DUPLICATES_DROPPED)).as("duplicates dropped").isPositive();
        assertThat(scraped)
                .as("dead letters by reason")
                .containsPattern(Metrics.DEAD_LETTERS + "\\{[^}]*reason=\"MALFORMED_JSON\"");
        assertThat(scraped)
                .as("the Kafka source's lag")
                .containsPattern("pendingRecords\\{[^}]*\\} ");
        for (String operator : List.of("StockLedger", "OrderDecider")) {
            assertThat(scraped)
                    .as("the %s's flush before the barrier", operator)
                    .containsPattern(
                            Metrics.FLUSH_BEFORE_BARRIER_MS
                                    + "\\{[^}]*operator_name=\""
                                    + operator
                                    + "\"");
        }
    }

    /** Scrapes http://127.0.0.1:port/metrics until {@code ready} holds; the last scrape. */
    private static String awaitScrape(int port, java.util.function.Predicate<String> ready)
            throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r =
                        HTTP.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200 && ready.test(last)) {
                    return last;
                }
            } catch (IOException notYet) {
                // the reporter starts with the cluster
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "the scrape did not show the job's metrics within "
                        + DEADLINE.toSeconds()
                        + " s; last scrape:\n"
                        + last.lines().filter(l -> l.contains("operator_")).limit(40).toList());
    }

    /** The sum over all subtasks of the operator metric {@code name} in a Prometheus scrape. */
    private static double sum(String scrape, String name) {
        Matcher m =
                Pattern.compile(
                                "^flink_taskmanager_job_task_operator_"
                                        + name
                                        + "\\{[^}]*\\} (\\S+)$",
                                Pattern.MULTILINE)
                        .matcher(scrape);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
