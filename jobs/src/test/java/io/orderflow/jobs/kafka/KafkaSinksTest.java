package io.orderflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.OrderProcessingOptions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

    private static Properties producer(String... extra) {
        List<String> argv =
                new java.util.ArrayList<>(List.of("--bootstrap-servers", "127.0.0.1:9092"));
        argv.addAll(List.of(extra));
        return KafkaSinks.producerConfig(OrderProcessingOptions.parse(argv));
    }

    @Test
    void exactlyOnceLingersToFillLargerBatchesAsNoReaderSeesRecordsBeforeTheCommit() {
        assertThat(producer().getProperty("linger.ms")).isEqualTo("50");
        assertThat(producer().getProperty("batch.size")).isEqualTo("65536");
    }

    @Test
    void atLeastOnceSendsSoonAsRecordsAreVisibleWhenWritten() {
        Properties p = producer("--delivery", "at-least-once");
        assertThat(p.getProperty("linger.ms")).isEqualTo("5");
        assertThat(p.getProperty("batch.size")).isEqualTo("16384");
    }

    @Test
    void theRunsOwnKafkaSettingsGoOverTheDefaults() {
        assertThat(producer("--kafka-property", "linger.ms=0").getProperty("linger.ms"))
                .isEqualTo("0");
    }
}
