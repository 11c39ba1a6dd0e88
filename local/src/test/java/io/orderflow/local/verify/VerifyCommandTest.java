package io.orderflow.local.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.verifier.Fulfilment;
import io.orderflow.verifier.InvariantChecker;
import io.orderflow.verifier.KafkaRecord;
import io.orderflow.verifier.VerifyOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options, exit codes and the printed report, without a broker. */
class VerifyCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VerifyCommand.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageWithTheExitCodesAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(out())
                .contains(
                        "--bootstrap-servers", "--output-prefix", "--default-fulfilment", "--json")
                .contains(
                        "Exit codes:",
                        "0  every invariant holds",
                        "1  a violation",
                        "2  a usage mistake",
                        "3  input unreachable");
    }

    @Test
    void theBootstrapServersAreRequired() {
        assertThat(run()).isEqualTo(VerifyCommand.EXIT_USAGE).isEqualTo(2);
        assertThat(err())
                .isEqualTo(
                        "orderflow verify: --bootstrap-servers is required (or bootstrap.servers in"
                                + " --kafka-config)"
                                + System.lineSeparator());
    }

    @Test
    void aBadFulfilmentNamesTheOptionAndItsChoices() {
        assertThat(run("--bootstrap-servers", "h:1", "--default-fulfilment", "later")).isEqualTo(2);
        assertThat(err())
                .startsWith(
                        "orderflow verify: --default-fulfilment must be one of partial, backorder")
                .contains("'later'");
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void aBadTopicNameIsAUsageError() {
        assertThat(run("--bootstrap-servers", "h:1", "--refunds-topic", "no spaces")).isEqualTo(2);
        assertThat(err())
                .startsWith("orderflow verify: --refunds-topic must be a Kafka topic name");
    }

    @Test
    void theOutputPrefixGoesBeforeEveryOutputTopicOnly() {
        VerifyOptions options =
                VerifyCommand.options(
                        List.of(
                                "--output-prefix",
                                "run7-",
                                "--refunds-topic",
                                "money",
                                "--default-fulfilment",
                                "backorder"));

        assertThat(options.ordersTopic()).isEqualTo("orders");
        assertThat(options.inventoryTopic()).isEqualTo("inventory");
        assertThat(options.confirmationsTopic()).isEqualTo("run7-order-confirmations");
        assertThat(options.refundsTopic()).isEqualTo("run7-money");
        assertThat(options.deadLettersTopic()).isEqualTo("run7-dead-letters");
        assertThat(options.defaultFulfilment()).isEqualTo(Fulfilment.BACKORDER);
    }

    @Test
    void unknownOptionsAreNamed() {
        assertThat(run("--bootstrap-servers", "h:1", "--strict")).isEqualTo(2);
        assertThat(err()).contains("--strict");
    }

    @Test
    @Timeout(30)
    void aBrokerThatDoesNotAnswerExitsThreeNotTwo(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "default.api.timeout.ms=1500\nrequest.timeout.ms=1000\n");

        int code =
                run(
                        "--bootstrap-servers",
                        "127.0.0.1:" + closedPort,
                        "--kafka-config",
                        config.toString());

        assertThat(code).isEqualTo(VerifyCommand.EXIT_UNREACHABLE).isEqualTo(3);
        assertThat(err())
                .startsWith(
                        "orderflow verify: Kafka at 127.0.0.1:" + closedPort + " did not answer");
        assertThat(out()).isEmpty();
    }

    @Test
    void jsonPrintsOneParsableObjectWithTheViolations() throws Exception {
        InvariantChecker checker = new InvariantChecker();
        checker.acceptRefund(
                new KafkaRecord(
                        "refunds", 0, 7, 0, "o1", "not json".getBytes(StandardCharsets.UTF_8)));

        VerifyCommand.print(
                checker.check(), true, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out().lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("ok").booleanValue()).isFalse();
        assertThat(json.get("records_read").isNumber()).isTrue();
        assertThat(json.get("violations_total").longValue()).isEqualTo(1);
        JsonNode violation = json.get("violations").get(0);
        assertThat(violation.get("kind").asText()).isEqualTo("UNREADABLE_OUTPUT");
        assertThat(violation.get("record").asText()).isEqualTo("refunds/0/7");
        assertThat(violation.get("message").asText()).startsWith("value is not valid JSON");
    }

    @Test
    void withoutJsonTheReportIsText() {
        VerifyCommand.print(
                new InvariantChecker().check(),
                false,
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out()).startsWith("input records read: 0").endsWith("OK\n");
    }
}
