package io.orderflow.testkit.kafka;

import static io.orderflow.testkit.kafka.KafkaBroker.HOST;
import static io.orderflow.testkit.kafka.KafkaBroker.SERVER_PROPERTIES;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The files a {@link KafkaBroker} runs with, in its data dir: {@code server.properties} (one
 * combined KRaft node on loopback, light on threads) and its log4j configuration.
 */
final class BrokerConfigFiles {

    static final String LOG4J2_PROPERTIES = "log4j2.properties";
    static final String LOG_DIRS = "data";
    static final String QUORUM_BOOTSTRAP = "controller.quorum.bootstrap.servers";

    /** 100 years: segments roll by size only (see {@link #serverConfig}). */
    static final long ROLL_AFTER_MS = 100L * 365 * 24 * 60 * 60 * 1000;

    private BrokerConfigFiles() {}

    /** The broker's settings: PLAINTEXT, or the secure listener's; then {@code overrides}. */
    static Map<String, String> serverConfig(
            int port,
            int controllerPort,
            Path dataDir,
            SecureListener secure,
            Map<String, String> overrides) {
        String plaintext = "PLAINTEXT://" + HOST + ":" + port;
        String controller = "CONTROLLER://" + HOST + ":" + controllerPort;
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", "1");
        c.put(QUORUM_BOOTSTRAP, HOST + ":" + controllerPort);
        c.put("listeners", plaintext + "," + controller);
        c.put("advertised.listeners", plaintext + "," + controller);
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        c.put("log.dirs", dataDir.resolve(LOG_DIRS).toString());
        c.put("num.partitions", "1");
        c.put("default.replication.factor", "1");
        c.put("min.insync.replicas", "1");
        c.put("auto.create.topics.enable", "false");
        c.put("offsets.topic.replication.factor", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        // Few internal partitions and threads: a 2-core laptop also runs Flink beside it.
        c.put("offsets.topic.num.partitions", "5");
        c.put("transaction.state.log.num.partitions", "5");
        c.put("num.network.threads", "2");
        c.put("num.io.threads", "4");
        c.put("num.recovery.threads.per.data.dir", "1");
        c.put("background.threads", "4");
        c.put("group.coordinator.threads", "1");
        c.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // Keep every record, however old its timestamp: Kafka's default deletes segments whose
        // newest record is 7 days old, and generated history (replays from a past time) would
        // vanish under a running job or test as soon as the retention check ran.
        c.put("log.retention.ms", "-1");
        // Nor roll a segment by time: Kafka rolls once a batch is dated log.roll.ms (7 days) after
        // the segment's first record. A transaction's commit marker is dated by the broker's clock,
        // so outputs of history a week old (event-time timestamps) got a segment per transaction,
        // and the cleaner compacted the order-status topic under a running job: from 2026-12-03 on,
        // a week after the generator's first events, verify missed the status records that later
        // ones of the same order had replaced. Segments roll by size only here.
        c.put("log.roll.ms", Long.toString(ROLL_AFTER_MS));
        if (secure != null) {
            c.putAll(secure.serverConfig(HOST, port, controllerPort));
        }
        c.putAll(overrides);
        return c;
    }

    /**
     * Writes both files into {@code dataDir}; {@code ownerOnly}: server.properties holds secrets.
     */
    static void write(Path dataDir, Map<String, String> serverConfig, boolean ownerOnly)
            throws IOException {
        Path server = dataDir.resolve(SERVER_PROPERTIES);
        if (ownerOnly && !Files.exists(server)) {
            // It holds the keystore password and the admin user's credentials.
            Files.createFile(
                    server,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer w = Files.newBufferedWriter(server, StandardCharsets.UTF_8)) {
            w.write("# Written by orderflow KafkaBroker; rewritten on every start.\n");
            for (Map.Entry<String, String> e : serverConfig.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        // Console output is redirected to broker.log, so JVM errors land in the same file.
        Files.writeString(
                dataDir.resolve(LOG4J2_PROPERTIES),
                String.join(
                        "\n",
                        "status = warn",
                        "appender.out.type = Console",
                        "appender.out.name = STDOUT",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                        "rootLogger.level = info",
                        "rootLogger.appenderRef.out.ref = STDOUT",
                        "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
                        "logger.config.level = warn",
                        "logger.kafkaconfig.name = kafka.server.KafkaConfig",
                        "logger.kafkaconfig.level = warn",
                        "logger.request.name = kafka.request.logger",
                        "logger.request.level = warn",
                        "logger.authorizer.name = kafka.authorizer.logger",
                        "logger.authorizer.level = warn",
                        ""),
                StandardCharsets.UTF_8);
    }

    /**
     * The controller port the storage in {@code dataDir} was formatted with; 0 when none is
     * recorded.
     */
    static int recordedControllerPort(Path dataDir) {
        Path file = dataDir.resolve(SERVER_PROPERTIES);
        if (!Files.exists(file)) {
            return 0;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            return 0;
        }
        String servers = p.getProperty(QUORUM_BOOTSTRAP, "");
        int colon = servers.lastIndexOf(':');
        try {
            return colon < 0 ? 0 : Integer.parseInt(servers.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
