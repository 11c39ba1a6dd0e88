package io.orderflow.local.verify;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.local.generate.BootstrapServers;
import io.orderflow.schemas.DeadLetter;
import io.orderflow.schemas.Fulfilment;
import io.orderflow.schemas.InputKind;
import io.orderflow.schemas.RecordOrigin;
import io.orderflow.schemas.json.EventCodec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code verify}: reads the input topics (from the earliest offsets to the end offsets at start)
 * and the output topics (read_committed, to their last stable offsets), feeds an {@link
 * InvariantChecker}, and prints its report. Exit code 0 when every invariant holds, 1 when one is
 * violated, 2 for a usage error or when Kafka cannot be read (nothing was checked then).
 *
 * <p>Run it when the job has caught up with its inputs: an order the job has not yet decided is
 * reported as a lost decision.
 */
public final class VerifyCommand {

    static final String NAME = "orderflow verify";

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: verify --bootstrap-servers HOST:PORT [--kafka-config FILE] [options]",
                    "",
                    "Checks the committed outputs of the order-processing job against its inputs:",
                    "at most one output of each kind per order, money conserved, nothing oversold,",
                    "every input record accounted for. Exit 0 when all hold, 1 when one is"
                        + " violated.",
                    "",
                    "  --bootstrap-servers H:P     Kafka to read (required unless the file names it)",
                    "  --kafka-config FILE         Kafka client settings (security), as Kafka's --command-config",
                    "  --output-prefix P           output topics are P + their name",
                    "  --orders-topic T            [orders]",
                    "  --inventory-topic T         [inventory]",
                    "  --confirmations-topic T     [order-confirmations]",
                    "  --refunds-topic T           [refunds]",
                    "  --dead-letters-topic T      [dead-letters]",
                    "  --default-fulfilment F      the job's option: PARTIAL or BACKORDER"
                        + " [PARTIAL]",
                    "  --max-record-bytes N        the job's option [1048576]",
                    "");

    private static final Set<String> OPTIONS =
            Set.of(
                    "--bootstrap-servers",
                    KafkaClientConfig.OPTION,
                    "--output-prefix",
                    "--orders-topic",
                    "--inventory-topic",
                    "--confirmations-topic",
                    "--refunds-topic",
                    "--dead-letters-topic",
                    "--default-fulfilment",
                    "--max-record-bytes");

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    /** A topic that makes no progress for this long while records remain is reported as stuck. */
    private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();

    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();
    private static final int MAX_POLL_RECORDS = 5000;

    private VerifyCommand() {}

    public static int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        KafkaConnection kafka;
        VerifyOptions options;
        try {
            Args args = Args.parse(withoutCommandName(argv), OPTIONS, Set.of());
            if (args.help()) {
                out.print(USAGE);
                return 0;
            }
            if (!args.positional().isEmpty()) {
                throw new UsageException(
                        "unexpected argument '" + args.positional().get(0) + "' (see --help)");
            }
            kafka = KafkaConnection.fromArgs(args);
            BootstrapServers.check(KafkaConnection.BOOTSTRAP_OPTION, kafka.bootstrapServers());
            options = options(args);
        } catch (UsageException e) {
            err.println(NAME + ": " + e.getMessage());
            return UsageException.EXIT_CODE;
        }
        try {
            Report report = verify(kafka, options, err);
            out.print(report.format());
            return report.ok() ? 0 : 1;
        } catch (VerifyException e) {
            err.println(NAME + ": " + e.getMessage());
            return 2;
        }
    }

    static VerifyOptions options(Args args) {
        VerifyOptions defaults = VerifyOptions.defaults();
        String prefix = args.get("--output-prefix", "");
        if (!prefix.isEmpty() && !TOPIC.matcher(prefix).matches()) {
            throw new UsageException(
                    "--output-prefix must use only a-z, A-Z, 0-9, '.', '_' and '-', was '"
                            + prefix
                            + "'");
        }
        return new VerifyOptions(
                topic(args, "--orders-topic", "", defaults.ordersTopic()),
                topic(args, "--inventory-topic", "", defaults.inventoryTopic()),
                topic(args, "--confirmations-topic", prefix, defaults.confirmationsTopic()),
                topic(args, "--refunds-topic", prefix, defaults.refundsTopic()),
                topic(args, "--dead-letters-topic", prefix, defaults.deadLettersTopic()),
                args.enumValue("--default-fulfilment", Fulfilment.class, Fulfilment.PARTIAL),
                args.intIn(
                        "--max-record-bytes",
                        EventCodec.DEFAULT_MAX_RECORD_BYTES,
                        1,
                        Integer.MAX_VALUE));
    }

    private static String topic(Args args, String option, String prefix, String fallback) {
        String name = prefix + args.get(option, fallback);
        if (!TOPIC.matcher(name).matches()) {
            throw new UsageException(
                    option
                            + " must be a Kafka topic name (a-z, A-Z, 0-9, '.', '_', '-';"
                            + " 1 to 249 characters), was '"
                            + name
                            + "'");
        }
        return name;
    }

    /**
     * Reads the topics of {@code options} from {@code bootstrap} and checks them. Progress goes to
     * {@code progress} (may be null) every two seconds while reading.
     *
     * @throws VerifyException when Kafka cannot be read
     */
    public static Report verify(String bootstrap, VerifyOptions options, PrintStream progress) {
        return verify(KafkaConnection.plain(bootstrap), options, progress);
    }

    /** As {@link #verify(String, VerifyOptions, PrintStream)}, with {@code kafka}'s client settings. */
    public static Report verify(KafkaConnection kafka, VerifyOptions options, PrintStream progress) {
        String bootstrap = kafka.bootstrapServers();
        EventCodec codec = new EventCodec();
        InvariantChecker checker =
                new InvariantChecker(options.defaultFulfilment(), options.maxRecordBytes());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        consumerProperties(kafka),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(KAFKA_TIMEOUT);
            TopicReader reader = new TopicReader(consumer, topics, progress);
            // Input end offsets are fixed first: outputs read later may only reflect more input.
            Map<TopicPartition, Long> ordersEnd = reader.endOffsets(options.ordersTopic());
            Map<TopicPartition, Long> inventoryEnd = reader.endOffsets(options.inventoryTopic());
            reader.read(
                    options.ordersTopic(),
                    ordersEnd,
                    r -> checker.acceptInput(InputKind.ORDERS, origin(r)));
            reader.read(
                    options.inventoryTopic(),
                    inventoryEnd,
                    r -> checker.acceptInput(InputKind.INVENTORY, origin(r)));
            String confirmations = options.confirmationsTopic();
            reader.read(
                    confirmations,
                    reader.endOffsets(confirmations),
                    r -> {
                        try {
                            checker.acceptConfirmation(
                                    codec.decodeConfirmation(requireValue(r)),
                                    key(r),
                                    r.timestamp());
                        } catch (IllegalArgumentException e) {
                            checker.acceptUnreadableOutput(
                                    confirmations, r.partition(), r.offset(), e.getMessage());
                        }
                    });
            String refunds = options.refundsTopic();
            reader.read(
                    refunds,
                    reader.endOffsets(refunds),
                    r -> {
                        try {
                            checker.acceptRefund(
                                    codec.decodeRefund(requireValue(r)), key(r), r.timestamp());
                        } catch (IllegalArgumentException e) {
                            checker.acceptUnreadableOutput(
                                    refunds, r.partition(), r.offset(), e.getMessage());
                        }
                    });
            String deadLetters = options.deadLettersTopic();
            reader.read(
                    deadLetters,
                    reader.endOffsets(deadLetters),
                    r -> {
                        try {
                            DeadLetter letter = codec.decodeDeadLetter(requireValue(r));
                            checker.acceptDeadLetter(letter, key(r), r.timestamp());
                        } catch (IllegalArgumentException e) {
                            checker.acceptUnreadableOutput(
                                    deadLetters, r.partition(), r.offset(), e.getMessage());
                        }
                    });
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new VerifyException(
                    "Kafka at "
                            + bootstrap
                            + " did not answer within "
                            + KAFKA_TIMEOUT.toSeconds()
                            + " s: "
                            + e.getMessage(),
                    e);
        } catch (KafkaException e) {
            String security = kafka.securityProblem(e);
            throw new VerifyException(security != null ? security
                    : "could not read from Kafka at " + bootstrap + ": " + KafkaClientConfig.scrub(e.getMessage(), kafka.properties()), e);
        }
        return checker.check();
    }

    static Properties consumerProperties(KafkaConnection kafka) {
        Properties props = kafka.clientProperties("orderflow-verify");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
        props.put(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(KAFKA_TIMEOUT.toMillis()));
        return props;
    }

    private static RecordOrigin origin(ConsumerRecord<byte[], byte[]> r) {
        return new RecordOrigin(
                r.topic(), r.partition(), r.offset(), r.timestamp(), key(r), r.value());
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static byte[] requireValue(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            throw new IllegalArgumentException("value is null");
        }
        return r.value();
    }

    private static List<String> withoutCommandName(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equals("verify")
                ? argv.subList(1, argv.size())
                : argv;
    }

    /** Reads whole topics partition-ordered, in bounded batches, with progress. */
    private static final class TopicReader {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, List<PartitionInfo>> topics;
        private final PrintStream progress;

        TopicReader(
                KafkaConsumer<byte[], byte[]> consumer,
                Map<String, List<PartitionInfo>> topics,
                PrintStream progress) {
            this.consumer = consumer;
            this.topics = topics;
            this.progress = progress;
        }

        /** The end offsets of every partition; none for a topic that does not exist. */
        Map<TopicPartition, Long> endOffsets(String topic) {
            List<PartitionInfo> partitions = topics.get(topic);
            if (partitions == null) {
                if (progress != null) {
                    progress.println("verify: topic '" + topic + "' does not exist; read as empty");
                }
                return Map.of();
            }
            List<TopicPartition> assigned = new ArrayList<>();
            for (PartitionInfo info : partitions) {
                assigned.add(new TopicPartition(topic, info.partition()));
            }
            return consumer.endOffsets(assigned, KAFKA_TIMEOUT);
        }

        void read(
                String topic,
                Map<TopicPartition, Long> end,
                Consumer<ConsumerRecord<byte[], byte[]>> handler) {
            if (end.isEmpty()) {
                return;
            }
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            long total = 0;
            Map<TopicPartition, Long> beginning =
                    consumer.beginningOffsets(end.keySet(), KAFKA_TIMEOUT);
            for (TopicPartition partition : end.keySet()) {
                total += end.get(partition) - beginning.get(partition);
            }
            long read = 0;
            long start = System.nanoTime();
            long lastProgressAt = start;
            long lastAdvanceAt = start;
            List<TopicPartition> unfinished = new ArrayList<>(end.keySet());
            while (true) {
                unfinished.removeIf(p -> consumer.position(p, KAFKA_TIMEOUT) >= end.get(p));
                if (unfinished.isEmpty()) {
                    break;
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL_TIMEOUT);
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    // Records past the end offsets arrived after the start: not part of this check.
                    if (record.offset()
                            < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        handler.accept(record);
                        read++;
                    }
                }
                if (!batch.isEmpty()) {
                    lastAdvanceAt = now;
                } else if (now - lastAdvanceAt > STALL_NANOS) {
                    throw new VerifyException(
                            "reading '"
                                    + topic
                                    + "' made no progress for "
                                    + Duration.ofNanos(STALL_NANOS).toSeconds()
                                    + " s at "
                                    + String.format(Locale.ROOT, "%,d of %,d records", read, total),
                            null);
                }
                if (progress != null && now - lastProgressAt >= PROGRESS_INTERVAL_NANOS) {
                    progress.println(
                            String.format(
                                    Locale.ROOT,
                                    "verify: %s: %,d of about %,d records read (%.0f %%)",
                                    topic,
                                    read,
                                    total,
                                    total == 0 ? 100.0 : Math.min(100.0, read * 100.0 / total)));
                    lastProgressAt = now;
                }
            }
            consumer.unsubscribe();
        }
    }

    /** Kafka could not be read; the message says why, for the user. */
    public static final class VerifyException extends RuntimeException {
        VerifyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
