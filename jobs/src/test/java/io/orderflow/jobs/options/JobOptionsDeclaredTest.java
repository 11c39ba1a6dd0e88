package io.orderflow.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The job jar's own options on picocli: each job's help is generated from its declarations, and a
 * mistake is the one line naming the option and the rule, as on ./orderflow's command line.
 */
class JobOptionsDeclaredTest {

    @Test
    void eachJobsHelpShowsEveryDeclaredOption() {
        assertHelpShowsEveryOption(
                new OrderProcessingDeclared(),
                List.of("--help"),
                () -> OrderProcessingOptions.parse(List.of("--help")));
        assertHelpShowsEveryOption(
                new RiversDeclared(),
                List.of("--help"),
                () -> RiversOptions.parse(List.of("--help")));
    }

    private static void assertHelpShowsEveryOption(
            Object declared, List<String> argv, Runnable parse) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(declared);
        assertThat(spec.options()).hasSizeGreaterThan(15);
        HelpRequested help =
                org.assertj.core.api.Assertions.catchThrowableOfType(
                        parse::run, HelpRequested.class);
        assertThat(help).as("%s %s", spec.name(), argv).isNotNull();
        assertThat(help.getMessage()).startsWith("Usage: orderflow " + spec.name());
        for (OptionSpec option : spec.options()) {
            assertThat(help.getMessage())
                    .as("the help of %s shows %s", spec.name(), option.longestName())
                    .contains(option.longestName());
        }
    }

    @Test
    void aBadValueIsOneLineNamingTheOptionAndTheRule() {
        assertThatThrownBy(
                        () ->
                                OrderProcessingOptions.parse(
                                        List.of(
                                                "--bootstrap-servers",
                                                "h:1",
                                                "--decider-memory-orders",
                                                "0")))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--decider-memory-orders must be a whole number from 1 to 100000000, was"
                                + " '0'");
        assertThatThrownBy(
                        () ->
                                OrderProcessingOptions.parse(
                                        List.of(
                                                "--bootstrap-servers",
                                                "h:1",
                                                "--state-backend",
                                                "memory")))
                .isInstanceOf(UsageException.class)
                .hasMessage("--state-backend must be one of rocksdb, hashmap, was 'memory'");
        assertThatThrownBy(
                        () ->
                                OrderProcessingOptions.parse(
                                        List.of(
                                                "--bootstrap-servers",
                                                "h:1",
                                                "--orders-topic",
                                                "a b")))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--orders-topic must be a Kafka topic name (letters, digits, '.', '_',"
                                + " '-'), was 'a b'");
        assertThatThrownBy(
                        () ->
                                OrderProcessingOptions.parse(
                                        List.of("--bootstrap-servers", "h:1", "surplus")))
                .isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument 'surplus' (see --help)");
        assertThatThrownBy(() -> RiversOptions.parse(List.of("--bootstrap-servers", "h:1")))
                .isInstanceOf(UsageException.class)
                .hasMessage("--rivers is required");
        assertThatThrownBy(
                        () ->
                                RiversOptions.parse(
                                        List.of(
                                                "--rivers",
                                                "spec.yaml",
                                                "--bootstrap-servers",
                                                "h:1",
                                                "--max-record-bytes",
                                                "1")))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--max-record-bytes must be a whole number from 64 to 67108864, was '1'");
    }

    @Test
    void defaultsAreTheDeclaredOnes() {
        OrderProcessingOptions o =
                OrderProcessingOptions.parse(List.of("--bootstrap-servers", "h:1"));

        assertThat(o.ordersTopic).isEqualTo("orders");
        assertThat(o.statusTopic).isEqualTo("order-status");
        assertThat(o.rapidsTopic).isNull();
        assertThat(o.checkpointInterval).hasSeconds(2);
        assertThat(o.maxOutOfOrderness).hasMillis(500);
        assertThat(o.parallelism).isEqualTo(-1);
        assertThat(o.groupId).isEqualTo("orderflow-order-processing");
        assertThat(o.exactlyOnce()).isTrue();
        assertThat(o.outputTopicsCreatedIfMissing()).containsExactly("order-status");
    }
}
