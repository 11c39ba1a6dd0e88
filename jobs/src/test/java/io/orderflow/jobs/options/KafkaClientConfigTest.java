package io.orderflow.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

    private static final String JAAS_PREFIX =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\""
                    + " password=";

    @TempDir Path dir;

    @Test
    void aValueNamingAnEnvironmentVariableTakesItsValue() throws IOException {
        Path file =
                write(
                        "sasl.jaas.config="
                                + JAAS_PREFIX.replace("\"", "\\\"")
                                + "\"${env:KAFKA_PASSWORD}\";\n"
                                + "security.protocol=SASL_SSL\n");

        Map<String, String> config =
                KafkaClientConfig.load(file, Map.of("KAFKA_PASSWORD", "s3cret-pass")::get);

        assertThat(config)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", JAAS_PREFIX + "\"s3cret-pass\";");
    }

    @Test
    void anUnsetVariableIsRefusedNamingTheKeyAndTheVariableNotAValue() throws IOException {
        Path file = write("ssl.truststore.password=${env:TRUST_PASS}\n");

        assertThatThrownBy(() -> KafkaClientConfig.load(file, name -> null))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--kafka-config "
                                + file
                                + ": ssl.truststore.password needs the environment variable"
                                + " TRUST_PASS, which is not set");
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> KafkaClientConfig.load(missing))
                .isInstanceOf(UsageException.class)
                .hasMessage("--kafka-config " + missing + ": no such readable file");
    }

    @Test
    void everyKeyExactlyOnceNeedsIsRefusedFromTheFile() throws IOException {
        for (String key :
                List.of("isolation.level", "enable.idempotence", "transactional.id", "acks")) {
            Path file = write("security.protocol=SSL\n" + key + "=whatever\n");

            assertThatThrownBy(() -> KafkaClientConfig.load(file, name -> null))
                    .as(key)
                    .isInstanceOf(UsageException.class)
                    .hasMessage(
                            "--kafka-config "
                                    + file
                                    + ": "
                                    + key
                                    + " is set by orderflow for exactly-once delivery and must not"
                                    + " be given; remove it");
        }
    }

    @Test
    void secretsAreTheJaasConfigAndKeysWithPasswordSecretOrKeyButNotClassNames() {
        assertThat(
                        List.of(
                                "sasl.jaas.config",
                                "ssl.truststore.password",
                                "ssl.key.password",
                                "ssl.keystore.key",
                                "sasl.oauthbearer.client.credentials.client.secret",
                                "ssl.keystore.location"))
                .allMatch(KafkaClientConfig::isSecret);
        assertThat(
                        List.of(
                                "key.deserializer",
                                "key.serializer",
                                "value.deserializer",
                                "sasl.client.callback.handler.class",
                                "security.protocol",
                                "sasl.mechanism",
                                "ssl.truststore.location",
                                "bootstrap.servers"))
                .noneMatch(KafkaClientConfig::isSecret);
    }

    @Test
    void redactedShowsEveryKeyButNoSecretValue() {
        Map<String, String> shown =
                KafkaClientConfig.redacted(
                        Map.of(
                                "sasl.jaas.config",
                                "x password=\"p4ss\";",
                                "security.protocol",
                                "SASL_SSL",
                                "ssl.truststore.password",
                                "tp4ss"));

        assertThat(shown)
                .isEqualTo(
                        Map.of(
                                "sasl.jaas.config",
                                "[redacted]",
                                "security.protocol",
                                "SASL_SSL",
                                "ssl.truststore.password",
                                "[redacted]"));
    }

    @Test
    void aConnectionsToStringShowsNoSecret() {
        KafkaConnection kafka =
                new KafkaConnection(
                        "h:9093", Map.of("sasl.jaas.config", "x password=\"p4ss-word\";"));

        assertThat(kafka.toString()).isEqualTo("h:9093 {sasl.jaas.config=[redacted]}");
    }

    @Test
    void aSecretOnTheCommandLineIsRefusedPointingAtTheFile() {
        assertThatThrownBy(
                        () ->
                                KafkaClientConfig.refuseSecrets(
                                        "--kafka-property", Map.of("ssl.truststore.password", "x")))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--kafka-property ssl.truststore.password is a secret and a command line is"
                                + " not private: put it in --kafka-config FILE (values may be"
                                + " ${env:NAME})");
    }

    @Test
    void securityFailuresBecomeOneLineNamingWhatToCheck() {
        KafkaConnection kafka =
                new KafkaConnection(
                        "h:9093", Map.of("sasl.jaas.config", "password=\"p4ss-word\";"));

        assertThat(
                        kafka.securityProblem(
                                new RuntimeException(
                                        new SaslAuthenticationException(
                                                "invalid credentials (p4ss-word)"))))
                .isEqualTo(
                        "Kafka at h:9093 refused the credentials (invalid credentials"
                                + " ([redacted])); check sasl.jaas.config and sasl.mechanism in"
                                + " --kafka-config");
        assertThat(
                        kafka.securityProblem(
                                new SslAuthenticationException(
                                        "SSL handshake failed", new Exception("no trust"))))
                .isEqualTo(
                        "the TLS handshake with Kafka at h:9093 failed (no trust); does"
                                + " ssl.truststore.location in --kafka-config trust the broker's"
                                + " certificate?");
        assertThat(kafka.securityProblem(new IllegalStateException("other"))).isNull();
    }

    @Test
    void theJobTakesTheFileAndLetsKafkaPropertyAddToIt() throws IOException {
        Path file =
                write("bootstrap.servers=broker:9093\nsecurity.protocol=SASL_SSL\nlinger.ms=20\n");

        OrderProcessingOptions o =
                OrderProcessingOptions.parse(
                        List.of(
                                "--kafka-config",
                                file.toString(),
                                "--kafka-property",
                                "linger.ms=5"));

        assertThat(o.bootstrapServers).isEqualTo("broker:9093");
        assertThat(o.kafkaProperties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "5")
                .doesNotContainKey("bootstrap.servers");
    }

    @Test
    void theJobRefusesExactlyOnceKeysAndSecretsAsKafkaProperty() {
        assertThatThrownBy(
                        () ->
                                OrderProcessingOptions.parse(
                                        List.of(
                                                "--bootstrap-servers",
                                                "h:9092",
                                                "--kafka-property",
                                                "isolation.level=read_uncommitted")))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--kafka-property: isolation.level is set by orderflow for exactly-once"
                                + " delivery and must not be given; remove it");
        assertThatThrownBy(
                        () ->
                                OrderProcessingOptions.parse(
                                        List.of(
                                                "--bootstrap-servers",
                                                "h:9092",
                                                "--kafka-property",
                                                "sasl.jaas.config=x")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--kafka-property sasl.jaas.config is a secret");
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "client-", ".properties");
        Files.writeString(file, content);
        return file;
    }
}
