package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings the benches give their own broker. */
class BenchBrokerTest {

    @Test
    void theBenchBrokerIndexesSegmentsInOneMebibyteFilesUnlessTold() {
        assertThat(BenchBroker.settings(List.of()))
                .containsEntry("log.index.size.max.bytes", "1048576");
    }

    @Test
    void brokerConfigOptionsGoOverTheDefaultsAndTheLastOfAKeyWins() {
        assertThat(
                        BenchBroker.settings(
                                List.of(
                                        "log.index.size.max.bytes=10485760",
                                        "num.io.threads = 2",
                                        "num.io.threads=3")))
                .containsEntry("log.index.size.max.bytes", "10485760")
                .containsEntry("num.io.threads", "3");
    }
}
