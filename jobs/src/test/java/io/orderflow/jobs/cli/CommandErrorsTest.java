package io.orderflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandErrorsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aUsageMistakeIsExitTwoWithItsOneLine() {
        int code =
                CommandErrors.report(
                        "topics",
                        new UsageException("--partitions must be a whole number"),
                        errStream);

        assertThat(code).isEqualTo(ExitCodes.USAGE).isEqualTo(2);
        assertThat(err())
                .isEqualTo(
                        "orderflow topics: --partitions must be a whole number"
                                + System.lineSeparator());
    }

    @Test
    void anUnreachableInputIsExitThreeWithItsOneLine() {
        int code =
                CommandErrors.report(
                        "status",
                        new UnreachableException("Kafka at 127.0.0.1:1 did not answer"),
                        errStream);

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE).isEqualTo(3);
        assertThat(err())
                .isEqualTo(
                        "orderflow status: Kafka at 127.0.0.1:1 did not answer"
                                + System.lineSeparator());
    }

    @Test
    void anyOtherExceptionIsACrashExitFourNotAFailedCheck() {
        int code =
                CommandErrors.report(
                        "run",
                        new IllegalStateException("the job failed", new RuntimeException("boom")),
                        errStream);

        assertThat(code)
                .isEqualTo(ExitCodes.FAILED)
                .isEqualTo(4)
                .isNotEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(err())
                .startsWith(
                        "orderflow run: failed: the job failed (cause: java.lang.RuntimeException:"
                                + " boom)")
                .doesNotContain("\tat ");
    }

    @Test
    void failedIsExitFourEvenForAnUnreachableInput() {
        int code =
                CommandErrors.failed(
                        "demo", new UnreachableException("topics not ready"), errStream);

        assertThat(code).isEqualTo(ExitCodes.FAILED);
        assertThat(err()).startsWith("orderflow demo: failed: topics not ready");
    }
}
