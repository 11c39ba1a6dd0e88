package io.orderflow.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.OrderProcessingDeclared;
import io.orderflow.jobs.options.OrderProcessingOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A job as a subcommand hands its body the job's options as the job jar takes them: the command's
 * own options left out, every value of a repeated option kept, a flag once.
 */
class JobSubcommandTest {

    private final PrintStream quiet =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void theBodyGetsTheJobsOptionsAsGivenWithoutTheCommandsOwn() {
        List<String> given = new ArrayList<>();
        WebUiPort webUi = new WebUiPort();
        int code =
                Commands.run(
                        JobSubcommand.of(
                                new OrderProcessingDeclared(),
                                args -> {
                                    given.addAll(args);
                                    return ExitCodes.OK;
                                },
                                webUi),
                        List.of(
                                "--bootstrap-servers",
                                "h:1",
                                "--web-ui-port",
                                "0",
                                "--kafka-property=a=b",
                                "--kafka-property",
                                "c=d",
                                "--resume",
                                "--stop-at",
                                "latest"),
                        quiet,
                        quiet);

        assertThat(code).isZero();
        assertThat(webUi.port()).isZero();
        assertThat(given)
                .containsExactlyInAnyOrder(
                        "order-processing",
                        "--bootstrap-servers",
                        "h:1",
                        "--kafka-property",
                        "a=b",
                        "--kafka-property",
                        "c=d",
                        "--resume",
                        "--stop-at",
                        "latest");
        assertThat(given.get(0)).isEqualTo("order-processing");
    }

    @Test
    void whatTheBodyGetsParsesToTheSameOptionsAsTheJobJarsArguments() {
        List<String> given = new ArrayList<>();
        List<String> jar =
                List.of(
                        "--bootstrap-servers",
                        "h:1",
                        "--kafka-property",
                        "linger.ms=7",
                        "--output-prefix",
                        "replay-",
                        "--allow-live-outputs",
                        "--starting-offsets",
                        "earliest");
        Commands.run(
                JobSubcommand.of(
                        new OrderProcessingDeclared(),
                        args -> {
                            given.addAll(args);
                            return ExitCodes.OK;
                        },
                        new WebUiPort()),
                jar,
                quiet,
                quiet);

        OrderProcessingOptions fromBody =
                OrderProcessingOptions.parse(given.subList(1, given.size()));
        OrderProcessingOptions fromJar = OrderProcessingOptions.parse(jar);
        assertThat(fromBody.kafkaProperties)
                .isEqualTo(fromJar.kafkaProperties)
                .containsEntry("linger.ms", "7");
        assertThat(fromBody.confirmationsTopic)
                .isEqualTo(fromJar.confirmationsTopic)
                .isEqualTo("replay-order-confirmations");
        assertThat(fromBody.allowLiveOutputs).isEqualTo(fromJar.allowLiveOutputs).isTrue();
        assertThat(fromBody.transactionalIdPrefix).isEqualTo(fromJar.transactionalIdPrefix);
    }
}
