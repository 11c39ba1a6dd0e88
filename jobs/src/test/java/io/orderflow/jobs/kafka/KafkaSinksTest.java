package io.orderflow.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void theRiversJobLingersLongerAsItSpreadsItsRecordsOverATopicPerRiver(@TempDir Path dir)
            throws IOException {
        Path spec = dir.resolve("rivers.yaml");
        Files.writeString(spec, "rivers:\n  - name: orders\n    precondition:\n      type: [A]\n");
        List<String> argv =
                List.of("--bootstrap-servers", "127.0.0.1:9092", "--rivers", spec.toString());
        Properties exactlyOnce = KafkaSinks.producerConfig(RiversOptions.parse(argv));
        assertThat(exactlyOnce.getProperty("linger.ms")).isEqualTo("500");
        assertThat(exactlyOnce.getProperty("batch.size")).isEqualTo("65536");
        List<String> atLeastOnce = new java.util.ArrayList<>(argv);
        atLeastOnce.addAll(List.of("--delivery", "at-least-once"));
        assertThat(
                        KafkaSinks.producerConfig(RiversOptions.parse(atLeastOnce))
                                .getProperty("linger.ms"))
                .isEqualTo("5");
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
