package io.orderflow.jobs.options;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka client settings of {@code --kafka-config FILE}: a Java properties file, as Kafka's own
 * tools take {@code --command-config}, applied to every client a command makes (the job's source,
 * sink, start-up checks and broker watch, and each CLI tool's clients). A value may name an
 * environment variable as {@code ${env:NAME}}, so that a Kubernetes Secret can fill it.
 *
 * <p>The rules for secrets and for what exactly-once needs live here, once: {@link #isSecret} says
 * which values never appear in logs, messages or {@code toString()}, {@link #refuseExactlyOnceKeys}
 * which keys no file or {@code --kafka-property} may set.
 */
public final class KafkaClientConfig {

    public static final String OPTION = "--kafka-config";
    public static final String REDACTED = "[redacted]";

    /**
     * Set by orderflow for exactly-once reads and writes; a user value would silently break them.
     */
    public static final Set<String> EXACTLY_ONCE_KEYS =
            Set.of("isolation.level", "enable.idempotence", "transactional.id", "acks");

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([^}]*)}");
    private static final Pattern JAAS_SECRET =
            Pattern.compile("(?i)([a-z_.]*(?:password|secret|token)[a-z_.]*)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private KafkaClientConfig() {}

    /**
     * The client properties of {@code file}, with {@code ${env:NAME}} filled in from the process
     * environment.
     */
    public static Map<String, String> load(Path file) {
        return load(file, System::getenv);
    }

    /**
     * The client properties of {@code file}, with {@code ${env:NAME}} filled in from {@code env}. A
     * mistake (no such file, an unset variable, a key exactly-once needs) is a {@link
     * UsageException} naming the file and the key, never the value.
     */
    public static Map<String, String> load(Path file, Function<String, String> env) {
        String where = OPTION + " " + file;
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException(where + ": no such readable file");
        }
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(
                    where + ": not a Java properties file (" + e.getMessage() + ")");
        }
        Map<String, String> resolved = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            resolved.put(key, fillEnvironment(where, key, raw.getProperty(key).trim(), env));
        }
        refuseExactlyOnceKeys(where, resolved);
        return resolved;
    }

    private static String fillEnvironment(
            String where, String key, String value, Function<String, String> env) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!ENV_NAME.matcher(name).matches()) {
                throw new UsageException(
                        where
                                + ": "
                                + key
                                + " names ${env:"
                                + name
                                + "}, which is not a variable name");
            }
            String found = env.apply(name);
            if (found == null) {
                throw new UsageException(
                        where
                                + ": "
                                + key
                                + " needs the environment variable "
                                + name
                                + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(found));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Refuses, in one line naming {@code where} and the key, any key that exactly-once needs
     * orderflow to set.
     */
    public static void refuseExactlyOnceKeys(String where, Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (EXACTLY_ONCE_KEYS.contains(key.trim())) {
                throw new UsageException(
                        where
                                + ": "
                                + key
                                + " is set by orderflow for exactly-once delivery and must not be"
                                + " given; remove it");
            }
        }
    }

    /**
     * Refuses secrets given as {@code --kafka-property}: a command line is visible to every user of
     * the machine.
     */
    public static void refuseSecrets(String option, Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (isSecret(key)) {
                throw new UsageException(
                        option
                                + " "
                                + key
                                + " is a secret and a command line is not private: put it in "
                                + OPTION
                                + " FILE (values may be ${env:NAME})");
            }
        }
    }

    /**
     * Whether the value of {@code key} is a secret: {@code sasl.jaas.config} and any key containing
     * {@code password}, {@code secret} or {@code key}, except class names such as {@code
     * key.deserializer}.
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).trim();
        if (k.endsWith(".serializer") || k.endsWith(".deserializer") || k.endsWith(".class")) {
            return false;
        }
        return k.equals("sasl.jaas.config")
                || k.contains("password")
                || k.contains("secret")
                || k.contains("key");
    }

    /**
     * {@code properties} with every secret value replaced by {@value #REDACTED}: what may be shown.
     */
    public static Map<String, String> redacted(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? REDACTED : v));
        return shown;
    }

    /**
     * {@code text} with every secret value of {@code properties} replaced, for messages built from
     * client errors.
     */
    public static String scrub(String text, Map<String, String> properties) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (isSecret(e.getKey()) && e.getValue() != null) {
                out = replaceLong(out, e.getValue());
                // A JAAS line holds its secrets as quoted options: password="...".
                Matcher m = JAAS_SECRET.matcher(e.getValue());
                while (m.find()) {
                    out = replaceLong(out, m.group(2));
                }
            }
        }
        return out;
    }

    private static String replaceLong(String text, String secret) {
        return secret.length() >= 4 ? text.replace(secret, REDACTED) : text;
    }
}
