package io.orderflow.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The local broker's SASL_SSL listener ({@code ./orderflow kafka start --secure}): TLS with a
 * certificate made by the JDK's {@code keytool} in the broker's folder, SCRAM-SHA-512 users created
 * when the storage is formatted, and a ready client config file ({@value #CLIENT_CONFIG}) for
 * {@code --kafka-config}. Passwords are random, made once per data dir and kept there (owner-only
 * files), so a restarted broker keeps its users and certificate.
 */
public final class SecureListener {

    static final String LISTENER = "SASL_SSL";
    static final String MECHANISM = "SCRAM-SHA-512";
    public static final String CLIENT_CONFIG = "client-secure.properties";
    public static final String CLIENT_USER = "orderflow";
    private static final String ADMIN_USER = "admin";
    private static final String TLS_DIR = "tls";
    private static final String SECRETS = "secrets.properties";
    private static final String KEYSTORE = "broker-keystore.p12";
    private static final String TRUSTSTORE = "truststore.p12";

    private final Path dataDir;
    private final Properties secrets;

    private SecureListener(Path dataDir, Properties secrets) {
        this.dataDir = dataDir;
        this.secrets = secrets;
    }

    /**
     * The listener of the broker in {@code dataDir}: its passwords and certificate, made on first
     * use.
     */
    static SecureListener in(Path dataDir) {
        Path tls = dataDir.resolve(TLS_DIR);
        Path secretsFile = tls.resolve(SECRETS);
        try {
            Files.createDirectories(tls);
            Properties secrets = new Properties();
            if (Files.isRegularFile(secretsFile)) {
                try (var in = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
                    secrets.load(in);
                }
            } else {
                for (String name : List.of("keystore", "truststore", ADMIN_USER, CLIENT_USER)) {
                    secrets.setProperty(name, randomPassword());
                }
                writeOwnerOnly(
                        secretsFile,
                        secrets,
                        "passwords of the local broker's TLS stores and SCRAM users");
            }
            SecureListener listener = new SecureListener(dataDir, secrets);
            if (!Files.isRegularFile(listener.truststore())) {
                listener.makeCertificate();
            }
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the secure listener in " + tls + ": " + e.getMessage(), e);
        }
    }

    /** Whether the broker in {@code dataDir} was set up with a secure listener. */
    public static boolean isSetUp(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(TLS_DIR).resolve(SECRETS));
    }

    /**
     * The broker settings for a SASL_SSL listener on {@code host:port}; the controller stays
     * PLAINTEXT on loopback.
     */
    Map<String, String> serverConfig(String host, int port, int controllerPort) {
        String listener = LISTENER + "://" + host + ":" + port;
        String controller = "CONTROLLER://" + host + ":" + controllerPort;
        Map<String, String> c = new LinkedHashMap<>();
        c.put("listeners", listener + "," + controller);
        c.put("advertised.listeners", listener + "," + controller);
        c.put("inter.broker.listener.name", LISTENER);
        c.put(
                "listener.security.protocol.map",
                LISTENER + ":" + LISTENER + ",CONTROLLER:PLAINTEXT");
        c.put("sasl.enabled.mechanisms", MECHANISM);
        c.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        c.put(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                jaas(ADMIN_USER, secrets.getProperty(ADMIN_USER)));
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.location", keystore().toString());
        c.put("ssl.keystore.password", secrets.getProperty("keystore"));
        c.put("ssl.key.password", secrets.getProperty("keystore"));
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", truststore().toString());
        c.put("ssl.truststore.password", secrets.getProperty("truststore"));
        c.put("ssl.endpoint.identification.algorithm", "https");
        return c;
    }

    /** Arguments of {@code kafka-storage format} that create the SCRAM users. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        for (String user : List.of(ADMIN_USER, CLIENT_USER)) {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + secrets.getProperty(user) + "]");
        }
        return args;
    }

    /** Client settings of the {@value #CLIENT_USER} user, without bootstrap.servers. */
    Map<String, String> clientConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("security.protocol", LISTENER);
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", jaas(CLIENT_USER, secrets.getProperty(CLIENT_USER)));
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", truststore().toString());
        c.put("ssl.truststore.password", secrets.getProperty("truststore"));
        return c;
    }

    /** Writes the ready client config file (owner-only) and returns its path. */
    Path writeClientConfig(String bootstrapServers) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        clientConfig().forEach(p::setProperty);
        Path file = dataDir.resolve(CLIENT_CONFIG);
        try {
            writeOwnerOnly(
                    file,
                    p,
                    "orderflow --kafka-config for the local broker's SASL_SSL listener (user "
                            + CLIENT_USER
                            + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    Path truststore() {
        return dataDir.resolve(TLS_DIR).resolve(TRUSTSTORE);
    }

    private Path keystore() {
        return dataDir.resolve(TLS_DIR).resolve(KEYSTORE);
    }

    /** A self-signed certificate for 127.0.0.1 and localhost, and a truststore that holds it. */
    private void makeCertificate() throws IOException {
        Path tls = dataDir.resolve(TLS_DIR);
        Path certificate = tls.resolve("broker.crt");
        Files.deleteIfExists(keystore());
        Files.deleteIfExists(truststore());
        // Passwords reach keytool through its environment, never its command line.
        Map<String, String> env =
                Map.of(
                        "KEY_PASS",
                        secrets.getProperty("keystore"),
                        "TRUST_PASS",
                        secrets.getProperty("truststore"));
        keytool(
                env,
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "3650",
                "-dname",
                "CN=localhost, O=orderflow local broker",
                "-ext",
                "SAN=IP:127.0.0.1,DNS:localhost",
                "-keystore",
                keystore().toString(),
                "-storetype",
                "PKCS12",
                "-storepass:env",
                "KEY_PASS",
                "-keypass:env",
                "KEY_PASS");
        keytool(
                env,
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keystore().toString(),
                "-storetype",
                "PKCS12",
                "-storepass:env",
                "KEY_PASS",
                "-file",
                certificate.toString());
        keytool(
                env,
                "-importcert",
                "-noprompt",
                "-alias",
                "orderflow-local-broker",
                "-file",
                certificate.toString(),
                "-keystore",
                truststore().toString(),
                "-storetype",
                "PKCS12",
                "-storepass:env",
                "TRUST_PASS");
    }

    private static void keytool(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(
                        "keytool "
                                + args[0]
                                + " failed: "
                                + new String(output, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running keytool " + args[0], e);
        }
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";";
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void writeOwnerOnly(Path file, Properties content, String comment)
            throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            content.store(w, comment);
        }
    }
}
