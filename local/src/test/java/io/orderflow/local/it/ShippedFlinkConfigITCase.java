package io.orderflow.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.testkit.flink.LocalFlink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The integration tests' mini-clusters run with the shipped {@code flink-conf/config.yaml}, as
 * {@code ./orderflow run} does, except for the folders: checkpoints and savepoints stay the test's
 * own.
 */
class ShippedFlinkConfigITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTestClusterHasTheShippedRestartStrategyAndLocalhostRestButItsOwnFolders()
            throws Exception {
        OrderProcessingOptions options =
                BoundedRun.options("localhost:9", List.of()); // no job runs: no broker needed

        Map<String, String> config;
        try (LocalFlink flink = TestFlink.start(options)) {
            config = clusterConfig(flink.restAddress());
        }

        // The values config.yaml ships with.
        assertThat(config)
                .containsEntry("restart-strategy.type", "exponential-delay")
                .containsEntry("restart-strategy.exponential-delay.max-backoff", "30s")
                .containsEntry("rest.address", "localhost")
                .containsEntry("rest.bind-address", "localhost")
                .containsEntry("execution.checkpointing.timeout", "2m");
        assertThat(config.get("execution.checkpointing.dir")).isEqualTo(options.jobCheckpointDir());
        assertThat(config.get("execution.checkpointing.savepoint-dir"))
                .isNotBlank()
                .doesNotStartWith("file:///tmp/orderflow/");
    }

    /** The cluster's effective configuration, as its REST API shows it. */
    private static Map<String, String> clusterConfig(URI rest) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(rest.resolve("/jobmanager/config"))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> config = new HashMap<>();
        for (JsonNode entry : JSON.readTree(response.body())) {
            config.put(entry.get("key").asText(), entry.get("value").asText());
        }
        return config;
    }
}
