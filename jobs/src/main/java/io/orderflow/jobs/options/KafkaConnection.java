package io.orderflow.jobs.options;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Where a command's Kafka is and how to reach it: {@code --bootstrap-servers} and the client
 * settings of {@code --kafka-config} (security, timeouts; see {@link KafkaClientConfig}). Its
 * {@code toString()} never shows a secret.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties)
        implements Serializable {

    public static final String BOOTSTRAP_OPTION = "--bootstrap-servers";

    public KafkaConnection {
        properties = Map.copyOf(properties);
    }

    /** A broker reached without any client settings (the local development broker). */
    public static KafkaConnection plain(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /**
     * {@code bootstrap} (or, when null, the file's {@code bootstrap.servers}) with the client
     * settings of {@code configFile} (none when null).
     */
    public static KafkaConnection of(String bootstrap, Path configFile) {
        Map<String, String> properties =
                new TreeMap<>(configFile == null ? Map.of() : KafkaClientConfig.load(configFile));
        String fromFile = properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        String servers = bootstrap != null ? bootstrap : fromFile;
        if (servers == null) {
            throw new UsageException(
                    BOOTSTRAP_OPTION
                            + " is required (or bootstrap.servers in "
                            + KafkaClientConfig.OPTION
                            + ")");
        }
        return new KafkaConnection(servers.trim(), properties);
    }

    /**
     * The settings for a new client: the file's settings, then {@code bootstrap.servers} and a
     * client id.
     */
    public Properties clientProperties(String clientId) {
        Properties p = new Properties();
        p.putAll(properties);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /**
     * One line on why a client could not talk to this Kafka when the cause is security
     * (credentials, TLS trust, ACLs), with any secret scrubbed; null for other causes.
     */
    public String securityProblem(Throwable failure) {
        return securityProblem(bootstrapServers, properties, failure);
    }

    /** As {@link #securityProblem(Throwable)}, for callers that hold the parts. */
    public static String securityProblem(
            String bootstrap, Map<String, String> properties, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return "Kafka at "
                        + bootstrap
                        + " refused the credentials ("
                        + KafkaClientConfig.scrub(t.getMessage(), properties)
                        + "); check sasl.jaas.config and sasl.mechanism in "
                        + KafkaClientConfig.OPTION;
            }
            if (t instanceof SslAuthenticationException) {
                return "the TLS handshake with Kafka at "
                        + bootstrap
                        + " failed ("
                        + KafkaClientConfig.scrub(rootMessage(t), properties)
                        + "); does ssl.truststore.location in "
                        + KafkaClientConfig.OPTION
                        + " trust the broker's certificate?";
            }
            if (t instanceof AuthorizationException) {
                return "Kafka at "
                        + bootstrap
                        + " did not allow it: "
                        + KafkaClientConfig.scrub(t.getMessage(), properties);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public String toString() {
        return properties.isEmpty()
                ? bootstrapServers
                : bootstrapServers + " " + KafkaClientConfig.redacted(properties);
    }
}
