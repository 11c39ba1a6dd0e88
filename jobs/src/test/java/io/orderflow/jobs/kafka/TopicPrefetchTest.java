package io.orderflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.internals.ProducerMetadata;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class TopicPrefetchTest {

    private static Properties producer() {
        Properties p = new Properties();
        // Never reached: the producer is made and closed without sending.
        p.setProperty("bootstrap.servers", "127.0.0.1:1");
        p.setProperty("key.serializer", ByteArraySerializer.class.getName());
        p.setProperty("value.serializer", ByteArraySerializer.class.getName());
        return p;
    }

    private static ProducerMetadata metadataOf(KafkaProducer<?, ?> producer) throws Exception {
        Field metadata = KafkaProducer.class.getDeclaredField("metadata");
        metadata.setAccessible(true);
        return (ProducerMetadata) metadata.get(producer);
    }

    @Test
    void aNewProducerHoldsItsOutputTopicsBeforeItSendsAnything() throws Exception {
        Properties p = producer();
        TopicPrefetch.install(p, List.of("river.orders", "river-problems", "dead-letters"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            ProducerMetadata metadata = metadataOf(producer);
            assertThat(metadata.containsTopic("river.orders")).isTrue();
            assertThat(metadata.containsTopic("river-problems")).isTrue();
            assertThat(metadata.containsTopic("dead-letters")).isTrue();
            assertThat(metadata.containsTopic("river.other")).isFalse();
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void aProducerWithoutItHoldsNoTopicUntilItSends() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producer())) {
            assertThat(metadataOf(producer).containsTopic("river.orders")).isFalse();
            producer.close(Duration.ZERO);
        }
    }

    @Test
    void installKeepsKafkasJmxReporterOrTheReportersTheRunNames() {
        Properties byDefault = producer();
        TopicPrefetch.install(byDefault, List.of("a"));
        assertThat(byDefault.getProperty("metric.reporters"))
                .isEqualTo(JmxReporter.class.getName() + "," + TopicPrefetch.class.getName());
        assertThat(byDefault.getProperty(TopicPrefetch.TOPICS)).isEqualTo("a");

        Properties named = producer();
        named.setProperty("metric.reporters", "com.example.Reporter");
        TopicPrefetch.install(named, List.of("a", "b"));
        assertThat(named.getProperty("metric.reporters"))
                .isEqualTo("com.example.Reporter," + TopicPrefetch.class.getName());
        assertThat(named.getProperty(TopicPrefetch.TOPICS)).isEqualTo("a,b");
    }

    @Test
    void everySinkProducerOfARunPrefetchesItsOutputTopics() {
        Properties p =
                KafkaSinks.producerConfig(
                        io.orderflow.jobs.options.OrderProcessingOptions.parse(
                                List.of("--bootstrap-servers", "127.0.0.1:9092")));
        assertThat(p.getProperty("metric.reporters")).endsWith(TopicPrefetch.class.getName());
        assertThat(p.getProperty(TopicPrefetch.TOPICS).split(",")).contains("dead-letters");
    }

    @Test
    void eachOrderJobSinkPrefetchesOnlyTheTopicsItWrites() {
        var options =
                io.orderflow.jobs.options.OrderProcessingOptions.parse(
                        List.of("--bootstrap-servers", "127.0.0.1:9092"));
        assertThat(KafkaSinks.decisionTopics(options))
                .containsExactlyInAnyOrder("order-confirmations", "refunds", "order-status");
        assertThat(KafkaSinks.deadLetterTopics(options)).containsExactly("dead-letters");
    }

    @Test
    void withARapidsTopicBothOrderJobSinksAlsoPrefetchTheRapids() {
        var options =
                io.orderflow.jobs.options.OrderProcessingOptions.parse(
                        List.of(
                                "--bootstrap-servers", "127.0.0.1:9092",
                                "--rapids-topic", "rapids"));
        assertThat(KafkaSinks.decisionTopics(options))
                .containsExactlyInAnyOrder(
                        "order-confirmations", "refunds", "order-status", "rapids");
        assertThat(KafkaSinks.deadLetterTopics(options))
                .containsExactlyInAnyOrder("dead-letters", "rapids");
    }
}
