package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code bench dedup} reports: each backend's line, and the results as markdown and JSON. */
final class DedupReport {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DedupReport() {}

    /** One backend's figures, for the line that says how it went. */
    static String summary(ObjectNode r) {
        return String.format(
                Locale.ROOT,
                " (%.0f s; heap live after GC at most %s MiB; checkpointed state %s MiB)",
                r.path("seconds").asDouble(),
                mib(r, "maxHeapAfterGcBytes"),
                mib(r.path("checkpoints"), "maxStateSizeBytes"));
    }

    private static String mib(JsonNode n, String field) {
        return n.has(field)
                ? String.format(Locale.ROOT, "%,.0f", n.path(field).asLong() / 1048576.0)
                : "";
    }

    static String markdown(
            Map<String, String> machine, long orders, long resends, List<ObjectNode> results) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ");
        List<String> parts = new ArrayList<>();
        machine.forEach((k, v) -> parts.add(k + " " + v));
        md.append(String.join("; ", parts)).append(".\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Input: %,d distinct orders (1 to 4 lines), then %,d re-sends spread over"
                                + " all of them.%n%n",
                        orders,
                        resends));
        md.append(
                "| backend | heap (-Xmx) | result | orders/s | heap live after GC, max MiB | GC s |"
                        + " peak RSS MiB | RocksDB on disk MiB | checkpointed state MiB | bytes per"
                        + " order |\n");
        md.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (ObjectNode r : results) {
            long state = r.path("checkpoints").path("maxStateSizeBytes").asLong();
            md.append("| ")
                    .append(r.path("backend").asText())
                    .append(" | ")
                    .append(r.path("heap").asText())
                    .append(" | ")
                    .append(r.path("verdict").asText())
                    .append(" | ")
                    .append(
                            r.path("ok").asBoolean()
                                    ? String.format(
                                            Locale.ROOT,
                                            "%,.0f",
                                            (orders + resends) / r.path("seconds").asDouble())
                                    : "")
                    .append(" | ")
                    .append(mib(r, "maxHeapAfterGcBytes"))
                    .append(" | ")
                    .append(
                            r.has("gcSeconds")
                                    ? String.format(
                                            Locale.ROOT, "%.1f", r.path("gcSeconds").asDouble())
                                    : "")
                    .append(" | ")
                    .append(
                            r.has("vmHwmKb")
                                    ? String.format(
                                            Locale.ROOT, "%,d", r.path("vmHwmKb").asLong() / 1024)
                                    : "")
                    .append(" | ")
                    .append(
                            r.path("backend").asText().equals("rocksdb")
                                    ? mib(r, "maxWorkingDirBytes")
                                    : "n/a")
                    .append(" | ")
                    .append(mib(r.path("checkpoints"), "maxStateSizeBytes"))
                    .append(" | ")
                    .append(
                            r.path("ok").asBoolean() && state > 0
                                    ? String.format(Locale.ROOT, "%.0f", (double) state / orders)
                                    : "")
                    .append(" |\n");
        }
        md.append(
                "\n"
                    + "The gate as shipped (its state, TTL, and the job's Flink settings) in a"
                    + " local cluster inside one JVM whose whole heap is the -Xmx shown: Flink"
                    + " itself, the gate and its state. result: every distinct order passed exactly"
                    + " once (its order update and ledger entries counted) and every re-send was"
                    + " dropped. heap live after GC: the most the heap held right after a"
                    + " collection. checkpointed state: the largest full state size of a completed"
                    + " checkpoint; bytes per order divides it by the orders.\n");
        return md.toString();
    }

    /**
     * Writes {@code dedup.md} and {@code dedup.json} into {@code resultsDir}, and the table into
     * the READMEs when {@code updateReadme}.
     */
    static void write(
            Path resultsDir,
            boolean updateReadme,
            long orders,
            long resends,
            List<ObjectNode> results,
            PrintStream out)
            throws IOException {
        Files.createDirectories(resultsDir);
        Map<String, String> machine = Machine.describe();
        machine.remove("JVM options"); // each backend's JVM has its own: the heap column
        machine.remove("kafka (broker, clients, streams)"); // no Kafka in this run
        String md = markdown(machine, orders, resends, results);
        Files.writeString(resultsDir.resolve("dedup.md"), "# orderflow dedup state bench\n\n" + md);
        ObjectNode json = JSON.createObjectNode();
        json.put("date", Instant.now().toString());
        json.set("machine", JSON.valueToTree(machine));
        json.put("orders", orders);
        json.put("resends", resends);
        ArrayNode backendsJson = json.putArray("backends");
        results.forEach(backendsJson::add);
        Files.writeString(resultsDir.resolve("dedup.json"), JSON.writeValueAsString(json));
        if (updateReadme) {
            Path benchDir = resultsDir.getParent();
            Readme.update(benchDir.resolve("README.md"), Readme.DEDUP, md);
            Readme.update(benchDir.getParent().resolve("README.md"), Readme.DEDUP, md);
        }
        out.println("bench dedup: results in " + resultsDir);
    }
}
