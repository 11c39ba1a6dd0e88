package io.orderflow.testkit.generate;

import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes an {@link OrderStream} to the input topics with an idempotent producer, paced when asked:
 * what {@code ./orderflow generate}, the demo, the bench and the tests send.
 */
public final class OrderWriter {

    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private OrderWriter() {}

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

    /**
     * As {@link #produce(String, GeneratorSettings, TopicNames, double, PrintStream)}, with {@code
     * kafka}'s client settings.
     */
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
            throw new GenerateException(
                    security != null
                            ? security
                            : "could not write to Kafka at "
                                    + bootstrap
                                    + ": "
                                    + KafkaClientConfig.scrub(e.getMessage(), kafka.properties()),
                    e);
        }
        return new GeneratorReport(stream.counts(), topics, System.nanoTime() - start);
    }

    private static Properties producerProperties(KafkaConnection kafka) {
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
            Class.forName("net.jpountz.lz4.LZ4Factory", false, OrderWriter.class.getClassLoader());
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
}
