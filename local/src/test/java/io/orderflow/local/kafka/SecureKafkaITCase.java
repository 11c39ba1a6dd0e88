package io.orderflow.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.local.RunCommand;
import io.orderflow.local.generate.GenerateCommand;
import io.orderflow.local.verify.VerifyCommand;
import io.orderflow.testkit.LoopbackPorts;
import io.orderflow.testkit.Repository;
import io.orderflow.testkit.cluster.FlinkCli;
import io.orderflow.testkit.cluster.FlinkCluster;
import io.orderflow.testkit.kafka.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow against a broker whose only client listener is SASL_SSL (SCRAM-SHA-512 over TLS,
 * as {@code ./orderflow kafka start --secure} starts it): topics, generate, the job in a
 * mini-cluster and submitted to a standalone cluster, verify, each given only {@code
 * --kafka-config}. A wrong password and an untrusted certificate each stop the job at start-up with
 * one line; and the password appears in no log, no job configuration and no command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureKafkaITCase {

    private static final int ORDERS = 1_500;
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(4);

    @TempDir static Path tmp;

    private KafkaBroker broker;
    private Path clientConfig;
    private String password;

    @BeforeAll
    void startSecureBrokerWithInput() throws Exception {
        broker = KafkaBroker.builder().dataDir(tmp.resolve("kafka")).secure().build().start();
        clientConfig = broker.clientConfigFile();
        password = userPassword(clientConfig);
        assertThat(
                        TopicsCommand.run(
                                List.of(
                                        "create",
                                        "--kafka-config",
                                        clientConfig.toString(),
                                        "--partitions",
                                        "2"),
                                quiet(),
                                System.err))
                .as("topics create over SASL_SSL")
                .isZero();
        assertThat(
                        GenerateCommand.run(
                                List.of(
                                        "--kafka-config",
                                        clientConfig.toString(),
                                        "--orders",
                                        String.valueOf(ORDERS))))
                .as("generate over SASL_SSL")
                .isZero();
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theBrokerHasNoPlaintextListener() throws IOException {
        String server = Files.readString(broker.dataDir().resolve(KafkaBroker.SERVER_PROPERTIES));
        assertThat(server)
                .contains("listeners=SASL_SSL://127.0.0.1:" + broker.port() + ",CONTROLLER://")
                .doesNotContain("PLAINTEXT://");
        assertThat(KafkaBroker.answers(broker.bootstrapServers(), Duration.ofSeconds(3)))
                .as("a client without the settings gets no answer")
                .isFalse();
    }

    @Test
    @Timeout(300)
    void aBoundedRunInAMiniClusterDecidesEveryOrderAndVerifyPassesWithOnlyTheConfigFile()
            throws Exception {
        assertThat(
                        RunCommand.run(
                                List.of(
                                        "order-processing",
                                        "--kafka-config",
                                        clientConfig.toString(),
                                        "--starting-offsets",
                                        "earliest",
                                        "--stop-at",
                                        "latest",
                                        "--output-prefix",
                                        "mini-",
                                        "--checkpoint-dir",
                                        tmp.resolve("checkpoints").toUri().toString(),
                                        "--web-ui-port",
                                        "0")))
                .isZero();

        Captured verify = verify("mini-");
        assertThat(verify.exitCode()).as("verify: %s", verify.out()).isZero();
        assertThat(verify.out()).contains("OK");
    }

    @Test
    @Timeout(400)
    void aJobSubmittedToTheClusterEndsVerifiedAndThePasswordIsInNoLogConfigOrCommandLine()
            throws Exception {
        FlinkCluster cluster = FlinkCluster.ownedBy(tmp.resolve("cluster"));
        cluster.writeConfiguration(
                Repository.root().resolve("flink-conf"),
                Map.of(
                        "rest.port", String.valueOf(LoopbackPorts.free()),
                        "jobmanager.rpc.port", String.valueOf(LoopbackPorts.free()),
                        "execution.checkpointing.dir",
                                tmp.resolve("cluster-checkpoints").toUri().toString()));
        try {
            cluster.startJobManager();
            cluster.startTaskManagers(1);
            FlinkCli.Result submitted =
                    FlinkCli.submit(
                            FlinkCli.Target.of(cluster),
                            List.of(),
                            FlinkCli.defaultJar(),
                            List.of(
                                    "order-processing",
                                    "--kafka-config",
                                    clientConfig.toString(),
                                    "--starting-offsets",
                                    "earliest",
                                    "--stop-at",
                                    "latest",
                                    "--output-prefix",
                                    "cluster-",
                                    "--checkpoint-interval",
                                    "1s"),
                            Duration.ofMinutes(2),
                            quiet(),
                            quiet());
            assertThat(submitted.exitCode()).as("flink run: %s", submitted.output()).isZero();
            String job = submitted.jobId().orElseThrow();
            RestClient rest = cluster.rest();
            assertThat(awaitTerminal(rest, job)).isEqualTo("FINISHED");

            String jobConfig = rest.get("/jobs/" + job + "/config").toString();
            assertThat(jobConfig).as("the web UI's job configuration").doesNotContain(password);
            try (Stream<Path> logs = Files.walk(cluster.logDir())) {
                for (Path log : logs.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(log, StandardCharsets.ISO_8859_1))
                            .as("%s", log)
                            .doesNotContain(password);
                }
            }
        } finally {
            cluster.stop();
        }
        Captured verify = verify("cluster-");
        assertThat(verify.exitCode()).as("verify: %s", verify.out()).isZero();
    }

    @Test
    @Timeout(120)
    void aWrongPasswordStopsTheJobAtStartWithOneLine() throws IOException {
        Path wrong =
                withChanged("sasl.jaas.config", jaas -> jaas.replace(password, "not-the-password"));

        assertThatThrownBy(
                        () ->
                                RunCommand.run(
                                        List.of(
                                                "order-processing",
                                                "--kafka-config",
                                                wrong.toString(),
                                                "--starting-offsets",
                                                "earliest",
                                                "--stop-at",
                                                "latest",
                                                "--output-prefix",
                                                "wrong-")))
                .isInstanceOf(UnreachableException.class)
                .hasMessage(
                        "Kafka at "
                                + broker.bootstrapServers()
                                + " refused the credentials (Authentication failed during"
                                + " authentication due to invalid credentials with SASL mechanism"
                                + " SCRAM-SHA-512); check sasl.jaas.config and sasl.mechanism in"
                                + " --kafka-config");
    }

    @Test
    @Timeout(120)
    void anUntrustedCertificateStopsTheJobAtStartWithOneLine() throws Exception {
        Path strangers = tmp.resolve("strangers.p12");
        Process keytool =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "stranger",
                                "-keyalg",
                                "RSA",
                                "-dname",
                                "CN=stranger",
                                "-keystore",
                                strangers.toString(),
                                "-storetype",
                                "PKCS12",
                                "-storepass",
                                "changeit",
                                "-keypass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        Path untrusting = withChanged("ssl.truststore.location", x -> strangers.toString());
        Properties p = load(untrusting);
        p.setProperty("ssl.truststore.password", "changeit");
        store(untrusting, p);

        assertThatThrownBy(
                        () ->
                                RunCommand.run(
                                        List.of(
                                                "order-processing",
                                                "--kafka-config",
                                                untrusting.toString(),
                                                "--starting-offsets",
                                                "earliest",
                                                "--stop-at",
                                                "latest",
                                                "--output-prefix",
                                                "untrusted-")))
                .isInstanceOf(UnreachableException.class)
                .hasMessageStartingWith(
                        "the TLS handshake with Kafka at "
                                + broker.bootstrapServers()
                                + " failed (")
                .hasMessageEndingWith(
                        "); does ssl.truststore.location in --kafka-config trust the broker's"
                                + " certificate?")
                .hasMessageNotContaining("\n");
    }

    // ---- helpers ----

    private Captured verify(String outputPrefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                VerifyCommand.run(
                        List.of(
                                "--kafka-config",
                                clientConfig.toString(),
                                "--output-prefix",
                                outputPrefix),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        quiet());
        return new Captured(code, out.toString(StandardCharsets.UTF_8));
    }

    private record Captured(int exitCode, String out) {}

    private static String awaitTerminal(RestClient rest, String job) throws Exception {
        long deadline = System.nanoTime() + JOB_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            String state = rest.job(job).state();
            if (RestClient.isTerminal(state)) {
                return state;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        throw new AssertionError(
                "job " + job + " did not end within " + JOB_DEADLINE.toSeconds() + " s");
    }

    private Path withChanged(String key, java.util.function.UnaryOperator<String> change)
            throws IOException {
        Properties p = load(clientConfig);
        p.setProperty(key, change.apply(p.getProperty(key)));
        Path file = Files.createTempFile(tmp, "client-", ".properties");
        store(file, p);
        return file;
    }

    private static String userPassword(Path clientConfig) throws IOException {
        String jaas = load(clientConfig).getProperty("sasl.jaas.config");
        int at = jaas.indexOf("password=\"") + "password=\"".length();
        return jaas.substring(at, jaas.indexOf('"', at));
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    private static void store(Path file, Properties p) throws IOException {
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
