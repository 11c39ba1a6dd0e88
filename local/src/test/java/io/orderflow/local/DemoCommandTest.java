package io.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.verifier.InvariantChecker;
import io.orderflow.verifier.KafkaRecord;
import io.orderflow.verifier.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The demo's exit codes and options, with the run itself replaced (a real one takes minutes). */
class DemoCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int demo(DemoCommand.Run run, String... args) throws Exception {
        return DemoCommand.run(
                List.of(args),
                run,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static Report okReport() {
        return new InvariantChecker().check();
    }

    static Report violatedReport() {
        InvariantChecker checker = new InvariantChecker();
        checker.acceptRefund(
                new KafkaRecord(
                        "refunds", 0, 7, 0, "o1", "not json".getBytes(StandardCharsets.UTF_8)));
        return checker.check();
    }

    private static DemoCommand.Run finding(Report report) {
        return (settings, dir, progress) ->
                new DemoSummary(report, Map.of(OrderStatus.Status.CONFIRMED, 3L), 1_500);
    }

    @Test
    void allInvariantsHeldIsExitZeroWithTheSummary() throws Exception {
        assertThat(demo(finding(okReport()))).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("orderflow demo: summary")
                .contains("contract invariants: all held");
    }

    @Test
    void aViolationIsExitOne() throws Exception {
        assertThat(demo(finding(violatedReport()))).isEqualTo(ExitCodes.CHECK_FAILED).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("contract invariants: VIOLATED");
    }

    @Test
    void aCrashedRunIsExitFourWithOneLineNotExitOne() throws Exception {
        int code =
                demo(
                        (settings, dir, progress) -> {
                            throw new IllegalStateException("the job failed: TaskManager lost");
                        });

        assertThat(code).isEqualTo(ExitCodes.FAILED).isNotEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("orderflow demo: failed: the job failed: TaskManager lost");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("summary");
    }

    @Test
    void jsonPutsTheSummaryAloneOnStdoutAndTheStepsOnStderr() throws Exception {
        int code =
                demo(
                        (settings, dir, progress) -> {
                            progress.println("== 1/5  Starting a Kafka broker");
                            return new DemoSummary(okReport(), Map.of(), 1_000);
                        },
                        "--json");

        assertThat(code).isEqualTo(ExitCodes.OK);
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(stdout.lines()).hasSize(1);
        assertThat(new ObjectMapper().readTree(stdout).get("job_elapsed_ms").longValue())
                .isEqualTo(1_000);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("== 1/5  Starting a Kafka broker");
    }

    @Test
    void withoutJsonTheStepsAndTheTextSummaryGoToStdout() throws Exception {
        demo(
                (settings, dir, progress) -> {
                    progress.println("== 1/5  Starting a Kafka broker");
                    return new DemoSummary(okReport(), Map.of(), 1_000);
                });

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("== 1/5  Starting a Kafka broker")
                .contains("orderflow demo: summary")
                .doesNotContain("{\"ok\"");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theOptionsReachTheRun() throws Exception {
        AtomicReference<DemoCommand.Settings> seen = new AtomicReference<>();

        demo(
                (settings, dir, progress) -> {
                    seen.set(settings);
                    return new DemoSummary(okReport(), Map.of(), 1);
                },
                "--orders",
                "500",
                "--seed",
                "7",
                "--parallelism",
                "3",
                "--partitions",
                "4",
                "--web-ui-port",
                "0",
                "--secure");

        assertThat(seen.get()).isEqualTo(new DemoCommand.Settings(500, 7, 3, 4, 0, true));
    }

    @Test
    void aBadOptionIsAUsageMistakeAndRunsNothing() {
        AtomicReference<Boolean> ran = new AtomicReference<>(false);

        assertThatThrownBy(
                        () ->
                                demo(
                                        (settings, dir, progress) -> {
                                            ran.set(true);
                                            return new DemoSummary(okReport(), Map.of(), 1);
                                        },
                                        "--orders",
                                        "0"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--orders must be");
        assertThat(ran.get()).isFalse();
    }
}
