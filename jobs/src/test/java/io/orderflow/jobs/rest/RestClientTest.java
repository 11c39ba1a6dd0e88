package io.orderflow.jobs.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in for Flink's REST API: the answers it reads, the calls it makes. */
class RestClientTest {

    private static final String JOB = "0123456789abcdef0123456789abcdef";

    private HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RestClient client() {
        return new RestClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                Duration.ofSeconds(5));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        requests.add(
                key
                        + " "
                        + new String(
                                exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String body = answers.get(key);
        int status = 200;
        if (body == null) {
            status = 404;
            body = "{\"errors\":[\"Not found: " + exchange.getRequestURI() + "\"]}";
        } else if (body.startsWith("HTTP ")) {
            status = Integer.parseInt(body.substring(5, 8));
            body = body.substring(9);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void runningJobsLeaveOutTheEndedOnes() throws Exception {
        answers.put(
                "GET /jobs/overview",
                "{\"jobs\":[{\"jid\":\"a\",\"name\":\"one\",\"state\":\"RUNNING\",\"start-time\":1},"
                    + "{\"jid\":\"b\",\"name\":\"two\",\"state\":\"CANCELED\",\"start-time\":2},"
                    + "{\"jid\":\"c\",\"name\":\"three\",\"state\":\"RESTARTING\",\"start-time\":3}]}");

        assertThat(client().runningJobs()).extracting(RestClient.Job::id).containsExactly("a", "c");
    }

    @Test
    void userConfigIsTheJobsGlobalJobParameters() throws Exception {
        answers.put(
                "GET /jobs/" + JOB + "/config",
                "{\"jid\":\""
                        + JOB
                        + "\",\"execution-config\":{\"user-config\":{\"orderflow.transactional-id-prefix\":\"p\"}}}");

        assertThat(client().userConfig(JOB).path("orderflow.transactional-id-prefix").asText())
                .isEqualTo("p");
    }

    @Test
    void stopWithSavepointTriggersThenPollsUntilTheSavepointIsThere() throws Exception {
        answers.put("POST /jobs/" + JOB + "/stop", "{\"request-id\":\"r1\"}");
        AtomicInteger polls = new AtomicInteger();
        server.removeContext("/");
        server.createContext(
                "/",
                exchange -> {
                    if (exchange.getRequestURI().getPath().endsWith("/savepoints/r1")) {
                        answers.put(
                                "GET /jobs/" + JOB + "/savepoints/r1",
                                polls.incrementAndGet() < 3
                                        ? "{\"status\":{\"id\":\"IN_PROGRESS\"}}"
                                        : "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/sp/savepoint-1\"}}");
                    }
                    answer(exchange);
                });

        String location = client().stopWithSavepoint(JOB, "file:/sp", true, Duration.ofSeconds(30));

        assertThat(location).isEqualTo("file:/sp/savepoint-1");
        assertThat(polls).hasValue(3);
        assertThat(requests.get(0))
                .isEqualTo(
                        "POST /jobs/"
                                + JOB
                                + "/stop {\"targetDirectory\":\"file:/sp\",\"drain\":true}");
    }

    @Test
    void aSavepointThatFailsSaysWhyInItsFirstLine() {
        answers.put("POST /jobs/" + JOB + "/stop", "{\"request-id\":\"r1\"}");
        answers.put(
                "GET /jobs/" + JOB + "/savepoints/r1",
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":{\"stack-trace\":\"java.lang.Exception:"
                    + " disk full\\n"
                    + "\\tat x\"}}}");

        assertThatThrownBy(
                        () ->
                                client().stopWithSavepoint(
                                                JOB, "file:/sp", false, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("savepoint failed: java.lang.Exception: disk full");
    }

    @Test
    void aRefusedStopNamesTheStatusAndKeepsTheWholeBody() {
        answers.put(
                "POST /jobs/" + JOB + "/stop",
                "HTTP 404 {\"errors\":[\"Job " + JOB + " not found\"]}");

        assertThatThrownBy(
                        () ->
                                client().stopWithSavepoint(
                                                JOB, "file:/sp", false, Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(
                        RestClient.HttpStatusException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(404);
                            assertThat(e.body())
                                    .isEqualTo("{\"errors\":[\"Job " + JOB + " not found\"]}");
                        });
    }

    @Test
    void aFailedGetNamesTheUrlAndTheStatus() {
        assertThatThrownBy(() -> client().get("/jobs/" + JOB))
                .isInstanceOf(RestClient.HttpStatusException.class)
                .hasMessageStartingWith(
                        "GET http://127.0.0.1:"
                                + server.getAddress().getPort()
                                + "/jobs/"
                                + JOB
                                + ": HTTP 404 ");
    }
}
