package io.orderflow.jobs.kafka;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.internals.ProducerMetadata;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has a sink's producer look up all the topics it will write in its first metadata request. Left to
 * itself, Kafka's producer looks a topic up when the first record for it is sent, and that send
 * waits for the answer: a sink that writes a topic per river waited for 22 round trips one after
 * another at the start, and again for each new transactional producer (bench/README.md, sessions 33
 * to 35: the rivers job reached its 115,000th event about 0.4 s later than with this, of a run of
 * about 8 s).
 *
 * <p>Kafka has no public call for this, so this is a metrics reporter: Kafka makes one for each
 * producer and shows it each metric as the producer registers it. The sender's {@code metadata-age}
 * gauge reads the producer's metadata; through it the reporter adds the topics named in {@value
 * #TOPICS} ({@link ProducerMetadata#add}, as a send would), and the producer's first metadata
 * request asks for all of them at once. Nothing else of the producer changes. Where another Kafka
 * version keeps its metadata elsewhere the reporter finds nothing, logs that once, and the producer
 * looks its topics up as Kafka does by itself.
 */
public final class TopicPrefetch implements MetricsReporter {

    /** The producer setting that names the topics, comma-separated. */
    public static final String TOPICS = "orderflow.prefetch.topics";

    private static final Logger LOG = LoggerFactory.getLogger(TopicPrefetch.class);
    private static final String METADATA_AGE = "metadata-age";
    private static volatile boolean warned;

    private String[] topics = new String[0];
    private boolean done;

    /**
     * Adds this reporter to the producer settings for these topics, after the reporters they name
     * already (Kafka's default, its JMX reporter, when none).
     */
    public static void install(Properties producer, List<String> topics) {
        String reporters =
                producer.getProperty(
                        CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG,
                        JmxReporter.class.getName());
        String ours = TopicPrefetch.class.getName();
        producer.setProperty(
                CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG,
                reporters.isBlank() ? ours : reporters + "," + ours);
        producer.setProperty(TOPICS, String.join(",", topics));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object named = configs.get(TOPICS);
        if (named != null && !named.toString().isBlank()) {
            topics = named.toString().split(",");
        }
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public synchronized void metricChange(KafkaMetric metric) {
        if (done || !METADATA_AGE.equals(metric.metricName().name())) {
            return;
        }
        done = true;
        ProducerMetadata metadata = metadataBehind(metric);
        if (metadata == null) {
            if (!warned) {
                warned = true;
                LOG.info(
                        "{} found no producer metadata behind {}: topics are looked up as sent",
                        TopicPrefetch.class.getSimpleName(),
                        METADATA_AGE);
            }
            return;
        }
        long now = System.currentTimeMillis();
        for (String topic : topics) {
            metadata.add(topic, now);
        }
    }

    /** The producer's metadata that the gauge reads, or null. */
    static ProducerMetadata metadataBehind(KafkaMetric metric) {
        try {
            Field provider = KafkaMetric.class.getDeclaredField("metricValueProvider");
            provider.setAccessible(true);
            Object gauge = provider.get(metric);
            for (Field captured : gauge.getClass().getDeclaredFields()) {
                captured.setAccessible(true);
                if (captured.get(gauge) instanceof ProducerMetadata metadata) {
                    return metadata;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no producer metadata behind {}", METADATA_AGE, e);
        }
        return null;
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {}

    @Override
    public void close() {}
}
