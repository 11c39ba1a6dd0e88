package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.generate.GeneratorSettings;
import io.orderflow.testkit.generate.OrderWriter;
import io.orderflow.testkit.generate.TopicNames;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.VerifyOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A BACKORDER-heavy input on a real broker, with a backorder window short enough that lines both
 * fill and expire within the input: the ledger's queues, deadlines and the run's end (T_end) at
 * work. The same bounded replay run twice must give identical outputs, whatever the timing.
 */
class BackorderReplayITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int PARTITIONS = 3;
    private static final long ORDERS = 3_000;

    private static String prefix;
    private static List<String> firstRun;

    @BeforeAll
    static void generateABackorderHeavyInputAndReplayItOnce() throws Exception {
        prefix = KafkaTestSupport.uniqueTopicPrefix();
        Map<String, Integer> topics = new HashMap<>();
        for (var t : Topics.ORDER_PROCESSING) {
            for (String out : List.of("", "first-", "second-")) {
                if (out.isEmpty()
                        || t.name().equals(Topics.CONFIRMATIONS.name())
                        || t.name().equals(Topics.REFUNDS.name())
                        || t.name().equals(Topics.DEAD_LETTERS.name())
                        || t.name().equals(Topics.ORDER_STATUS.name())) {
                    topics.put(prefix + out + t.name(), PARTITIONS);
                }
            }
        }
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), topics);
        GeneratorSettings settings =
                GeneratorSettings.defaults(ORDERS)
                        .withSeed(19)
                        .withSkus(50)
                        .withRates(0.05, 0.03, 0.0, 0.6);
        OrderWriter.produce(
                KAFKA.bootstrapServers(),
                settings,
                new TopicNames(prefix + Topics.ORDERS.name(), prefix + Topics.INVENTORY.name()),
                0,
                null);
        OrderProcessingOptions first = options("first-");
        BoundedRun.run(first, UnaryOperator.identity());
        firstRun = BoundedRun.committedOutputs(KAFKA.bootstrapServers(), first);
    }

    @Test
    void theInputExercisesTheQueuesLinesFilledAfterWaitingAndLinesExpired() {
        assertThat(firstRun)
                .as("a confirmation of a line that waited")
                .anyMatch(o -> o.contains("\"backordered\":true"));
        assertThat(firstRun)
                .as("an out-of-stock refund of a backorder line that expired")
                .anyMatch(o -> o.startsWith("refund") && o.contains("OUT_OF_STOCK"));
    }

    @Test
    void aSecondReplayOfTheSameInputGivesIdenticalOutputs() throws Exception {
        OrderProcessingOptions second = options("second-");
        BoundedRun.run(second, UnaryOperator.identity());

        assertThat(firstRun).hasSizeGreaterThan((int) ORDERS / 2);
        assertThat(BoundedRun.committedOutputs(KAFKA.bootstrapServers(), second))
                .isEqualTo(firstRun);
    }

    @Test
    void theReplayKeepsTheContractsInvariants() {
        Report report =
                VerifyCommand.verify(
                        KAFKA.bootstrapServers(),
                        VerifyOptions.defaults()
                                .withInputTopics(
                                        prefix + Topics.ORDERS.name(),
                                        prefix + Topics.INVENTORY.name())
                                .withOutputPrefix(prefix + "first-"),
                        null);

        assertThat(report.ok()).as(report.format()).isTrue();
    }

    private static OrderProcessingOptions options(String outputPrefix) throws Exception {
        return BoundedRun.options(
                KAFKA.bootstrapServers(),
                List.of(
                        "--orders-topic", prefix + Topics.ORDERS.name(),
                        "--inventory-topic", prefix + Topics.INVENTORY.name(),
                        "--confirmations-topic",
                                prefix + outputPrefix + Topics.CONFIRMATIONS.name(),
                        "--refunds-topic", prefix + outputPrefix + Topics.REFUNDS.name(),
                        "--dead-letters-topic", prefix + outputPrefix + Topics.DEAD_LETTERS.name(),
                        "--status-topic", prefix + outputPrefix + Topics.ORDER_STATUS.name(),
                        "--group-id", prefix + outputPrefix + "group",
                        "--backorder-window", "2s"));
    }
}
