package io.orderflow.jobs.kafka;

import io.orderflow.functions.Decision;
import io.orderflow.jobs.Sinks;
import io.orderflow.jobs.options.JobRun;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Two transactional KafkaSinks: one for confirmations, refunds and status changes, chained to the
 * decider, and one for dead letters, which come from the sources' splitters and the gate. Each
 * checkpoint commits one transaction per subtask of each; the dead letters' transactional ids add
 * {@value #DEAD_LETTERS_PREFIX_SUFFIX} to the job's prefix, so the prefix guard covers both.
 */
public final class KafkaSinks implements Sinks {

    /**
     * Must exceed checkpoint timeout plus restart time, and stay within the broker's 15-minute
     * default maximum.
     */
    public static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "600000";

    /** The producers' compression unless --kafka-property compression.type says otherwise. */
    public static final String DEFAULT_COMPRESSION = "lz4";

    /** Added to the job's transactional id prefix for the dead-letter sink. */
    public static final String DEAD_LETTERS_PREFIX_SUFFIX = "-dead-letters";

    private final OrderProcessingOptions options;

    public KafkaSinks(OrderProcessingOptions options) {
        this.options = options;
    }

    @Override
    public void write(DataStream<Decision> decisions, DataStream<DeadLetter> deadLetters) {
        encodeDecisions(decisions, options)
                .sinkTo(sink(options, options.transactionalIdPrefix, decisionTopics(options)))
                .name("outputs")
                .uid("kafka-outputs");
        encodeDeadLetters(deadLetters, options)
                .sinkTo(
                        sink(
                                options,
                                options.transactionalIdPrefix + DEAD_LETTERS_PREFIX_SUFFIX,
                                deadLetterTopics(options)))
                .name("dead letters")
                .uid("kafka-dead-letters");
    }

    /** The topics the decisions' sink writes: what its producers look up when they start. */
    static List<String> decisionTopics(OrderProcessingOptions options) {
        return withRapids(
                List.of(options.confirmationsTopic, options.refundsTopic, options.statusTopic),
                options);
    }

    /** The topics the dead letters' sink writes. */
    static List<String> deadLetterTopics(OrderProcessingOptions options) {
        return withRapids(List.of(options.deadLettersTopic), options);
    }

    private static List<String> withRapids(List<String> topics, OrderProcessingOptions options) {
        if (options.rapidsTopic == null) {
            return topics;
        }
        List<String> all = new ArrayList<>(topics);
        all.add(options.rapidsTopic);
        return all;
    }

    /**
     * Confirmations, refunds and status changes as Kafka records for their topics; chains to the
     * decider.
     */
    public static DataStream<OutputRecord> encodeDecisions(
            DataStream<Decision> decisions, OrderProcessingOptions options) {
        DataStream<OutputRecord> encoded =
                decisions
                        .map(
                                new OutputEncoder.Decisions(
                                        options.confirmationsTopic,
                                        options.refundsTopic,
                                        options.statusTopic))
                        .name("encode decisions")
                        .uid("encode-decisions");
        return alsoToRapids(encoded, options, "decisions");
    }

    public static DataStream<OutputRecord> encodeDeadLetters(
            DataStream<DeadLetter> deadLetters, OrderProcessingOptions options) {
        DataStream<OutputRecord> encoded =
                deadLetters
                        .map(new OutputEncoder.DeadLetters(options.deadLettersTopic))
                        .name("encode dead letters")
                        .uid("encode-dead-letters");
        return alsoToRapids(encoded, options, "dead-letters");
    }

    /**
     * With --rapids-topic, every output once more on the rapids, chained before the same sink: the
     * same transactions.
     */
    private static DataStream<OutputRecord> alsoToRapids(
            DataStream<OutputRecord> encoded, OrderProcessingOptions options, String what) {
        if (options.rapidsTopic == null) {
            return encoded;
        }
        return encoded.flatMap(new AlsoToRapids(options.rapidsTopic))
                .name("also to the rapids")
                .uid("rapids-" + what);
    }

    /**
     * A transactional sink for encoded outputs; every job's, and the copy ceiling's, so all write
     * alike.
     */
    public static KafkaSink<OutputRecord> sink(JobRun run, String transactionalIdPrefix) {
        return sink(run, transactionalIdPrefix, run.outputTopics());
    }

    /**
     * A transactional sink whose producers look up {@code topics}, the ones it writes, in their
     * first metadata request ({@link TopicPrefetch}).
     */
    public static KafkaSink<OutputRecord> sink(
            JobRun run, String transactionalIdPrefix, List<String> topics) {
        boolean exactlyOnce = run.exactlyOnce();
        var builder =
                KafkaSink.<OutputRecord>builder()
                        .setBootstrapServers(run.bootstrapServers())
                        .setKafkaProducerConfig(producerConfig(run, topics))
                        .setRecordSerializer(new OutputRecordSerializer(run.outputTopics()))
                        .setDeliveryGuarantee(
                                exactlyOnce
                                        ? DeliveryGuarantee.EXACTLY_ONCE
                                        : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.build();
    }

    /**
     * The sink's producer settings; the run's Kafka settings (--kafka-config, --kafka-property) go
     * over them. Exactly once, a reader sees the records only when a checkpoint commits them, and
     * the sink flushes its producer at every checkpoint: waiting to fill batches of up to 64 KiB
     * ({@link JobRun#exactlyOnceLinger()}) costs no visible latency, while many small batches (one
     * per partition of every output topic: the rivers job writes to one topic per river) cost CPU
     * in the job and the broker. Kafka's sender takes the open batch of every partition a broker
     * leads whenever one of them is ready, so a producer's busiest partition sets the size of all
     * its batches (bench/README.md, session 36). At least once, records are visible as soon as
     * written: 5 ms and Kafka's 16 KiB. Each producer looks up all the topics its sink writes at
     * once when it starts ({@link TopicPrefetch}).
     */
    static Properties producerConfig(JobRun run) {
        return producerConfig(run, run.outputTopics());
    }

    private static Properties producerConfig(JobRun run, List<String> topics) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
        producer.setProperty(
                "linger.ms",
                run.exactlyOnce() ? Long.toString(run.exactlyOnceLinger().toMillis()) : "5");
        producer.setProperty("batch.size", run.exactlyOnce() ? "65536" : "16384");
        producer.setProperty("compression.type", DEFAULT_COMPRESSION);
        producer.putAll(run.kafkaProperties());
        TopicPrefetch.install(producer, topics);
        return producer;
    }
}
