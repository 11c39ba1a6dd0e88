package io.orderflow.bench.rivers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bench.VariantMain;
import io.orderflow.jobs.RiversJob;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.jobs.options.JobRun;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.testkit.flink.LocalFlink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One variant of the rivers bench in its own JVM, started by {@link RiversBench}: {@code
 * RiversVariantMain <variant> [options]}. Prints {@code READY <epoch ms>} once it started, runs to
 * the end of its bounded input, writes what it measured of itself (start and end, CPU time, peak
 * RSS, what its consumers kept) as JSON to {@code --result-file}, then prints {@code DONE}.
 */
public final class RiversVariantMain {

    static final Set<String> VALUED =
            Set.of(
                    "--bootstrap-servers",
                    "--rapids-topic",
                    "--spec",
                    "--output-prefix",
                    "--group-id",
                    "--checkpoint-interval-ms",
                    "--events",
                    "--work-dir",
                    "--result-file");

    /** Repeatable: handed to the Flink variants' job options as they are. */
    static final String KAFKA_PROPERTY = "--kafka-property";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RiversVariant variant;
    private final Map<String, String> options;
    private final List<String> kafkaProperties;
    private final ObjectNode result = JSON.createObjectNode();

    private RiversVariantMain(
            RiversVariant variant, Map<String, String> options, List<String> kafkaProperties) {
        this.variant = variant;
        this.options = options;
        this.kafkaProperties = kafkaProperties;
    }

    public static void main(String[] argv) throws Exception {
        RiversVariant variant = RiversVariant.of(argv[0]);
        Map<String, String> options = new HashMap<>();
        List<String> kafkaProperties = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) {
            boolean repeatable = KAFKA_PROPERTY.equals(argv[i]);
            if (!(repeatable || VALUED.contains(argv[i])) || i + 1 >= argv.length) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            if (repeatable) {
                kafkaProperties.add(argv[++i]);
            } else {
                options.put(argv[i], argv[++i]);
            }
        }
        new RiversVariantMain(variant, options, kafkaProperties).run();
        System.exit(0);
    }

    private String one(String name) {
        String v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    private void run() throws Exception {
        Path workDir = Path.of(one("--work-dir"));
        Files.createDirectories(workDir);
        result.put("variant", variant.id());
        try {
            RiversOptions o = options(workDir);
            if (variant.flink()) {
                runFlink(o);
            } else {
                runConsumers(o);
            }
            result.put("ok", true);
        } catch (Exception e) {
            result.put("ok", false);
            result.put("error", String.valueOf(e));
            e.printStackTrace();
        }
        result.put("vmHwmKb", VariantMain.vmHwmKb());
        Files.writeString(
                Path.of(one("--result-file")),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        System.out.println("DONE");
        System.out.flush();
    }

    /**
     * The rivers job's options for this run: a bounded replay of the whole rapids into fresh,
     * prefixed topics.
     */
    private RiversOptions options(Path workDir) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers", one("--bootstrap-servers"),
                                "--rivers", one("--spec"),
                                "--rapids-topic", one("--rapids-topic"),
                                "--output-prefix", one("--output-prefix"),
                                "--group-id", one("--group-id"),
                                "--starting-offsets", "earliest",
                                "--stop-at", "latest",
                                "--parallelism", "2",
                                "--checkpoint-dir",
                                        workDir.resolve("checkpoints").toUri().toString()));
        if (options.containsKey("--checkpoint-interval-ms")) {
            argv.addAll(List.of("--checkpoint-interval", one("--checkpoint-interval-ms") + "ms"));
        }
        if (variant == RiversVariant.CEILING) {
            // The copy writes one topic, whose batches fill within the order job's linger; the
            // rivers job's longer one made the copy slower (bench/README.md, session 20).
            argv.addAll(
                    List.of(KAFKA_PROPERTY, "linger.ms=" + JobRun.EXACTLY_ONCE_LINGER.toMillis()));
        }
        for (String property : kafkaProperties) {
            argv.addAll(List.of(KAFKA_PROPERTY, property));
        }
        return RiversOptions.parse(argv);
    }

    private void runFlink(RiversOptions o) throws Exception {
        Configuration config = RiversJob.flinkConfig(o);
        config.setString(
                "metrics.reporter.bench.factory.class", RecordsInReporter.Factory.class.getName());
        RecordsInReporter.watch(variant == RiversVariant.CEILING ? "copy" : "RiverRouter");
        try (LocalFlink flink = LocalFlink.start(config, 2, 0)) {
            StreamExecutionEnvironment env = flink.environment();
            env.setParallelism(o.parallelism);
            if (variant == RiversVariant.CEILING) {
                String target = o.outputPrefix + "copy";
                RiversJob.rapids(env, o)
                        .map(new CopyTo(target))
                        .name("copy")
                        .uid("copy")
                        .sinkTo(KafkaSinks.sink(o, o.transactionalIdPrefix, List.of(target)))
                        .name("outputs")
                        .uid("kafka-outputs");
            } else {
                RiversJob.build(env, o);
            }
            ProgressSampler progress = new ProgressSampler(RecordsInReporter::count);
            long startedAt = System.currentTimeMillis();
            JobID job = flink.submit(env);
            markStarted(startedAt);
            progress.start();
            flink.await(job);
            markFinished();
            progress.stop();
            progress.steadyInto(result, Long.parseLong(one("--events")));
        }
    }

    private void runConsumers(RiversOptions o) throws Exception {
        RiverConsumers.Mode mode =
                variant == RiversVariant.CONSUMERS
                        ? RiverConsumers.Mode.FILTER_RAPIDS
                        : RiverConsumers.Mode.READ_RIVER;
        RiverConsumers consumers =
                new RiverConsumers(
                        KafkaConnection.plain(o.bootstrapServers),
                        o.rivers,
                        mode,
                        o.groupId,
                        o.outputPrefix,
                        Duration.ofMinutes(30));
        ProgressSampler progress = new ProgressSampler(consumers::eventsRead);
        markStarted(System.currentTimeMillis());
        progress.start();
        List<RiverConsumers.Tally> tallies = consumers.run();
        markFinished();
        progress.stop();
        if (variant
                == RiversVariant
                        .CONSUMERS) { // river readers read the river records, not the rapids
            progress.steadyInto(result, Long.parseLong(one("--events")));
        }
        result.set("rivers", RiverConsumers.toJson(tallies));
    }

    /** The ceiling's whole work: the record's bytes to one topic, as the job's sink takes them. */
    private static final class CopyTo implements MapFunction<RecordOrigin, OutputRecord> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        CopyTo(String topic) {
            this.topic = topic;
        }

        @Override
        public OutputRecord map(RecordOrigin r) {
            return new OutputRecord(
                    topic,
                    r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8),
                    r.timestamp(),
                    r.value());
        }
    }

    // ---------------------------------------------------------------- what the parent reads

    private void markStarted(long startedAt) {
        result.put("startedAt", startedAt);
        result.put("cpuNanosAtStart", VariantMain.cpuNanos());
        System.out.println("READY " + startedAt);
        System.out.flush();
    }

    private void markFinished() {
        result.put("finishedAt", System.currentTimeMillis());
        result.put("cpuNanosAtFinish", VariantMain.cpuNanos());
    }
}
