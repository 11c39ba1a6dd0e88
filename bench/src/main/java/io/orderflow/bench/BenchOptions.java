package io.orderflow.bench;

import io.orderflow.jobs.cli.OptionRules;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The options of {@code ./orderflow bench}, each declared once (a mixin of {@link BenchCommand}),
 * and the values the bench runs with: a default that depends on {@code --quick} is applied here.
 */
public final class BenchOptions {

    @Option(
            names = "--quick",
            description =
                    "a smaller input and shorter latency runs, a few minutes: 100,000 events, 20 s"
                            + " latency runs, one round")
    private boolean quick;

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "about N input events [1000000; 100000 with --quick]")
    @Range(min = 20_000, max = 100_000_000)
    private Long events;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description =
                    "offered load of the latency phase, events/s [half of orderflow's throughput]")
    @Range(min = 1, max = 10_000_000)
    private Double rate;

    @Option(
            names = "--variants",
            paramLabel = "VARIANT",
            split = ",",
            splitSynopsisLabel = ",",
            converter = VariantsConverter.class,
            description =
                    "run only these, e.g. --variants orderflow,kafka-streams [all: ceiling,"
                            + " orderflow, orderflow-hashmap, orderflow-alo, orderflow-p1,"
                            + " kafka-streams]")
    private List<Variant> variants;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            description = "measured part of each latency run [60; 20 with --quick]")
    @Range(min = 5, max = 3600)
    private Long latencySeconds;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            description =
                    "throughput runs of each variant, alternating [3; 1 with --quick]: medians and"
                            + " spread")
    @Range(min = 1, max = 20)
    private Integer repeat;

    @Option(names = "--no-latency", description = "throughput phase only")
    private boolean noLatency;

    @Option(
            names = "--latency-rates",
            paramLabel = "R",
            split = ",",
            splitSynopsisLabel = ",",
            converter = LatencyRateConverter.class,
            description =
                    "e.g. 1000,2000,4000: a latency curve instead of both phases: each variant (the"
                        + " ceiling as the pass-through) at each offered load, alternating; into"
                        + " latency-curve.md and latency-curve.png")
    private List<Double> latencyRates;

    @Option(
            names = "--checkpoint-interval-ms",
            paramLabel = "N",
            description =
                    "every variant commits its outputs this often: Flink's checkpoint interval,"
                            + " Kafka Streams' commit.interval.ms [each one's default: 2000]")
    @Range(min = 1, max = 3_600_000)
    private Long checkpointIntervalMs;

    @Option(
            names = "--out-of-orderness-ms",
            paramLabel = "N",
            description =
                    "every variant's bound on out-of-orderness (the job's"
                            + " --max-out-of-orderness, the peer's grace) [500]")
    @Range(min = 1, max = 3_600_000)
    private Long outOfOrdernessMs;

    @Option(
            names = "--no-verify",
            description = "skip ./orderflow verify and the output comparison")
    private boolean noVerify;

    @Option(
            names = "--partitions",
            paramLabel = "P",
            description = "partitions of every topic [${DEFAULT-VALUE}]")
    @Range(min = 1, max = 64)
    private int partitions = 4;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "results folder [$$ORDERFLOW_HOME/bench/results]")
    private Path out;

    @Option(
            names = "--update-readme",
            description =
                    "also write the results into README.md and bench/README.md (not with --out)")
    private boolean updateReadme;

    @Option(
            names = "--job-arg",
            paramLabel = "A",
            description = "extra order-processing option for the orderflow variants (repeatable)")
    private List<String> jobArgs = new ArrayList<>();

    @Option(
            names = "--flink-config",
            paramLabel = "K=V",
            description = "extra Flink configuration for the orderflow variants (repeatable)")
    private List<String> flinkConfig = new ArrayList<>();

    @Option(
            names = BenchBroker.OPTION,
            paramLabel = "K=V",
            description =
                    "a setting of the bench's own broker (repeatable; not with a Kafka given by"
                            + " --bootstrap-servers or --kafka-config)")
    private List<String> brokerConfig = new ArrayList<>();

    @Option(
            names = "--jvm-option",
            paramLabel = "O",
            description =
                    "extra JVM option for every variant's JVM (repeatable), e.g."
                            + " -XX:+UseParallelGC")
    private List<String> jvmOptions = new ArrayList<>();

    @Option(
            names = "--patch-classpath",
            paramLabel = "CP",
            description =
                    "put CP first on the orderflow variants' class path (to measure job changes)")
    private String patchClasspath;

    @Option(
            names = "--profile",
            paramLabel = "VARIANT",
            converter = ProfileConverter.class,
            description =
                    "CPU profile (async-profiler, native frames too) of VARIANT's throughput run:"
                            + " collapsed stacks and a summary in the work dir")
    private Variant profile;

    @Option(
            names = KafkaConnection.BOOTSTRAP_OPTION,
            paramLabel = "H:P",
            description = "use this broker instead of starting one")
    private String bootstrapServers;

    @Option(
            names = KafkaClientConfig.OPTION,
            paramLabel = "FILE",
            description =
                    "its Kafka client settings (security), for every client"
                            + " and variant (docs/security.md)")
    private Path kafkaConfig;

    boolean quick() {
        return quick;
    }

    long events() {
        return events != null ? events : quick ? 100_000 : 1_000_000;
    }

    /** The offered load of the latency phase, or null for half of orderflow's throughput. */
    Double rate() {
        return rate;
    }

    List<Variant> variants() {
        return variants != null ? variants : List.of(Variant.values());
    }

    long latencySeconds() {
        return latencySeconds != null ? latencySeconds : quick ? 20 : 60;
    }

    int repeat() {
        return repeat != null ? repeat : quick ? 1 : 3;
    }

    boolean latency() {
        return !noLatency;
    }

    /** The offered loads of a latency curve, or null for the two phases. */
    List<Double> latencyRates() {
        return latencyRates;
    }

    /** Every variant's commit interval, or null for each one's own default. */
    Long checkpointIntervalMs() {
        return checkpointIntervalMs;
    }

    /** Every variant's bound on out-of-orderness, or null for each one's own default. */
    Long outOfOrdernessMs() {
        return outOfOrdernessMs;
    }

    boolean verify() {
        return !noVerify;
    }

    int partitions() {
        return partitions;
    }

    Path resultsDir() {
        return resultsDir(out);
    }

    /**
     * Whether the READMEs get the results too: asked for, and the results go to their usual folder.
     */
    boolean updateReadme() {
        return updateReadme && out == null;
    }

    List<String> jobArgs() {
        return jobArgs;
    }

    List<String> flinkConfig() {
        return flinkConfig;
    }

    List<String> jvmOptions() {
        return jvmOptions;
    }

    /** The --broker-config options; a usage mistake beside a Kafka of the user's. */
    List<String> brokerConfig() {
        if (!brokerConfig.isEmpty() && givenKafka()) {
            throw new UsageException(
                    BenchBroker.OPTION
                            + " sets up the bench's own broker; with --bootstrap-servers or"
                            + " --kafka-config the bench starts none");
        }
        return brokerConfig;
    }

    /** Put first on the orderflow variants' class path, or null. */
    String patchClasspath() {
        return patchClasspath;
    }

    /** The variant to profile, or null. */
    Variant profile() {
        return profile;
    }

    /**
     * Whether the bench uses a Kafka named on the command line instead of starting its own broker.
     */
    boolean givenKafka() {
        return bootstrapServers != null || kafkaConfig != null;
    }

    KafkaConnection kafka() {
        return KafkaConnection.of(bootstrapServers, kafkaConfig);
    }

    /** The --kafka-config file as every variant's JVM reads it, or null. */
    Path kafkaConfig() {
        return kafkaConfig == null ? null : kafkaConfig.toAbsolutePath();
    }

    /**
     * {@code out} (an --out option of every bench), or the bench's results folder in the
     * repository.
     */
    public static Path resultsDir(Path out) {
        String home = System.getenv().getOrDefault("ORDERFLOW_HOME", ".");
        return (out != null ? out : Path.of(home, "bench", "results")).toAbsolutePath().normalize();
    }

    /**
     * The value named {@code id} among {@code values}, by its id; anything else is a usage mistake
     * naming {@code option} and the ids.
     */
    public static <T> T oneOf(String option, String id, T[] values, Function<T, String> idOf) {
        for (T v : values) {
            if (idOf.apply(v).equals(id.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new UsageException(
                OptionRules.oneOfRule(option, Arrays.stream(values).map(idOf).toList(), id));
    }

    private static Variant variant(String option, String id) {
        return oneOf(option, id.trim(), Variant.values(), Variant::id);
    }

    /** The variants of --variants by their ids. */
    static final class VariantsConverter implements ITypeConverter<Variant> {
        @Override
        public Variant convert(String id) {
            return variant("--variants", id);
        }
    }

    /** The variant of --profile by its id. */
    static final class ProfileConverter implements ITypeConverter<Variant> {
        @Override
        public Variant convert(String id) {
            return variant("--profile", id);
        }
    }

    /** One offered load of --latency-rates. */
    static final class LatencyRateConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            try {
                double rate = Double.parseDouble(text.trim());
                if (rate >= 1 && rate <= 10_000_000) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new UsageException(
                    "--latency-rates takes offered loads in events/s between 1 and 10,000,000,"
                            + " separated by commas; got '"
                            + text
                            + "'");
        }
    }
}
