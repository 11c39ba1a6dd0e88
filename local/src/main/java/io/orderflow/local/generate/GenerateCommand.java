package io.orderflow.local.generate;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** {@code generate}: sends an {@link OrderStream} to the input topics. */
public final class GenerateCommand {

    static final String NAME = "orderflow generate";

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: generate --bootstrap-servers HOST:PORT [--kafka-config FILE] --orders N [options]",
                    "",
                    "Sends a deterministic stream of orders and stock events to the input topics.",
                    "",
                    "  --bootstrap-servers H:P  Kafka to write to (required unless the file names it)",
                    "  --kafka-config FILE      Kafka client settings (security), as Kafka's --command-config",
                    "  --orders N               orders to place (required)",
                    "  --skus K                 catalogue size (default "
                            + GeneratorSettings.DEFAULT_SKUS
                            + ")",
                    "  --rate R                 records per second, also written R/s"
                            + " (default: as fast as possible)",
                    "  --seed S                 same seed and options give the same records"
                            + " (default "
                            + GeneratorSettings.DEFAULT_SEED
                            + ")",
                    "  --duplicate-rate F       share of events sent twice (default "
                            + GeneratorSettings.DEFAULT_DUPLICATE_RATE
                            + ")",
                    "  --cancel-rate F          share of orders cancelled (default "
                            + GeneratorSettings.DEFAULT_CANCEL_RATE
                            + ")",
                    "  --malformed-rate F       bad records per order (default "
                            + GeneratorSettings.DEFAULT_MALFORMED_RATE
                            + ")",
                    "  --backorder-rate F       share of BACKORDER orders (default "
                            + GeneratorSettings.DEFAULT_BACKORDER_RATE
                            + ")",
                    "  --orders-topic T         (default " + TopicNames.defaults().orders() + ")",
                    "  --inventory-topic T      (default "
                            + TopicNames.defaults().inventory()
                            + ")",
                    "  --start ISO              event time of the first event (default "
                            + Instant.ofEpochMilli(GeneratorSettings.DEFAULT_START_EPOCH_MILLIS)
                            + ")",
                    "");

    private static final Set<String> OPTIONS =
            Set.of(
                    "--bootstrap-servers",
                    KafkaClientConfig.OPTION,
                    "--orders",
                    "--skus",
                    "--rate",
                    "--seed",
                    "--duplicate-rate",
                    "--cancel-rate",
                    "--malformed-rate",
                    "--backorder-rate",
                    "--orders-topic",
                    "--inventory-topic",
                    "--start");

    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final double MAX_RATE = 1e9;

    private GenerateCommand() {}

    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            Args args = Args.parse(withoutCommandName(argv), OPTIONS, Set.of());
            if (args.help()) {
                out.print(USAGE);
                return 0;
            }
            invocation = invocation(args);
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage());
            return UsageException.EXIT_CODE;
        }
        try {
            GeneratorReport report =
                    produce(
                            invocation.kafka(),
                            invocation.settings(),
                            invocation.topics(),
                            invocation.rate(),
                            err);
            out.println(report.summaryLine());
            return 0;
        } catch (GenerateException e) {
            err.println(NAME + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Sends the stream of {@code settings} to {@code topics}, at most {@code rate} records per
     * second ({@code 0} or less: as fast as the producer goes). Progress goes to {@code progress}
     * every two seconds when it is not null.
     *
     * @throws GenerateException when Kafka cannot be reached or a record cannot be written
     */
    public static GeneratorReport produce(
            String bootstrap,
            GeneratorSettings settings,
            TopicNames topics,
            double rate,
            PrintStream progress) {
        return produce(KafkaConnection.plain(bootstrap), settings, topics, rate, progress);
    }

    /** As {@link #produce(String, GeneratorSettings, TopicNames, double, PrintStream)}, with {@code kafka}'s client settings. */
    public static GeneratorReport produce(
            KafkaConnection kafka,
            GeneratorSettings settings,
            TopicNames topics,
            double rate,
            PrintStream progress) {
        String bootstrap = kafka.bootstrapServers();
        OrderStream stream = new OrderStream(settings);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        Callback callback =
                (metadata, exception) -> {
                    if (exception == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, exception);
                    }
                };
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(
                        producerProperties(kafka),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            requireTopic(producer, bootstrap, topics.orders());
            requireTopic(producer, bootstrap, topics.inventory());
            Pacer pacer = rate > 0 ? Pacer.perSecond(rate) : null;
            long nextProgress = start + PROGRESS_INTERVAL_NANOS;
            long sent = 0;
            while (stream.hasNext()) {
                GeneratedRecord record = stream.next();
                if (pacer != null) {
                    pacer.acquire();
                }
                producer.send(
                        new ProducerRecord<>(
                                topics.of(record.topicKind()), record.key(), record.value()),
                        callback);
                sent++;
                if ((sent & 1023) == 0) {
                    throwIfFailed(failure, sent);
                    long now = System.nanoTime();
                    if (progress != null && now >= nextProgress) {
                        progress.println(progressLine(sent, now - start, stream.progress()));
                        nextProgress = now + PROGRESS_INTERVAL_NANOS;
                    }
                }
            }
            producer.flush();
            throwIfFailed(failure, sent);
        } catch (KafkaException e) {
            String security = kafka.securityProblem(e);
            throw new GenerateException(security != null ? security
                    : "could not write to Kafka at " + bootstrap + ": " + KafkaClientConfig.scrub(e.getMessage(), kafka.properties()), e);
        }
        return new GeneratorReport(stream.counts(), topics, System.nanoTime() - start);
    }

    static Properties producerProperties(KafkaConnection kafka) {
        Properties props = kafka.clientProperties("orderflow-generate");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // One request in flight: on a topic created a moment ago the first batches can bounce with
        // NOT_LEADER_OR_FOLLOWER, and with several in flight the idempotent producer was seen
        // retrying OUT_OF_ORDER_SEQUENCE_NUMBER until delivery timed out. Large batches keep the
        // rate up regardless.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, lz4Available() ? "lz4" : "none");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(METADATA_TIMEOUT.toMillis()));
        return props;
    }

    private static boolean lz4Available() {
        try {
            Class.forName(
                    "net.jpountz.lz4.LZ4Factory", false, GenerateCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void requireTopic(
            KafkaProducer<String, byte[]> producer, String bootstrap, String topic) {
        try {
            producer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new GenerateException(
                    "topic '"
                            + topic
                            + "' was not found at "
                            + bootstrap
                            + " within "
                            + METADATA_TIMEOUT.toSeconds()
                            + " s: is Kafka running there, and does the topic exist?",
                    e);
        }
    }

    private static void throwIfFailed(AtomicReference<Exception> failure, long sent) {
        Exception e = failure.get();
        if (e != null) {
            throw new GenerateException(
                    "a record could not be written (after " + sent + " sent): " + e.getMessage(),
                    e);
        }
    }

    private static String progressLine(long sent, long elapsedNanos, double done) {
        return String.format(
                Locale.ROOT,
                "generate: %,d records sent, %,.0f/s, %.0f %% done",
                sent,
                sent * 1e9 / elapsedNanos,
                done * 100);
    }

    private static List<String> withoutCommandName(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equals("generate")
                ? argv.subList(1, argv.size())
                : argv;
    }

    private static Invocation invocation(Args args) {
        if (!args.positional().isEmpty()) {
            throw new UsageException(
                    "unexpected argument '" + args.positional().get(0) + "' (see --help)");
        }
        KafkaConnection kafka = KafkaConnection.fromArgs(args);
        BootstrapServers.check(KafkaConnection.BOOTSTRAP_OPTION, kafka.bootstrapServers());
        if (!args.has("--orders")) {
            throw new UsageException("--orders is required");
        }
        long orders = args.longIn("--orders", 0, 0, 1_000_000_000_000L);
        int skus =
                args.intIn("--skus", GeneratorSettings.DEFAULT_SKUS, 1, GeneratorSettings.MAX_SKUS);
        long seed =
                args.longIn(
                        "--seed", GeneratorSettings.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        double duplicate =
                args.doubleIn("--duplicate-rate", GeneratorSettings.DEFAULT_DUPLICATE_RATE, 0, 1);
        double cancel = args.doubleIn("--cancel-rate", GeneratorSettings.DEFAULT_CANCEL_RATE, 0, 1);
        double malformed =
                args.doubleIn("--malformed-rate", GeneratorSettings.DEFAULT_MALFORMED_RATE, 0, 1);
        double backorder =
                args.doubleIn("--backorder-rate", GeneratorSettings.DEFAULT_BACKORDER_RATE, 0, 1);
        double rate = args.parsed("--rate", 0.0, GenerateCommand::parseRate);
        long start =
                args.parsed(
                        "--start",
                        GeneratorSettings.DEFAULT_START_EPOCH_MILLIS,
                        GenerateCommand::parseStart);
        TopicNames topics =
                new TopicNames(
                        topicName(args, "--orders-topic", TopicNames.defaults().orders()),
                        topicName(args, "--inventory-topic", TopicNames.defaults().inventory()));
        GeneratorSettings settings =
                new GeneratorSettings(
                        orders, skus, seed, duplicate, cancel, malformed, backorder, start);
        return new Invocation(kafka, settings, topics, rate);
    }

    /** {@code 5000} or {@code 5000/s}: records per second, more than 0. */
    static double parseRate(String text) {
        String number = text.trim();
        if (number.endsWith("/s")) {
            number = number.substring(0, number.length() - 2).trim();
        }
        double rate;
        try {
            rate = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new UsageException(
                    "--rate must be records per second above 0 (such as 5000 or 5000/s), was '"
                            + text
                            + "'");
        }
        return rate;
    }

    private static long parseStart(String text) {
        try {
            return Instant.parse(text.trim()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UsageException(
                    "--start must be an ISO-8601 instant such as 2026-11-26T00:00:00Z, was '"
                            + text
                            + "'");
        }
    }

    private static String topicName(Args args, String option, String fallback) {
        String name = args.get(option, fallback);
        if (name.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return name;
    }

    private record Invocation(
            KafkaConnection kafka, GeneratorSettings settings, TopicNames topics, double rate) {}

    /** Kafka could not take the records; the message says why, for the user. */
    public static final class GenerateException extends RuntimeException {
        GenerateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
