package io.orderflow.local.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.Args;
import io.orderflow.schemas.Fulfilment;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The command line up to the point where Kafka would be needed. */
class VerifyCommandTest {

    private static final Set<String> VALUED =
            Set.of(
                    "--bootstrap-servers",
                    "--output-prefix",
                    "--orders-topic",
                    "--inventory-topic",
                    "--confirmations-topic",
                    "--refunds-topic",
                    "--dead-letters-topic",
                    "--default-fulfilment",
                    "--max-record-bytes");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VerifyCommand.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--bootstrap-servers", "--output-prefix", "--default-fulfilment");
    }

    @Test
    void theBootstrapServersAreRequired() {
        assertThat(run()).isEqualTo(2);
        assertThat(err())
                .isEqualTo(
                        "orderflow verify: --bootstrap-servers is required (or bootstrap.servers in --kafka-config)"
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
                        Args.parse(
                                List.of(
                                        "--output-prefix",
                                        "run7-",
                                        "--refunds-topic",
                                        "money",
                                        "--default-fulfilment",
                                        "backorder"),
                                VALUED,
                                Set.of()));

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
}
