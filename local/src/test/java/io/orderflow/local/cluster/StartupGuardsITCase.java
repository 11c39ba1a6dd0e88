package io.orderflow.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.kafka.KafkaPreflight;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.local.RunCommand;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.Repository;
import io.orderflow.testkit.cluster.FlinkCli;
import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up guards of {@link KafkaPreflight} against a real broker: each mistake, one clear
 * sentence, for the order-processing and the rivers job.
 */
class StartupGuardsITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir static Path tmp;

    private static String prefix;
    private static Path riversSpec;

    @BeforeAll
    static void createInputs() throws Exception {
        riversSpec =
                Files.writeString(
                        tmp.resolve("rivers.yaml"),
                        String.join(
                                "\n",
                                "rivers:",
                                "  - name: refunds",
                                "    precondition:",
                                "      type: [RefundIssued]",
                                ""));
        prefix = KafkaTestSupport.uniqueTopicPrefix();
        TopicAdmin.createTopics(
                KAFKA.bootstrapServers(),
                Map.of(
                        prefix + Topics.ORDERS.name(),
                        1,
                        prefix + Topics.INVENTORY.name(),
                        1,
                        prefix + Topics.RAPIDS.name(),
                        1));
    }

    private static OrderProcessingOptions options(String bootstrap, String... extra) {
        return optionsReading(bootstrap, prefix + Topics.INVENTORY.name(), extra);
    }

    private static OrderProcessingOptions optionsReading(
            String bootstrap, String inventoryTopic, String... extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                bootstrap,
                                "--orders-topic",
                                prefix + Topics.ORDERS.name(),
                                "--inventory-topic",
                                inventoryTopic));
        argv.addAll(List.of(extra));
        return OrderProcessingOptions.parse(argv);
    }

    /**
     * The check as {@code ./orderflow run} makes it: with the Flink settings the job would run
     * with, the shipped config.yaml (found through ORDERFLOW_HOME, which failsafe sets) under the
     * job's options.
     */
    private static void check(OrderProcessingOptions o) {
        KafkaPreflight.check(o, KafkaPreflight.flinkConfiguration(o), quiet());
    }

    private static void check(RiversOptions o) {
        KafkaPreflight.check(o, KafkaPreflight.flinkConfiguration(o), quiet());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static List<String> riversArgs(String rapidsTopic, String... extra) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--rivers",
                                riversSpec.toString(),
                                "--rapids-topic",
                                rapidsTopic,
                                "--output-prefix",
                                prefix));
        argv.addAll(List.of(extra));
        return argv;
    }

    private static RiversOptions rivers(String... extra) {
        return RiversOptions.parse(riversArgs(prefix + Topics.RAPIDS.name(), extra));
    }

    @Test
    void anUnreachableBrokerFailsWithinTheBoundNamingTheAddress() {
        String nobody = KafkaBroker.HOST + ":" + LoopbackPorts.free();
        long start = System.nanoTime();
        assertThatThrownBy(() -> check(options(nobody)))
                .isInstanceOf(UnreachableException.class)
                .hasMessageContaining(nobody)
                .hasMessageContaining(
                        "no Kafka broker answered within "
                                + KafkaPreflight.TIMEOUT.toSeconds()
                                + " s");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(KafkaPreflight.TIMEOUT.plusSeconds(10));
    }

    @Test
    void aMissingInputTopicIsNamedWithItsOption() {
        assertThatThrownBy(
                        () ->
                                check(
                                        optionsReading(
                                                KAFKA.bootstrapServers(),
                                                prefix + "no-such-topic")))
                .isInstanceOf(UnreachableException.class)
                .hasMessageContaining(
                        "input topic '"
                                + prefix
                                + "no-such-topic' (--inventory-topic) does not exist");
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefused() {
        assertThatThrownBy(
                        () ->
                                check(
                                        options(
                                                KAFKA.bootstrapServers(),
                                                "--kafka-property",
                                                "transaction.timeout.ms=1000000")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("transaction.timeout.ms 1000000")
                .hasMessageContaining("larger than the brokers' transaction.max.timeout.ms 900000");
    }

    @Test
    void aTransactionTimeoutBelowCheckpointTimeoutPlusRestartDelayIsRefused() {
        // config.yaml: 2m checkpoint timeout + 30 s max backoff * (1 + Flink's default 0.1 jitter)
        // = 153 s
        assertThatThrownBy(
                        () ->
                                check(
                                        options(
                                                KAFKA.bootstrapServers(),
                                                "--kafka-property",
                                                "transaction.timeout.ms=152999",
                                                "--transactional-id-prefix",
                                                prefix + "short")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(
                        "smaller than the checkpoint timeout (execution.checkpointing.timeout 2m)"
                                + " plus the longest restart delay (33s")
                .hasMessageContaining("= 153s");
        assertThatNoException()
                .isThrownBy(
                        () ->
                                check(
                                        options(
                                                KAFKA.bootstrapServers(),
                                                "--kafka-property",
                                                "transaction.timeout.ms=153000",
                                                "--transactional-id-prefix",
                                                prefix + "just-enough")));
        // At-least-once writes no transactions: nothing to check.
        assertThatNoException()
                .isThrownBy(
                        () ->
                                check(
                                        options(
                                                KAFKA.bootstrapServers(),
                                                "--kafka-property",
                                                "transaction.timeout.ms=1000",
                                                "--delivery",
                                                "at-least-once")));
    }

    @Test
    void aTransactionalIdPrefixThatAnotherJobWritesWithIsRefusedAndFreeOnceItStops()
            throws Exception {
        String used = prefix + "busy";
        try (OtherJob other = OtherJob.writingWith(used)) {
            assertThatThrownBy(
                            () ->
                                    check(
                                            options(
                                                    KAFKA.bootstrapServers(),
                                                    "--transactional-id-prefix",
                                                    used)))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining(
                            "transactional id prefix '"
                                    + used
                                    + "' is in use by another running job")
                    .hasMessageContaining("--transactional-id-prefix");
        }
        // Its transactional ids stay listed on the broker, but nothing uses them any more.
        assertThatNoException()
                .isThrownBy(
                        () ->
                                check(
                                        options(
                                                KAFKA.bootstrapServers(),
                                                "--transactional-id-prefix",
                                                used)));
    }

    @Test
    void aRiversRunWhoseTransactionalIdPrefixAnotherJobWritesWithIsRefused() throws Exception {
        String used = prefix + "busy-rivers";
        try (OtherJob other = OtherJob.writingWith(used)) {
            assertThatThrownBy(() -> check(rivers("--transactional-id-prefix", used)))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining(
                            "transactional id prefix '"
                                    + used
                                    + "' is in use by another running job")
                    .hasMessageContaining("--transactional-id-prefix");
        }
    }

    @Test
    void aRiversRunWhoseTransactionTimeoutIsAboveTheBrokersMaximumIsRefused() {
        assertThatThrownBy(
                        () -> check(rivers("--kafka-property", "transaction.timeout.ms=1000000")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("transaction.timeout.ms 1000000")
                .hasMessageContaining("larger than the brokers' transaction.max.timeout.ms 900000");
    }

    @Test
    void aRiversRunWhoseRiverTopicAcceptsLessThanMaxRecordBytesIsRefusedNamingTheTopic()
            throws Exception {
        Path spec =
                Files.writeString(
                        tmp.resolve("small-river.yaml"),
                        "rivers:\n  - name: small\n    precondition:\n      type: [Small]\n");
        String riverTopic = prefix + "river.small";
        try (Admin admin = TopicAdmin.admin(KAFKA.bootstrapServers())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(riverTopic, 1, (short) 1)
                                            .configs(Map.of("max.message.bytes", "500000"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        List<String> argv = new ArrayList<>(riversArgs(prefix + Topics.RAPIDS.name()));
        argv.set(argv.indexOf("--rivers") + 1, spec.toString());

        assertThatThrownBy(() -> check(RiversOptions.parse(argv)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(
                        "with --max-record-bytes 921600 a river record on topic '"
                                + riverTopic
                                + "' can take up to 921682 bytes")
                .hasMessageContaining("than the 500000 bytes the topic accepts")
                .hasMessageContaining("lower --max-record-bytes to ");
        assertThatNoException()
                .isThrownBy(
                        () -> {
                            List<String> lowered = new ArrayList<>(argv);
                            lowered.addAll(List.of("--max-record-bytes", "400000"));
                            check(RiversOptions.parse(lowered));
                        });
    }

    @Test
    void aLocalRiversRunWithoutItsRapidsTopicIsRefusedWithTheLineThatNamesRapidsTopic() {
        String rapids = prefix + "no-rapids-here";
        assertThatThrownBy(
                        () ->
                                RunCommand.run(
                                        concat("rivers", riversArgs(rapids, "--web-ui-port", "0"))))
                .isInstanceOf(UnreachableException.class)
                .hasMessage(
                        "input topic '"
                                + rapids
                                + "' (--rapids-topic) does not exist on "
                                + KAFKA.bootstrapServers()
                                + " (create it, e.g. ./orderflow topics create --bootstrap-servers "
                                + KAFKA.bootstrapServers()
                                + " --topic "
                                + rapids
                                + ")");
    }

    /**
     * The rivers job as {@code ./orderflow submit rivers} starts it: Flink's CLI runs the jar's
     * main ({@code flink run}). No cluster answers at the CLI's target, so a job that got past the
     * start-up check would end with Flink's own failure to submit it (exit code 1), not with the
     * check's line.
     */
    @Test
    @Timeout(120)
    void
            aRiversSubmissionWithoutItsRapidsTopicIsRefusedWithOneLineAndExitCode3BeforeTheJobIsSubmitted()
                    throws Exception {
        String rapids = prefix + "no-rapids";
        FlinkCluster nowhere = FlinkCluster.ownedBy(tmp.resolve("no-cluster"));
        nowhere.writeConfiguration(
                Repository.root().resolve("flink-conf"),
                Map.of(
                        "rest.port",
                        String.valueOf(LoopbackPorts.free()),
                        "jobmanager.rpc.port",
                        String.valueOf(LoopbackPorts.free())));

        List<String> flinkRun =
                new ArrayList<>(List.of("run", "-d", FlinkCli.defaultJar().toString(), "rivers"));
        flinkRun.addAll(riversArgs(rapids));

        FlinkCli.Result run =
                FlinkCli.flink(
                        FlinkCli.Target.of(nowhere), flinkRun, Duration.ofSeconds(90), null, null);

        assertThat(run.exitCode())
                .as("flink run: %s", run.output())
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.output())
                .isEqualTo(
                        "orderflow rivers: input topic '"
                                + rapids
                                + "' (--rapids-topic) does not exist on "
                                + KAFKA.bootstrapServers()
                                + " (create it, e.g. ./orderflow topics create --bootstrap-servers "
                                + KAFKA.bootstrapServers()
                                + " --topic "
                                + rapids
                                + ")"
                                + System.lineSeparator());
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /**
     * Another job writing with a transactional id prefix, like a running KafkaSink: a new
     * transactional id {@code <prefix>-<subtask>-<n>} per checkpoint. Like a sink that restarts, it
     * goes on after a failed transaction: the guard must see the ids it registers, not every commit
     * succeed (a broker under CI load may refuse one).
     */
    private static final class OtherJob implements AutoCloseable {

        private final AtomicBoolean writing = new AtomicBoolean(true);
        private final CompletableFuture<Void> writer;

        private OtherJob(String prefix, CountDownLatch firstCommit, AtomicInteger failed) {
            writer =
                    CompletableFuture.runAsync(
                            () -> {
                                for (int n = 1; writing.get(); n++) {
                                    try (KafkaProducer<String, String> producer =
                                            new KafkaProducer<>(
                                                    transactional(prefix + "-0-" + n))) {
                                        producer.initTransactions();
                                        producer.beginTransaction();
                                        producer.send(
                                                new ProducerRecord<>(
                                                        StartupGuardsITCase.prefix
                                                                + Topics.ORDERS.name(),
                                                        "k",
                                                        "{}"));
                                        producer.commitTransaction();
                                        firstCommit.countDown();
                                    } catch (KafkaException e) {
                                        failed.incrementAndGet();
                                    }
                                }
                            });
        }

        /** Once it has committed its first transaction. */
        static OtherJob writingWith(String transactionalIdPrefix) throws Exception {
            CountDownLatch firstCommit = new CountDownLatch(1);
            AtomicInteger failed = new AtomicInteger();
            OtherJob job = new OtherJob(transactionalIdPrefix, firstCommit, failed);
            if (!firstCommit.await(1, TimeUnit.MINUTES)) {
                job.close();
                throw new AssertionError(
                        "the other job committed no transaction within a minute ("
                                + failed.get()
                                + " failed)");
            }
            return job;
        }

        @Override
        public void close() throws Exception {
            writing.set(false);
            writer.get(1, TimeUnit.MINUTES);
        }
    }

    private static Properties transactional(String id) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return p;
    }
}
