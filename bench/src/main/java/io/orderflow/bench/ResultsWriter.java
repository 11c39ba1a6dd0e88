package io.orderflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.testkit.generate.GeneratorReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bench run's results: results.md, results.json and the charts, and on request the READMEs'
 * tables.
 */
final class ResultsWriter {

    /**
     * results.json's keys are snake_case with their unit in the name (events_per_second,
     * cpu_micros_per_event, latency_p99_ms).
     */
    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final Path resultsDir;
    private final PrintStream out;

    ResultsWriter(Path resultsDir, PrintStream out) {
        this.resultsDir = resultsDir;
        this.out = out;
    }

    void write(
            List<Figures> figures,
            GeneratorReport generated,
            String closing,
            int partitions,
            boolean quick,
            boolean updateReadme)
            throws IOException {
        Files.createDirectories(resultsDir);
        Map<String, String> machine = Machine.describe();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("events", generated.records());
        input.put("orders", generated.counts().ordersPlaced());
        input.put("skus", BenchCommand.SKUS);
        input.put("duplicates", generated.counts().duplicates());
        input.put("cancellations", generated.counts().cancels());
        input.put("malformed", generated.counts().deadLetters());
        input.put("restocks", generated.counts().restocks());
        input.put("partitions_per_topic", partitions);
        String md = BenchReport.markdown(machine, input, figures, closing);
        Files.writeString(resultsDir.resolve("results.md"), "# orderflow bench results\n\n" + md);
        ObjectNode json = JSON.createObjectNode();
        json.put("date", Instant.now().toString());
        json.put("quick", quick);
        json.set("machine", JSON.valueToTree(machine));
        json.set("input", JSON.valueToTree(input));
        json.set("variants", JSON.valueToTree(figures));
        json.put("closing_line", closing);
        Files.writeString(resultsDir.resolve("results.json"), JSON.writeValueAsString(json));
        Charts.throughput(figures, resultsDir.resolve("throughput.png"));
        Charts.latency(figures, resultsDir.resolve("latency.png"));
        if (updateReadme) {
            Path benchDir = resultsDir.getParent();
            Readme.update(benchDir.resolve("README.md"), Readme.BENCH, chartsFrom(md, "results/"));
            Readme.update(
                    benchDir.getParent().resolve("README.md"),
                    Readme.BENCH,
                    chartsFrom(md, benchDir.getFileName() + "/results/"));
        }
        out.println("bench: results in " + resultsDir);
    }

    /** The results' markdown with its charts linked from a README in another folder. */
    private static String chartsFrom(String md, String folder) {
        return md.replace("](throughput.png)", "](" + folder + "throughput.png)")
                .replace("](latency.png)", "](" + folder + "latency.png)");
    }
}
