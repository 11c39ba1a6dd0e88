package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.jobs.rest.RestClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one completed checkpoint spent its time, task by task (a task is a chain of operators; its
 * name is its first operator's): for each, the latest of its subtasks in each part, from Flink's
 * per-subtask checkpoint statistics. {@code ack}: from the trigger to the subtask's
 * acknowledgement; {@code startDelay}: from the trigger to the first barrier reaching it; {@code
 * alignment}: from the first barrier to the last of its inputs; {@code flush}: the job's own writes
 * to keyed state before it forwards the barrier (the {@code flushBeforeBarrierMs} gauge of the
 * ledger and the decider, its latest value when sampled: Flink's statistics do not show that work);
 * {@code sync} and {@code async}: the two phases of its snapshot. The task whose ack is latest is
 * what the checkpoint waited for.
 */
final class CheckpointTasks {

    /** The parts, in the order they happen. */
    static final List<String> PARTS =
            List.of("startDelay", "alignment", "flush", "sync", "async", "ack");

    private static final String FLUSH_GAUGE = ".flushBeforeBarrierMs";

    private CheckpointTasks() {}

    /** The job's tasks: vertex id to short name. */
    static Map<String, String> tasksOf(RestClient rest, String job)
            throws IOException, InterruptedException {
        Map<String, String> tasks = new LinkedHashMap<>();
        for (JsonNode v : rest.get("/jobs/" + job).path("vertices")) {
            tasks.put(v.path("id").asText(), shortName(v.path("name").asText()));
        }
        return tasks;
    }

    /** "Source: orders -> split orders -> ..." is "Source: orders". */
    static String shortName(String vertexName) {
        int arrow = vertexName.indexOf(" -> ");
        return arrow < 0 ? vertexName : vertexName.substring(0, arrow);
    }

    /** Task name to parts (ms), each the maximum over the task's subtasks. */
    static ObjectNode of(RestClient rest, String job, long checkpointId, Map<String, String> tasks)
            throws IOException, InterruptedException {
        ObjectNode byTask = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> task : tasks.entrySet()) {
            JsonNode details =
                    rest.get(
                            "/jobs/"
                                    + job
                                    + "/checkpoints/details/"
                                    + checkpointId
                                    + "/subtasks/"
                                    + task.getKey());
            long[] max = new long[PARTS.size()];
            long flush = flushOf(rest, job, task.getKey());
            for (JsonNode s : details.path("subtasks")) {
                long[] parts = {
                    s.path("start_delay").asLong(),
                    s.path("alignment").path("duration").asLong(),
                    flush,
                    s.path("checkpoint").path("sync").asLong(),
                    s.path("checkpoint").path("async").asLong(),
                    s.path("end_to_end_duration").asLong()
                };
                for (int i = 0; i < max.length; i++) {
                    max[i] = Math.max(max[i], parts[i]);
                }
            }
            ObjectNode parts = byTask.putObject(task.getValue());
            for (int i = 0; i < max.length; i++) {
                parts.put(PARTS.get(i), max[i]);
            }
        }
        return byTask;
    }

    /** The largest flushBeforeBarrierMs of a task's subtasks now; 0 when it has none. */
    private static long flushOf(RestClient rest, String job, String vertex)
            throws IOException, InterruptedException {
        String metrics = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics";
        List<String> ids = new ArrayList<>();
        for (JsonNode m : rest.get(metrics)) {
            String id = m.path("id").asText();
            if (id.endsWith(FLUSH_GAUGE)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        long max = 0;
        for (JsonNode m :
                rest.get(
                        metrics
                                + "?agg=max&get="
                                + URLEncoder.encode(
                                        String.join(",", ids), StandardCharsets.UTF_8))) {
            max = Math.max(max, (long) m.path("max").asDouble());
        }
        return max;
    }

    /**
     * Over several checkpoints' task parts: each task's median of each part (task name to part name
     * to ms).
     */
    static Map<String, Map<String, Long>> medians(List<JsonNode> checkpoints) {
        Map<String, Map<String, List<Long>>> all = new LinkedHashMap<>();
        for (JsonNode c : checkpoints) {
            c.fields()
                    .forEachRemaining(
                            task -> {
                                var parts =
                                        all.computeIfAbsent(
                                                task.getKey(), t -> new LinkedHashMap<>());
                                for (String part : PARTS) {
                                    parts.computeIfAbsent(part, p -> new ArrayList<>())
                                            .add(task.getValue().path(part).asLong());
                                }
                            });
        }
        Map<String, Map<String, Long>> medians = new LinkedHashMap<>();
        all.forEach(
                (task, parts) -> {
                    Map<String, Long> m = new LinkedHashMap<>();
                    parts.forEach(
                            (part, values) -> {
                                Collections.sort(values);
                                m.put(part, values.get((values.size() - 1) / 2));
                            });
                    medians.put(task, m);
                });
        return medians;
    }

    /** "OrderDecider ack 240 (start delay 30, alignment 2, flush 8, sync 180, async 20); ..." */
    static String describe(Map<String, Map<String, Long>> tasks) {
        List<String> each = new ArrayList<>();
        tasks.forEach(
                (task, p) ->
                        each.add(
                                String.format(
                                        Locale.ROOT,
                                        "%s ack %d (start delay %d, alignment %d, flush %d, sync"
                                                + " %d, async %d)",
                                        task,
                                        p.get("ack"),
                                        p.get("startDelay"),
                                        p.get("alignment"),
                                        p.get("flush"),
                                        p.get("sync"),
                                        p.get("async"))));
        return String.join("; ", each);
    }
}
