package io.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.schemas.OrderLine;
import io.orderflow.schemas.OrderStatus;
import io.orderflow.schemas.OrderStatus.LineState;
import io.orderflow.schemas.OrderStatus.Status;
import io.orderflow.schemas.Topics;
import io.orderflow.schemas.json.EventCodec;
import io.orderflow.testkit.kafka.KafkaBrokerExtension;
import io.orderflow.testkit.kafka.KafkaTestSupport;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ./orderflow status} against a real broker: the latest status of each order asked for. */
class StatusCommandIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final EventCodec CODEC = new EventCodec();
    private static final long T = EventCodec.parseInstant("2026-11-26T10:00:00.100Z");
    private static String topic;

    @BeforeAll
    static void statusTopicWithTwoOrders() {
        topic = KafkaTestSupport.uniqueTopicPrefix() + Topics.ORDER_STATUS.name();
        TopicAdmin.createTopics(KAFKA.bootstrapServers(), Map.of(topic, 3));
        produce(
                status(
                        "o1",
                        1,
                        Status.PARTIALLY_CONFIRMED,
                        600,
                        50,
                        LineState.RESERVED,
                        LineState.REJECTED),
                status("o1", 2, Status.CANCELLED, 0, 650, LineState.RELEASED, LineState.REJECTED),
                status("o2", 1, Status.CONFIRMED, 600, 0, LineState.RESERVED, LineState.RESERVED));
    }

    @Test
    void printsTheLatestStatusOfEachOrderAsATableOfItsLines() throws Exception {
        Output result = status("o1", "o2");

        assertThat(result.code).isZero();
        assertThat(result.text)
                .contains("order o1  CANCELLED  (seq 2, at 2026-11-26T10:00:00.100Z)")
                .contains("refunded 650 EUR")
                .contains("order o2  CONFIRMED  (seq 1")
                .doesNotContain("PARTIALLY_CONFIRMED");
        assertThat(result.text.lines().filter(l -> l.contains("RELEASED")).findFirst())
                .get()
                .asString()
                .contains("A")
                .contains("2026-11-26T10:00:00.000Z");
    }

    @Test
    void jsonPrintsTheLatestRecordsAsTheyAreOnTheTopic() throws Exception {
        Output result = status("--json", "o1");

        assertThat(result.code).isZero();
        assertThat(result.text.strip())
                .isEqualTo(
                        new String(
                                CODEC.encode(
                                        status(
                                                "o1",
                                                2,
                                                Status.CANCELLED,
                                                0,
                                                650,
                                                LineState.RELEASED,
                                                LineState.REJECTED)),
                                StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownOrderIsSaidAndExitsOne() throws Exception {
        Output result = status("o2", "nobody");

        assertThat(result.code).isEqualTo(StatusCommand.UNKNOWN_ORDER);
        assertThat(result.text)
                .contains("order nobody: unknown (no status on " + topic + ")")
                .contains("order o2  CONFIRMED");
    }

    @Test
    void aMissingTopicIsOneUnreachableInputLine() {
        assertThatThrownBy(
                        () ->
                                StatusCommand.run(
                                        List.of(
                                                "--bootstrap-servers",
                                                KAFKA.bootstrapServers(),
                                                "--status-topic",
                                                "no-such-topic",
                                                "o1"),
                                        new PrintStream(new ByteArrayOutputStream()),
                                        () -> true))
                .isInstanceOf(UnreachableException.class)
                .hasMessage(
                        "--status-topic 'no-such-topic' does not exist on "
                                + KAFKA.bootstrapServers());
    }

    @Test
    void followPrintsTheNextChangeOfAnOrderAsItComes() throws Exception {
        String followed = "o3-" + System.nanoTime();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Integer> running =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return StatusCommand.run(
                                        List.of(
                                                "--bootstrap-servers",
                                                KAFKA.bootstrapServers(),
                                                "--status-topic",
                                                topic,
                                                "--follow",
                                                followed),
                                        out,
                                        stop::get);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        try {
            awaitOutput(
                    () -> bytes.toString(StandardCharsets.UTF_8).contains("unknown"),
                    Duration.ofSeconds(60),
                    "the first answer");
            produce(
                    status(
                            followed,
                            1,
                            Status.WAITING,
                            0,
                            0,
                            LineState.RESERVED,
                            LineState.WAITING));
            awaitOutput(
                    () ->
                            bytes.toString(StandardCharsets.UTF_8)
                                    .contains("order " + followed + "  WAITING"),
                    Duration.ofSeconds(60),
                    "the new status printed");
        } finally {
            stop.set(true);
        }
        assertThat(running.get(60, TimeUnit.SECONDS)).isZero();
    }

    private record Output(int code, String text) {}

    /** Polls the command's output until it holds what is expected; fails at the deadline. */
    private static void awaitOutput(
            java.util.function.BooleanSupplier seen, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!seen.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, timeout).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static Output status(String... args) throws Exception {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "--status-topic",
                                topic));
        argv.addAll(List.of(args));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code =
                StatusCommand.run(
                        argv, new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> true);
        return new Output(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static OrderStatus status(
            String orderId,
            int seq,
            Status status,
            long confirmed,
            long refunded,
            LineState a,
            LineState b) {
        return new OrderStatus(
                OrderStatus.eventIdFor(orderId, seq),
                T,
                orderId,
                "c-1",
                "EUR",
                seq,
                status,
                confirmed,
                refunded,
                List.of(
                        OrderStatus.Line.of(
                                new OrderLine("A", 3, 200),
                                a,
                                a == LineState.RESERVED || a == LineState.RELEASED
                                        ? T - 100
                                        : OrderStatus.Line.NOT_RESERVED),
                        OrderStatus.Line.of(
                                new OrderLine("B", 1, 50),
                                b,
                                b == LineState.RESERVED
                                        ? T - 100
                                        : OrderStatus.Line.NOT_RESERVED)));
    }

    private static void produce(OrderStatus... statuses) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (OrderStatus s : statuses) {
            records.add(
                    new ProducerRecord<>(
                            topic,
                            null,
                            s.occurredAt(),
                            s.orderId(),
                            new String(CODEC.encode(s), StandardCharsets.UTF_8)));
        }
        KafkaTestSupport.produce(KAFKA.bootstrapServers(), topic, records);
    }
}
