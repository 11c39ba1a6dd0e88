package io.orderflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract's examples with room in memory for one waiting ledger entry and one order in flight
 * per subtask: nearly everything then waits in keyed state (the path a long replay takes), and the
 * decisions must be the same as with the shipped budgets.
 */
class TinyMemoryBudgetTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static List<ContractExample> examples() {
        return ContractExample.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void decidesEveryContractExampleAsExpectedWithOneEntryAndOneOrderInMemory(
            ContractExample example) throws Exception {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                "unused:9092",
                                "--parallelism",
                                "2",
                                "--ledger-memory-entries",
                                "1",
                                "--decider-memory-orders",
                                "1"));
        argv.addAll(example.options());

        Map<String, List<JsonNode>> actual =
                OrderProcessingJobTest.run(example, OrderProcessingOptions.parse(argv)).outputs();

        for (var topic : List.of(Topics.CONFIRMATIONS, Topics.REFUNDS)) {
            List<JsonNode> expected = new ArrayList<>();
            example.expected().get(topic.name()).forEach(expected::add);
            assertThat(actual.get(topic.name()))
                    .as(topic.name())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
