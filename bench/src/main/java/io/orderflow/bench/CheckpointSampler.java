package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.jobs.rest.RestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;

/**
 * Polls the job's checkpoint statistics from the REST API while it runs; a finished job's are gone.
 * Every completed checkpoint seen in the API's recent history is kept (trigger time and end-to-end
 * duration), so that a latency run can tell how long the checkpoints of its measured window took;
 * with {@code taskParts}, also where each spent its time, task by task ({@link CheckpointTasks}).
 */
final class CheckpointSampler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient rest;
    private final String job;
    private final Thread thread;
    private volatile JsonNode last;
    private final AtomicLong maxStateSize = new AtomicLong();
    private final AtomicLong maxCheckpointedSize = new AtomicLong();

    /** Completed checkpoints by id: {trigger time (epoch ms), end-to-end duration (ms)}. */
    private final Map<Long, long[]> completed = new ConcurrentSkipListMap<>();

    private final boolean taskParts;
    private Map<String, String> tasks;

    /** Completed checkpoints by id: their parts by task ({@link CheckpointTasks#of}). */
    private final Map<Long, ObjectNode> partsByTask = new ConcurrentSkipListMap<>();

    CheckpointSampler(URI rest, JobID job) {
        this(rest, job, false);
    }

    /**
     * {@code taskParts}: also fetch each completed checkpoint's per-subtask statistics (a few
     * requests a checkpoint), for a latency run.
     */
    CheckpointSampler(URI rest, JobID job, boolean taskParts) {
        this.rest = new RestClient(rest, Duration.ofSeconds(5));
        this.job = job.toHexString();
        this.taskParts = taskParts;
        this.thread = new Thread(this::loop, "checkpoint-sampler");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        thread.interrupt();
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            sampleNow();
            try {
                TimeUnit.MILLISECONDS.sleep(1000); // sampling pace
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized void sampleNow() {
        try {
            JsonNode n = rest.checkpointStatistics(job);
            if (n.path("counts").path("completed").asLong() > 0) {
                last = n;
                maxStateSize.accumulateAndGet(
                        n.path("latest").path("completed").path("state_size").asLong(), Math::max);
                maxCheckpointedSize.accumulateAndGet(
                        n.path("latest").path("completed").path("checkpointed_size").asLong(),
                        Math::max);
            }
            for (JsonNode c : n.path("history")) {
                if ("COMPLETED".equals(c.path("status").asText())) {
                    long id = c.path("id").asLong();
                    completed.put(
                            id,
                            new long[] {
                                c.path("trigger_timestamp").asLong(),
                                c.path("end_to_end_duration").asLong()
                            });
                    if (taskParts && !partsByTask.containsKey(id)) {
                        sampleTaskParts(id);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the job is gone or not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleTaskParts(long id) throws InterruptedException {
        try {
            if (tasks == null) {
                tasks = CheckpointTasks.tasksOf(rest, job);
            }
            partsByTask.put(id, CheckpointTasks.of(rest, job, id, tasks));
        } catch (IOException | RuntimeException e) {
            // gone from Flink's history already: this checkpoint has no parts
        }
    }

    ObjectNode summary() {
        return summary(Map.of());
    }

    /**
     * The statistics; each checkpoint of the history with {@code completedAt}, the moment the job
     * manager completed it, when {@code completedAt} knows it ({@link CheckpointCompletions}).
     */
    ObjectNode summary(Map<Long, Long> completedAt) {
        ObjectNode s = JSON.createObjectNode();
        s.put("maxStateSizeBytes", maxStateSize.get());
        s.put("maxCheckpointedSizeBytes", maxCheckpointedSize.get());
        JsonNode n = last;
        if (n != null) {
            s.put("completed", n.path("counts").path("completed").asLong());
            s.put("failed", n.path("counts").path("failed").asLong());
            s.put(
                    "lastStateSizeBytes",
                    n.path("latest").path("completed").path("state_size").asLong());
            s.put(
                    "lastCheckpointedSizeBytes",
                    n.path("latest").path("completed").path("checkpointed_size").asLong());
            s.put(
                    "avgDurationMs",
                    n.path("summary").path("end_to_end_duration").path("avg").asLong());
            s.put(
                    "maxDurationMs",
                    n.path("summary").path("end_to_end_duration").path("max").asLong());
        }
        var history = s.putArray("history");
        for (Map.Entry<Long, long[]> c : completed.entrySet()) {
            ObjectNode h =
                    history.addObject()
                            .put("id", c.getKey())
                            .put("triggeredAt", c.getValue()[0])
                            .put("durationMs", c.getValue()[1]);
            Long completion = completedAt.get(c.getKey());
            if (completion != null) {
                h.put("completedAt", completion);
            }
            ObjectNode parts = partsByTask.get(c.getKey());
            if (parts != null) {
                h.set("tasks", parts);
            }
        }
        return s;
    }
}
