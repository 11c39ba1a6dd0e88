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
 * duration), so that a latency run can tell how long the checkpoints of its measured window took.
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

    CheckpointSampler(URI rest, JobID job) {
        this.rest = new RestClient(rest, Duration.ofSeconds(5));
        this.job = job.toHexString();
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
                    completed.put(
                            c.path("id").asLong(),
                            new long[] {
                                c.path("trigger_timestamp").asLong(),
                                c.path("end_to_end_duration").asLong()
                            });
                }
            }
        } catch (IOException | RuntimeException e) {
            // the job is gone or not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ObjectNode summary() {
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
        for (long[] c : completed.values()) {
            history.addObject().put("triggeredAt", c[0]).put("durationMs", c[1]);
        }
        return s;
    }
}
