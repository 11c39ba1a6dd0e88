package io.orderflow.bench.rivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.functions.Fingerprint;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.rivers.RapidsInput;
import io.orderflow.rivers.RapidsJson;
import io.orderflow.rivers.RecordSource;
import io.orderflow.rivers.River;
import io.orderflow.rivers.RiverOutcome;
import io.orderflow.rivers.Rivers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One plain Kafka consumer per river, each in its own thread and consumer group, each reading one
 * topic to the end it had when the consumer joined: either the whole rapids, filtering it with its
 * river in process (the usual rapids-and-rivers implementation), or its own river topic (a service
 * reading what the rivers job wrote). Each counts what it kept, and sums a fingerprint of each kept
 * record's {@code @id}, so the two ways can be compared record for record.
 */
final class RiverConsumers {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The fields of the river records the consumers built, each consumer's added once at its end,
     * so that building them is work the JIT cannot drop.
     */
    static final AtomicLong VALUE_FIELDS = new AtomicLong();

    /** How one consumer treats each record it reads. */
    enum Mode {
        /** The whole rapids, each record parsed and checked against the consumer's river. */
        FILTER_RAPIDS,
        /** The river's own topic, each record parsed. */
        READ_RIVER
    }

    private final KafkaConnection kafka;
    private final Rivers rivers;
    private final Mode mode;
    private final String group;
    private final String outputPrefix;
    private final Duration timeout;

    /** Records read by all consumers so far. */
    private final AtomicLong read = new AtomicLong();

    RiverConsumers(
            KafkaConnection kafka,
            Rivers rivers,
            Mode mode,
            String group,
            String outputPrefix,
            Duration timeout) {
        this.kafka = kafka;
        this.rivers = rivers;
        this.mode = mode;
        this.group = group;
        this.outputPrefix = outputPrefix;
        this.timeout = timeout;
    }

    /** Rapids events taken in so far: the records all consumers read, per consumer. */
    long eventsRead() {
        return read.get() / rivers.rivers().size();
    }

    /** What one consumer kept. */
    record Tally(
            String river, long read, long kept, long problems, long deadLetters, long idDigest) {}

    /** Runs every consumer to its end; the tallies in spec order. */
    List<Tally> run() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(rivers.rivers().size());
        try {
            List<Future<Tally>> running = new ArrayList<>();
            for (River river : rivers.rivers()) {
                running.add(threads.submit(() -> consume(river)));
            }
            List<Tally> tallies = new ArrayList<>();
            for (Future<Tally> f : running) {
                tallies.add(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
            return tallies;
        } finally {
            threads.shutdownNow();
        }
    }

    private Tally consume(River river) {
        String topic =
                mode == Mode.FILTER_RAPIDS ? rivers.rapidsTopic() : outputPrefix + river.topic();
        Properties p = kafka.clientProperties(group + "-" + river.name());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-" + river.name());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        long read = 0;
        long kept = 0;
        long problems = 0;
        long deadLetters = 0;
        long digest = 0;
        long fields = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Map<TopicPartition, Long> ends = null;
            while (ends == null || !atEnd(consumer, ends)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            river.name()
                                    + ": did not reach the end of "
                                    + topic
                                    + " within "
                                    + timeout.toSeconds()
                                    + " s");
                }
                var records = consumer.poll(Duration.ofMillis(200));
                this.read.addAndGet(records.count());
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    read++;
                    if (mode == Mode.READ_RIVER) {
                        // A river record is JSON the job wrote; a projection need not keep the
                        // type.
                        kept++;
                        digest += Fingerprint.of(readTree(r.value()).path("@id").asText());
                        continue;
                    }
                    RapidsInput input =
                            RapidsJson.decode(r.value(), RiversOptions.DEFAULT_MAX_RECORD_BYTES);
                    if (!(input instanceof RapidsInput.Event event)) {
                        deadLetters++;
                        continue;
                    }
                    RecordSource source =
                            new RecordSource(r.topic(), r.partition(), r.offset(), r.timestamp());
                    RiverOutcome outcome = Rivers.route(river, event.record(), source);
                    if (outcome instanceof RiverOutcome.RiverRecord record) {
                        kept++;
                        digest += Fingerprint.of(record.id());
                        // What the usual implementation hands its service: the river record.
                        fields += record.value().size();
                    } else if (outcome instanceof RiverOutcome.Problems) {
                        problems++;
                    }
                }
                if (ends == null && !consumer.assignment().isEmpty()) {
                    ends =
                            consumer.endOffsets(
                                    consumer.assignment()); // the input does not grow while the
                    // bench runs
                }
            }
        }
        VALUE_FIELDS.addAndGet(fields);
        return new Tally(river.name(), read, kept, problems, deadLetters, digest);
    }

    private static JsonNode readTree(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("a river record is not JSON: " + e.getMessage(), e);
        }
    }

    private static boolean atEnd(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The tallies as the child's result JSON. */
    static JsonNode toJson(List<Tally> tallies) {
        ObjectNode rivers = JSON.createObjectNode();
        for (Tally t : tallies) {
            ObjectNode n = rivers.putObject(t.river());
            n.put("read", t.read());
            n.put("kept", t.kept());
            n.put("problems", t.problems());
            n.put("dead_letters", t.deadLetters());
            n.put("id_digest", t.idDigest());
        }
        return rivers;
    }
}
