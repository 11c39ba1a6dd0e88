package io.orderflow.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.kafka.KafkaBroker;
import io.orderflow.testkit.kafka.TopicAdmin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaCommandIT {

    @TempDir Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stopWhateverWasStarted() {
        kafka("stop");
    }

    @Test
    void startStatusTopicsStopAndStartAgain() throws Exception {
        int port = LoopbackPorts.free();
        String bootstrap = "127.0.0.1:" + port;

        long t0 = System.nanoTime();
        assertThat(kafka("start", "--port", String.valueOf(port))).as(err()).isZero();
        System.out.printf(
                "orderflow kafka start (format + start) took %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        long pid = Long.parseLong(Files.readString(dataDir.resolve(KafkaCommand.PID_FILE)).trim());
        assertThat(out())
                .contains(
                        "Kafka broker running at "
                                + bootstrap
                                + " (pid "
                                + pid
                                + ", log "
                                + dataDir.resolve(KafkaBroker.LOG_FILE)
                                + ")");
        assertThat(Files.readString(dataDir.resolve(KafkaCommand.BOOTSTRAP_FILE)).trim())
                .isEqualTo(bootstrap);
        assertThat(dataDir.resolve(KafkaBroker.LOG_FILE)).isNotEmptyFile();

        assertThat(kafka("status")).isZero();
        assertThat(out()).contains("Kafka broker running at " + bootstrap + " (pid " + pid);
        assertThat(kafka("start", "--port", String.valueOf(port))).isZero();
        assertThat(out()).contains("already running at " + bootstrap);

        assertThat(
                        topics(
                                "create",
                                "--bootstrap-servers",
                                bootstrap,
                                "--partitions",
                                "2",
                                "--topic",
                                Topics.RAPIDS.name()))
                .as(err())
                .isZero();
        List<String> expected = new ArrayList<>();
        for (Topics.Topic topic : Topics.ORDER_PROCESSING) {
            expected.add(topic.name() + ": 2 partitions");
        }
        expected.add(Topics.RAPIDS.name() + ": 2 partitions");
        assertThat(out().lines()).containsExactlyElementsOf(expected);
        try (org.apache.kafka.clients.admin.Admin admin =
                TopicAdmin.admin(io.orderflow.jobs.options.KafkaConnection.plain(bootstrap))) {
            var resource =
                    new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                            Topics.ORDER_STATUS.name());
            String policy =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get()
                            .get(resource)
                            .get("cleanup.policy")
                            .value();
            assertThat(policy).as("the status topic is created compacted").isEqualTo("compact");
        }

        assertThat(kafka("stop")).isZero();
        assertThat(out()).contains("Kafka broker stopped (pid " + pid + ")");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isIn(Optional.empty(), Optional.of(false));
        assertThat(dataDir.resolve(KafkaCommand.PID_FILE)).doesNotExist();
        assertThat(kafka("status")).isEqualTo(KafkaCommand.NOT_RUNNING);
        assertThat(out()).contains("not running");

        // Second start: storage already formatted, topics still there.
        assertThat(kafka("start", "--port", String.valueOf(port))).as(err()).isZero();
        assertThat(
                        TopicAdmin.waitForTopics(
                                bootstrap, List.of(Topics.RAPIDS.name()), TopicAdmin.API_TIMEOUT))
                .isEqualTo(Map.of(Topics.RAPIDS.name(), 2));
        assertThat(topics("create", "--bootstrap-servers", bootstrap, "--partitions", "3"))
                .isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(err()).contains("already exists").contains("2 partition(s), not 3");
    }

    @Test
    void busyPortIsNamedWithAHintAndIsAFailedStartNotAFailedCheck() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(KafkaBroker.HOST))) {
            int port = taken.getLocalPort();
            assertThat(kafka("start", "--port", String.valueOf(port))).isEqualTo(ExitCodes.FAILED);
            assertThat(err())
                    .isEqualTo(
                            "orderflow kafka: port "
                                    + port
                                    + " on 127.0.0.1 is already in use"
                                    + " (another Kafka?); choose a free one with --port"
                                    + System.lineSeparator());
        }
        assertThat(dataDir.resolve(KafkaCommand.PID_FILE)).doesNotExist();
    }

    @Test
    void usageMistakesExitWithTwoAndOneLine() {
        assertThat(kafka("start", "--bogus", "1")).isEqualTo(2);
        assertThat(err())
                .isEqualTo(
                        "orderflow kafka: unknown option --bogus (see --help)"
                                + System.lineSeparator());
        assertThat(kafka("start", "--port", "99999")).isEqualTo(2);
        assertThat(err())
                .startsWith("orderflow kafka: --port must be a whole number from 1 to 65535");
        assertThat(kafka("reboot")).isEqualTo(2);
        assertThat(err()).startsWith("orderflow kafka: unknown action 'reboot'");
        assertThat(kafka()).isEqualTo(2);
        assertThat(topics("create")).isEqualTo(2);
        assertThat(err())
                .isEqualTo(
                        "orderflow topics: --bootstrap-servers is required (or bootstrap.servers in"
                                + " --kafka-config)"
                                + System.lineSeparator());
        assertThat(topics("delete", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(2);

        assertThat(kafka("--help")).isZero();
        assertThat(out())
                .startsWith("Usage: orderflow kafka ")
                .contains("start|stop|status", "--port", "--data-dir", "--secure");
        assertThat(topics("--help")).isZero();
        assertThat(out())
                .startsWith("Usage: orderflow topics ")
                .contains("create", "--bootstrap-servers", "--partitions");
    }

    @Test
    void statusAndStopWithoutABroker() throws IOException {
        assertThat(kafka("status")).isEqualTo(KafkaCommand.NOT_RUNNING);
        assertThat(out()).contains("not running");
        // A pid file naming a process that is not this dir's broker (this JVM) is stale.
        Files.writeString(
                dataDir.resolve(KafkaCommand.PID_FILE),
                String.valueOf(ProcessHandle.current().pid()));
        assertThat(kafka("stop")).isZero();
        assertThat(out()).contains("not running");
        assertThat(dataDir.resolve(KafkaCommand.PID_FILE)).doesNotExist();
    }

    private int kafka(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        if (args.length > 0 && !args[0].startsWith("--")) {
            argv.addAll(List.of("--data-dir", dataDir.toString()));
        }
        return run(true, argv);
    }

    private int topics(String... args) {
        return run(false, List.of(args));
    }

    private int run(boolean kafka, List<String> argv) {
        out.reset();
        err.reset();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return kafka ? KafkaCommand.run(argv, o, e) : TopicsCommand.run(argv, o, e);
        }
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
