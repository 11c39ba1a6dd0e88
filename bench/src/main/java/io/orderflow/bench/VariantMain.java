package io.orderflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bench.streams.PartitionLag;
import io.orderflow.bench.streams.StreamsPeer;
import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.testkit.flink.LocalFlink;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One variant in its own JVM, started by {@link BenchCommand}: {@code VariantMain <variant>
 * [options]}. Prints {@code READY <epoch ms>} on stdout once the job or application was started,
 * stops when its bounded input is done or when a line {@code stop} arrives on stdin, and writes
 * what it measured of itself (start and end, peak RSS, checkpoint or state size) as JSON to {@code
 * --result-file}.
 */
public final class VariantMain {

    static final Set<String> VALUED =
            Set.of(
                    "--bootstrap-servers",
                    "--orders-topic",
                    "--inventory-topic",
                    "--confirmations-topic",
                    "--refunds-topic",
                    "--dead-letters-topic",
                    "--status-topic",
                    "--group-id",
                    "--work-dir",
                    "--result-file",
                    "--job-arg",
                    "--flink-config",
                    "--checkpoint-interval-ms",
                    "--out-of-orderness-ms",
                    KafkaClientConfig.OPTION);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Variant variant;
    private final Map<String, List<String>> options;
    private final boolean bounded;
    private final Path workDir;
    private final ObjectNode result = JSON.createObjectNode();
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private VariantMain(Variant variant, Map<String, List<String>> options, boolean bounded) {
        this.variant = variant;
        this.options = options;
        this.bounded = bounded;
        this.workDir = Path.of(one("--work-dir"));
    }

    public static void main(String[] argv) throws Exception {
        Variant variant = Variant.of(argv[0]);
        Map<String, List<String>> options = new HashMap<>();
        boolean bounded = false;
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--bounded")) {
                bounded = true;
            } else if (VALUED.contains(argv[i]) && i + 1 < argv.length) {
                options.computeIfAbsent(argv[i], k -> new ArrayList<>()).add(argv[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
        }
        new VariantMain(variant, options, bounded).run();
        System.exit(0);
    }

    /** The broker and, with --kafka-config, its client settings. */
    private KafkaConnection kafka() {
        return KafkaConnection.of(
                one("--bootstrap-servers"),
                options.containsKey(KafkaClientConfig.OPTION)
                        ? Path.of(one(KafkaClientConfig.OPTION))
                        : null);
    }

    private String one(String name) {
        List<String> v = options.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v.get(0);
    }

    private void run() throws Exception {
        Files.createDirectories(workDir);
        Thread stdin = new Thread(this::watchStdin, "stop-listener");
        stdin.setDaemon(true);
        stdin.start();
        result.put("variant", variant.id());
        result.put("bounded", bounded);
        try {
            if (variant.engine() == Variant.Engine.KAFKA_STREAMS) {
                runStreams();
            } else {
                runFlink();
            }
            result.put("ok", true);
        } catch (Exception e) {
            result.put("ok", false);
            result.put("error", String.valueOf(e));
            e.printStackTrace();
        }
        result.put("vmHwmKb", vmHwmKb());
        Files.writeString(
                Path.of(one("--result-file")),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        System.out.println("DONE");
        System.out.flush();
    }

    private void watchStdin() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("stop")) {
                    break;
                }
            }
        } catch (IOException ignored) {
            // the parent went away: stop as well
        }
        stopRequested.countDown();
    }

    // ---------------------------------------------------------------- Flink

    private OrderProcessingOptions jobOptions() {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers", one("--bootstrap-servers"),
                                "--orders-topic", one("--orders-topic"),
                                "--inventory-topic", one("--inventory-topic"),
                                "--confirmations-topic", one("--confirmations-topic"),
                                "--refunds-topic", one("--refunds-topic"),
                                "--dead-letters-topic", one("--dead-letters-topic"),
                                "--status-topic", one("--status-topic"),
                                "--group-id", one("--group-id"),
                                "--starting-offsets", "earliest",
                                "--checkpoint-dir",
                                        workDir.resolve("checkpoints").toUri().toString()));
        if (bounded) {
            argv.addAll(List.of("--stop-at", "latest"));
        }
        if (options.containsKey("--checkpoint-interval-ms")) {
            argv.addAll(List.of("--checkpoint-interval", one("--checkpoint-interval-ms") + "ms"));
        }
        if (options.containsKey("--out-of-orderness-ms")) {
            argv.addAll(List.of("--max-out-of-orderness", one("--out-of-orderness-ms") + "ms"));
        }
        if (options.containsKey(KafkaClientConfig.OPTION)) {
            argv.addAll(List.of(KafkaClientConfig.OPTION, one(KafkaClientConfig.OPTION)));
        }
        argv.addAll(variant.jobArgs());
        argv.addAll(options.getOrDefault("--job-arg", List.of()));
        return OrderProcessingOptions.parse(argv);
    }

    private void runFlink() throws Exception {
        OrderProcessingOptions o = jobOptions();
        int slots = Math.max(2, o.parallelism);
        Configuration config = OrderProcessingJob.flinkConfig(o);
        for (String kv : options.getOrDefault("--flink-config", List.of())) {
            int eq = kv.indexOf('=');
            config.setString(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        if (!bounded) {
            // A latency run: when the job manager completes each checkpoint (its own thread polls).
            config.setString(
                    "metrics.reporter.completions.factory.class",
                    CheckpointCompletions.Factory.class.getName());
        }
        try (LocalFlink flink = LocalFlink.start(config, slots, 0)) {
            var env = flink.environment();
            if (variant.engine() == Variant.Engine.FLINK_COPY) {
                CopyJob.build(env, o);
            } else {
                OrderProcessingJob.build(env, new KafkaSources(o), new KafkaSinks(o), o);
            }
            long startedAt = System.currentTimeMillis();
            JobID job = flink.submit(env);
            markStarted(startedAt);
            CheckpointSampler sampler = new CheckpointSampler(flink.restAddress(), job, !bounded);
            sampler.start();
            if (bounded) {
                flink.await(job);
                markFinished();
            } else {
                stopRequested.await();
                markFinished();
                sampler.sampleNow();
                flink.cancel(job);
            }
            sampler.stop();
            result.set("checkpoints", sampler.summary(CheckpointCompletions.completedAt()));
        }
    }

    // ---------------------------------------------------------------- Kafka Streams

    private void runStreams() throws Exception {
        KafkaConnection kafka = kafka();
        String appId = one("--group-id");
        String orders = one("--orders-topic");
        int partitions =
                TopicAdmin.waitForTopics(kafka, List.of(orders), Duration.ofSeconds(30))
                        .get(orders);
        StreamsPeer.Settings settings =
                StreamsPeer.Settings.of(
                        appId,
                        orders,
                        one("--inventory-topic"),
                        one("--confirmations-topic"),
                        one("--refunds-topic"),
                        one("--dead-letters-topic"),
                        one("--status-topic"),
                        partitions);
        if (options.containsKey("--out-of-orderness-ms")) {
            settings = settings.withGraceMillis(Long.parseLong(one("--out-of-orderness-ms")));
        }
        Duration commitInterval =
                options.containsKey("--checkpoint-interval-ms")
                        ? Duration.ofMillis(Long.parseLong(one("--checkpoint-interval-ms")))
                        : Duration.ofSeconds(2);
        Map<String, Integer> intermediate = new HashMap<>();
        settings.intermediateTopics().forEach(t -> intermediate.put(t, partitions));
        TopicAdmin.createTopics(kafka, intermediate, (short) 1);
        Path stateDir = workDir.resolve("kafka-streams-state");
        KafkaStreams streams =
                new KafkaStreams(
                        StreamsPeer.topology(settings),
                        StreamsPeer.config(
                                appId,
                                kafka.bootstrapServers(),
                                kafka.properties(),
                                stateDir,
                                2,
                                commitInterval));
        Admin brokers = TopicAdmin.admin(kafka);
        PartitionLag.install(brokers);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener(
                (now, before) -> {
                    if (now == KafkaStreams.State.RUNNING) {
                        running.countDown();
                    }
                });
        AtomicLong maxStateDirBytes = new AtomicLong();
        long startedAt = System.currentTimeMillis();
        long cpuAtStart = cpuNanos();
        streams.start();
        if (!running.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException(
                    "Kafka Streams did not reach RUNNING within 2 minutes: " + streams.state());
        }
        result.put("startedAt", startedAt);
        result.put("cpuNanosAtStart", cpuAtStart);
        ready(startedAt);
        while (!stopRequested.await(1, TimeUnit.SECONDS)) {
            maxStateDirBytes.accumulateAndGet(sizeOf(stateDir), Math::max);
            if (streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Kafka Streams stopped: " + streams.state());
            }
        }
        markFinished();
        maxStateDirBytes.accumulateAndGet(sizeOf(stateDir), Math::max);
        streams.close(Duration.ofSeconds(60));
        brokers.close(Duration.ofSeconds(10));
        ObjectNode state = JSON.createObjectNode();
        state.put("maxStateDirBytes", maxStateDirBytes.get());
        state.put("changelogBytes", changelogBytes(kafka, appId));
        result.set("state", state);
    }

    private static long changelogBytes(KafkaConnection kafka, String appId) {
        try (Admin admin = TopicAdmin.admin(kafka)) {
            long total = 0;
            Map<Integer, Map<String, LogDirDescription>> dirs =
                    admin.describeLogDirs(List.of(1)).allDescriptions().get(30, TimeUnit.SECONDS);
            for (Map<String, LogDirDescription> byDir : dirs.values()) {
                for (LogDirDescription d : byDir.values()) {
                    for (var e : d.replicaInfos().entrySet()) {
                        String topic = e.getKey().topic();
                        if (topic.startsWith(appId + "-") && topic.endsWith("-changelog")) {
                            ReplicaInfo info = e.getValue();
                            total += info.size();
                        }
                    }
                }
            }
            return total;
        } catch (Exception e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- common

    /**
     * CPU time this JVM used so far, all threads; every variant JVM of the benches measures itself
     * with it.
     */
    public static long cpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun
                ? sun.getProcessCpuTime()
                : -1;
    }

    private void markStarted(long startedAt) {
        result.put("startedAt", startedAt);
        result.put("cpuNanosAtStart", cpuNanos());
        ready(startedAt);
    }

    private void markFinished() {
        result.put("finishedAt", System.currentTimeMillis());
        result.put("cpuNanosAtFinish", cpuNanos());
    }

    private static void ready(long startedAt) {
        System.out.println("READY " + startedAt);
        System.out.flush();
    }

    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    return 0; // deleted while walking (compaction)
                                }
                            })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Peak resident set size of this JVM, from /proc/self/status; -1 where there is no /proc. */
    public static long vmHwmKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(
                            Arrays.stream(line.substring(6).trim().split("\\s+"))
                                    .findFirst()
                                    .orElse("-1"));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
