package io.orderflow.jobs.cli;

import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers} and {@code --kafka-config} of every command that talks to Kafka, as a
 * mixin ({@code @Mixin KafkaOptions kafka;}): declared once, read by {@link KafkaConnection}.
 */
public final class KafkaOptions {

    @Option(
            names = KafkaConnection.BOOTSTRAP_OPTION,
            paramLabel = "H:P[,H:P]",
            description =
                    "the Kafka brokers, e.g. 127.0.0.1:9092 (required unless the --kafka-config"
                            + " file names bootstrap.servers)")
    String bootstrapServers;

    @Option(
            names = KafkaClientConfig.OPTION,
            paramLabel = "FILE",
            description =
                    "Kafka client settings (security: SASL, TLS), a Java properties file as Kafka's"
                            + " --command-config; values may be $${env:NAME}; see docs/security.md")
    Path configFile;

    /**
     * The Kafka of these options; a missing broker address is a usage mistake naming {@code
     * --bootstrap-servers}.
     */
    public KafkaConnection connection() {
        return KafkaConnection.of(bootstrapServers, configFile);
    }
}
