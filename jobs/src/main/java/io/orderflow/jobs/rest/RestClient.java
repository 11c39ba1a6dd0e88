package io.orderflow.jobs.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one client of Flink's REST API for every caller: the cluster commands, {@code ./orderflow
 * stop}, the job's start-up guard, the bench and the tests. The few calls they need: cluster
 * overview, TaskManagers, jobs, a job's vertices, configuration, checkpoints and failures, and stop
 * with a savepoint. Jobs of a standalone cluster are submitted, cancelled and stopped through
 * Flink's own CLI.
 */
public final class RestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SAVEPOINT_POLL = Duration.ofMillis(250);

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;

    public RestClient(URI base) {
        this(base, Duration.ofSeconds(10));
    }

    public RestClient(URI base, Duration requestTimeout) {
        this(base, CONNECT_TIMEOUT, requestTimeout);
    }

    public RestClient(URI base, Duration connectTimeout, Duration requestTimeout) {
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    /** An answer of the REST API that was not a success: its status and body. */
    public static final class HttpStatusException extends IOException {
        private final int status;
        private final String body;

        HttpStatusException(String what, int status, String body) {
            super(what + ": HTTP " + status + " " + abbreviate(body));
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    public URI base() {
        return base;
    }

    /** The cluster at a glance: TaskManagers, slots, jobs by state, Flink version. */
    public record Overview(
            int taskManagers,
            int slotsTotal,
            int slotsAvailable,
            int jobsRunning,
            String flinkVersion) {}

    public record TaskManager(String id, int slots, int freeSlots, int dataPort) {}

    public record Job(String id, String name, String state, long startTime) {}

    /** A job's state, and whether every one of its vertices runs (not just the job as a whole). */
    public record JobDetails(String id, String name, String state, List<String> vertexStates) {
        public boolean allRunning() {
            return state.equals("RUNNING")
                    && !vertexStates.isEmpty()
                    && vertexStates.stream().allMatch("RUNNING"::equals);
        }
    }

    /** The latest completed checkpoint or savepoint of a job. */
    public record Checkpoint(long id, String externalPath, long completedCount, long failedCount) {}

    /**
     * The checkpoint or savepoint a job was last restored from (after a failover, a JobManager's
     * recovery or a resume).
     */
    public record Restored(
            long id, boolean isSavepoint, String externalPath, long restoreTimestamp) {}

    /** True when the REST API answers {@code /overview}. */
    public boolean answers() {
        try {
            get("/overview");
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Overview overview() throws IOException, InterruptedException {
        JsonNode n = get("/overview");
        return new Overview(
                n.path("taskmanagers").asInt(),
                n.path("slots-total").asInt(),
                n.path("slots-available").asInt(),
                n.path("jobs-running").asInt(),
                n.path("flink-version").asText("?"));
    }

    public List<TaskManager> taskManagers() throws IOException, InterruptedException {
        List<TaskManager> out = new ArrayList<>();
        for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
            out.add(
                    new TaskManager(
                            tm.path("id").asText(),
                            tm.path("slotsNumber").asInt(),
                            tm.path("freeSlots").asInt(),
                            tm.path("dataPort").asInt()));
        }
        return out;
    }

    public List<Job> jobs() throws IOException, InterruptedException {
        List<Job> out = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            out.add(
                    new Job(
                            j.path("jid").asText(),
                            j.path("name").asText(),
                            j.path("state").asText(),
                            j.path("start-time").asLong()));
        }
        return out;
    }

    public List<Job> runningJobs() throws IOException, InterruptedException {
        return jobs().stream().filter(j -> !isTerminal(j.state())).toList();
    }

    public JobDetails job(String jobId) throws IOException, InterruptedException {
        JsonNode n = get("/jobs/" + jobId);
        List<String> vertices = new ArrayList<>();
        n.path("vertices").forEach(v -> vertices.add(v.path("status").asText()));
        return new JobDetails(jobId, n.path("name").asText(), n.path("state").asText(), vertices);
    }

    /** The ids of the TaskManagers that run any task of the job. */
    public Set<String> taskManagersOf(String jobId) throws IOException, InterruptedException {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            for (JsonNode tm :
                    get("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers")
                            .path("taskmanagers")) {
                ids.add(tm.path("taskmanager-id").asText());
            }
        }
        return ids;
    }

    /**
     * How many times the job failed and was restarted (or is restarting): the root failures in its
     * exception history ({@code web.exception-history-size}, 16 by default, bounds the count).
     */
    public int failures(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions?maxExceptions=1000")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    public Optional<Checkpoint> latestCheckpoint(String jobId)
            throws IOException, InterruptedException {
        JsonNode n = get("/jobs/" + jobId + "/checkpoints");
        JsonNode latest = n.path("latest");
        JsonNode best = null;
        for (String kind : List.of("completed", "savepoint")) {
            JsonNode c = latest.path(kind);
            if (c.isObject()
                    && (best == null || c.path("id").asLong() > best.path("id").asLong())) {
                best = c;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Checkpoint(
                        best.path("id").asLong(),
                        best.path("external_path").asText(null),
                        n.path("counts").path("completed").asLong(),
                        n.path("counts").path("failed").asLong()));
    }

    /** {@code latest.restored} of the job's checkpoint statistics; empty when it never restored. */
    public Optional<Restored> restoredCheckpoint(String jobId)
            throws IOException, InterruptedException {
        JsonNode r = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
        if (!r.isObject()) {
            return Optional.empty();
        }
        return Optional.of(
                new Restored(
                        r.path("id").asLong(),
                        r.path("is_savepoint").asBoolean(),
                        r.path("external_path").asText(null),
                        r.path("restore_timestamp").asLong()));
    }

    /**
     * The sum over all subtasks of every operator metric named {@code name} (e.g. a counter
     * registered by the job's functions). Counters start again at zero when a task restarts.
     */
    public long sumOfOperatorMetric(String jobId, String name)
            throws IOException, InterruptedException {
        long sum = 0;
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            String vertex =
                    "/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(vertex)) {
                String id = m.path("id").asText();
                if (id.equals(name) || id.endsWith("." + name)) {
                    ids.add(id);
                }
            }
            if (!ids.isEmpty()) {
                for (JsonNode m : get(vertex + "?agg=sum&get=" + String.join(",", ids))) {
                    sum += Math.round(m.path("sum").asDouble());
                }
            }
        }
        return sum;
    }

    /**
     * The job's global job parameters ({@code execution-config.user-config} of {@code
     * /jobs/:id/config}).
     */
    public JsonNode userConfig(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/config").path("execution-config").path("user-config");
    }

    /** The job's checkpoint statistics ({@code /jobs/:id/checkpoints}) as Flink gives them. */
    public JsonNode checkpointStatistics(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /**
     * Stops the job with a savepoint into {@code targetDirectory} ({@code POST /jobs/:id/stop}, the
     * call of {@code flink stop --savepointPath}), drained when asked, and polls the savepoint's
     * status until it completes; returns its path.
     *
     * @throws HttpStatusException when the stop is refused (no such job, say)
     * @throws IllegalStateException when the savepoint fails or does not complete within {@code
     *     timeout}
     */
    public String stopWithSavepoint(
            String jobId, String targetDirectory, boolean drain, Duration timeout)
            throws IOException, InterruptedException {
        String body =
                JSON.createObjectNode()
                        .put("targetDirectory", targetDirectory)
                        .put("drain", drain)
                        .toString();
        HttpResponse<String> triggered =
                http.send(
                        HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/stop"))
                                .timeout(requestTimeout)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (triggered.statusCode() / 100 != 2) {
            throw new HttpStatusException(
                    "POST " + base.resolve("/jobs/" + jobId + "/stop"),
                    triggered.statusCode(),
                    triggered.body());
        }
        String request = JSON.readTree(triggered.body()).get("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            // Read whatever the status says: an error answer without a status is polled again until
            // the deadline.
            HttpResponse<String> status =
                    http.send(
                            HttpRequest.newBuilder(
                                            base.resolve(
                                                    "/jobs/" + jobId + "/savepoints/" + request))
                                    .timeout(requestTimeout)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode s = JSON.readTree(status.body());
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException(
                            "savepoint failed: "
                                    + op.path("failure-cause")
                                            .path("stack-trace")
                                            .asText()
                                            .lines()
                                            .findFirst()
                                            .orElse("?"));
                }
                return op.path("location").asText();
            }
            TimeUnit.MILLISECONDS.sleep(
                    SAVEPOINT_POLL.toMillis()); // polling the REST API, bounded by the deadline
        }
        throw new IllegalStateException(
                "the savepoint of job "
                        + jobId
                        + " did not complete within "
                        + timeout.toMinutes()
                        + " min");
    }

    public static boolean isTerminal(String state) {
        return switch (state) {
            case "FINISHED", "CANCELED", "FAILED", "SUSPENDED" -> true;
            default -> false;
        };
    }

    /** GET {@code path} as JSON; an IOException names the URL and status when it is not 200. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        URI uri = base.resolve(path);
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .timeout(requestTimeout)
                        .header("Accept", "application/json")
                        .GET()
                        .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ConnectException(
                    "Flink REST API at " + base + " does not answer (connection refused)");
        } catch (HttpTimeoutException e) {
            throw new HttpTimeoutException(
                    "Flink REST API at "
                            + base
                            + " did not answer "
                            + path
                            + " within "
                            + requestTimeout.toSeconds()
                            + " s");
        }
        if (response.statusCode() != 200) {
            throw new HttpStatusException("GET " + uri, response.statusCode(), response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
