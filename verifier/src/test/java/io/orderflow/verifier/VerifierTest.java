package io.orderflow.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Kafka side without a broker: what the consumer is given, and a broker that is not there. */
class VerifierTest {

    @Test
    void theConsumerReadsCommittedFromTheStartWithTheCallersSecuritySettings() {
        Properties given = new Properties();
        given.put("security.protocol", "SASL_SSL");
        given.put("isolation.level", "read_uncommitted");
        given.put("bootstrap.servers", "elsewhere:9092");

        Properties settings = Verifier.consumerSettings("h:1", given);

        assertThat(settings)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "h:1")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("default.api.timeout.ms", "30000");
        assertThat(given).containsEntry("isolation.level", "read_uncommitted");
    }

    @Test
    @Timeout(30)
    void aBrokerThatDoesNotAnswerIsInputUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Properties settings = new Properties();
        settings.put("default.api.timeout.ms", "1500");
        settings.put("request.timeout.ms", "1000");

        assertThatThrownBy(
                        () ->
                                Verifier.verify(
                                        VerifyOptions.defaults(),
                                        "127.0.0.1:" + closedPort,
                                        settings,
                                        null))
                .isInstanceOf(InputUnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("did not answer within 1500 ms");
    }
}
