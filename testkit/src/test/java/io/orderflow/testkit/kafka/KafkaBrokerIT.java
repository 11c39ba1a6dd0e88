package io.orderflow.testkit.kafka;

import static io.orderflow.testkit.kafka.KafkaTestSupport.readCommitted;
import static io.orderflow.testkit.kafka.KafkaTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.schemas.Topics;
import io.orderflow.testkit.kafka.TopicAdmin.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void createsTheOrderProcessingTopicsIdempotently() {
        TopicNames names = TopicNames.withPrefix(KafkaTestSupport.uniqueTopicPrefix());

        Map<String, Integer> created =
                TopicAdmin.createOrderProcessingTopics(KAFKA.bootstrapServers(), 3, names);
        Map<String, Integer> again =
                TopicAdmin.createOrderProcessingTopics(KAFKA.bootstrapServers(), 3, names);

        assertThat(created)
                .containsOnlyKeys(names.all())
                .allSatisfy((topic, n) -> assertThat(n).isEqualTo(3));
        assertThat(again).isEqualTo(created);
        assertThatThrownBy(
                        () ->
                                TopicAdmin.createOrderProcessingTopics(
                                        KAFKA.bootstrapServers(), 2, names))
                .hasMessageContaining("'" + names.orders() + "' already exists")
                .hasMessageContaining("3 partition(s), not 2");
    }

    @Test
    void committedTransactionIsReadBackAcrossPartitions() {
        String topic = KafkaTestSupport.uniqueTopicPrefix() + Topics.CONFIRMATIONS.name();
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), Map.of(topic, 3));
        List<ProducerRecord<String, String>> records = records(topic, "order-", 30);

        KafkaTestSupport.produceInTransaction(KAFKA.bootstrapServers(), topic, records, true);

        List<ConsumerRecord<String, String>> read =
                readCommitted(KAFKA.bootstrapServers(), topic, 30, TIMEOUT);
        assertThat(values(read)).containsExactlyInAnyOrderElementsOf(sent(records));
        Set<Integer> partitions = new HashSet<>();
        read.forEach(r -> partitions.add(r.partition()));
        assertThat(partitions).hasSize(3);
    }

    @Test
    void abortedTransactionIsInvisibleToReadCommitted() {
        String topic = KafkaTestSupport.uniqueTopicPrefix() + Topics.REFUNDS.name();
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), Map.of(topic, 3));
        List<ProducerRecord<String, String>> aborted = records(topic, "aborted-", 10);
        List<ProducerRecord<String, String>> committed = records(topic, "committed-", 5);

        KafkaTestSupport.produceInTransaction(KAFKA.bootstrapServers(), topic, aborted, false);
        KafkaTestSupport.produceInTransaction(KAFKA.bootstrapServers(), topic, committed, true);

        assertThat(values(readCommitted(KAFKA.bootstrapServers(), topic)))
                .containsExactlyInAnyOrderElementsOf(sent(committed));
    }

    @Test
    void restartKeepsTheDataAndTheAddress() {
        String topic = KafkaTestSupport.uniqueTopicPrefix() + Topics.ORDERS.name();
        String bootstrap = KAFKA.bootstrapServers();
        TopicAdmin.createTopics(bootstrap, Map.of(topic, 3));
        List<ProducerRecord<String, String>> records = records(topic, "before-restart-", 12);
        KafkaTestSupport.produce(bootstrap, topic, records);
        long pidBefore = KAFKA.broker().pid();

        long t0 = System.nanoTime();
        KAFKA.broker().restart();
        System.out.printf(
                "Kafka broker restart (stop + start) took %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);

        assertThat(KAFKA.broker().pid()).isNotEqualTo(pidBefore);
        assertThat(KAFKA.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(values(readCommitted(bootstrap, topic, 12, TIMEOUT)))
                .containsExactlyInAnyOrderElementsOf(sent(records));
    }

    @Test
    void brokerThatCannotStartFailsWithTheTailOfItsLog(@TempDir Path dir) {
        KafkaBroker broken =
                KafkaBroker.builder().dataDir(dir).config("num.io.threads", "not-a-number").build();

        assertThatThrownBy(broken::start)
                .hasMessageContaining("formatting the storage failed")
                .hasMessageContaining("last lines of " + dir.resolve(KafkaBroker.LOG_FILE))
                .hasMessageContaining("num.io.threads");
        broken.close();
        assertThat(Files.exists(dir)).as("a given data dir is kept").isTrue();
    }

    @Test
    void temporaryDataDirIsDeletedOnClose() {
        KafkaBroker broker = KafkaBroker.builder().build();
        Path dir = broker.dataDir();
        assertThat(dir).isDirectory();
        broker.close();
        assertThat(dir).doesNotExist();
    }

    private static List<String> sent(List<ProducerRecord<String, String>> records) {
        return records.stream().map(ProducerRecord::value).toList();
    }

    private static List<ProducerRecord<String, String>> records(
            String topic, String keyPrefix, int n) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(
                    new ProducerRecord<>(
                            topic, keyPrefix + i, "{\"n\":\"" + keyPrefix + i + "\"}"));
        }
        return records;
    }
}
