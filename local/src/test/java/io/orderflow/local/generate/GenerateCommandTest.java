package io.orderflow.local.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line up to the point where Kafka would be needed. */
class GenerateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateCommand.run(
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
                .contains(
                        "--bootstrap-servers", "--orders", "--rate", "--backorder-rate", "--start");
    }

    @Test
    void aMissingRequiredOptionIsOneLineNamingIt() {
        assertThat(run("--bootstrap-servers", "localhost:9092")).isEqualTo(2);
        assertThat(err())
                .isEqualTo("orderflow generate: --orders is required" + System.lineSeparator());
    }

    @Test
    void badValuesNameTheOptionAndTheRule() {
        assertThat(run("--bootstrap-servers", "localhost:9092", "--orders", "10", "--rate", "fast"))
                .isEqualTo(2);
        assertThat(err()).startsWith("orderflow generate: --rate must be").contains("'fast'");
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void aRateOutOfRangeIsRejected() {
        assertThat(run("--bootstrap-servers", "h:1", "--orders", "10", "--cancel-rate", "1.5"))
                .isEqualTo(2);
        assertThat(err()).startsWith("orderflow generate: --cancel-rate must be a number from 0");
    }

    @Test
    void aBadBootstrapAddressIsAUsageError() {
        assertThat(run("--bootstrap-servers", "localhost", "--orders", "10")).isEqualTo(2);
        assertThat(err()).startsWith("orderflow generate: --bootstrap-servers must be HOST:PORT");
    }

    @Test
    void aBadStartInstantIsAUsageError() {
        assertThat(run("--bootstrap-servers", "h:1", "--orders", "1", "--start", "tomorrow"))
                .isEqualTo(2);
        assertThat(err()).startsWith("orderflow generate: --start must be an ISO-8601 instant");
    }

    @Test
    void unknownOptionsAreNamed() {
        assertThat(run("--bootstrap-servers", "h:1", "--orders", "1", "--speed", "9")).isEqualTo(2);
        assertThat(err()).contains("--speed");
    }

    @Test
    void ratesAreWrittenWithOrWithoutPerSecond() {
        assertThat(GenerateCommand.parseRate("5000")).isEqualTo(5000.0);
        assertThat(GenerateCommand.parseRate("250/s")).isEqualTo(250.0);
        assertThat(GenerateCommand.parseRate("0.5")).isEqualTo(0.5);
    }
}
