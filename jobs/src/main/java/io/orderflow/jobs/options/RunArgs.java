package io.orderflow.jobs.options;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the options every job of the suite shares (Kafka, topics, where a run starts and
 * stops, output prefix, resuming), each in one place with its one-line message, so the
 * order-processing and the rivers job read them alike.
 */
final class RunArgs {

    static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    static final Pattern BOOTSTRAP = Pattern.compile("[^,:\\s]+:\\d{1,5}(,[^,:\\s]+:\\d{1,5})*");

    private RunArgs() {}

    static String bootstrapServers(KafkaConnection kafka) {
        String servers = kafka.bootstrapServers();
        if (!BOOTSTRAP.matcher(servers).matches()) {
            throw new UsageException(
                    "--bootstrap-servers must be host:port[,host:port...], was '" + servers + "'");
        }
        return servers;
    }

    static String outputPrefix(String prefix) {
        if (!prefix.isEmpty() && !TOPIC.matcher(prefix).matches()) {
            throw new UsageException(
                    "--output-prefix may hold letters, digits, '.', '_' and '-' only, was '"
                            + prefix
                            + "'");
        }
        return prefix;
    }

    static String topic(String option, String given, String prefix) {
        String t = prefix + given;
        if (!TOPIC.matcher(t).matches()) {
            throw new UsageException(
                    option
                            + " must be a Kafka topic name (letters, digits, '.', '_', '-'), was '"
                            + t
                            + "'");
        }
        return t;
    }

    static Duration positive(String option, String given, Duration min) {
        Duration d = Durations.parse(option, given);
        if (d.compareTo(min) < 0) {
            throw new UsageException(
                    option
                            + " must be at least "
                            + Durations.format(min)
                            + ", was '"
                            + given
                            + "'");
        }
        return d;
    }

    static OffsetPosition startingOffsets(String given, Collection<String> inputs) {
        OffsetPosition start =
                given == null
                        ? OffsetPosition.COMMITTED_ELSE_EARLIEST
                        : OffsetPosition.parseStarting("--starting-offsets", given);
        start.checkTopics("--starting-offsets", Set.copyOf(inputs));
        return start;
    }

    /** Null for a run that goes on until stopped. */
    static OffsetPosition stopAt(String given, Collection<String> inputs) {
        OffsetPosition stop =
                given == null ? null : OffsetPosition.parseStopping("--stop-at", given);
        if (stop != null) {
            stop.checkTopics("--stop-at", Set.copyOf(inputs));
        }
        return stop;
    }

    static void refuseResumeWithSavepoint(boolean resume, String fromSavepoint) {
        if (resume && fromSavepoint != null) {
            throw new UsageException(
                    "--resume and --from-savepoint exclude each other: --resume finds the latest"
                            + " checkpoint itself");
        }
    }

    static String groupId(String given, String jobName, String outputPrefix) {
        return given != null
                ? given
                : "orderflow-"
                        + jobName
                        + (outputPrefix.isEmpty()
                                ? ""
                                : "-" + outputPrefix.replaceAll("[-_.]+$", ""));
    }

    /**
     * The file's client settings, then --kafka-property over them; never a secret or an
     * exactly-once key.
     */
    static Map<String, String> kafkaProperties(List<String> options, KafkaConnection kafka) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String kv : options) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--kafka-property must be key=value, was '" + kv + "'");
            }
            given.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        KafkaClientConfig.refuseExactlyOnceKeys("--kafka-property", given);
        KafkaClientConfig.refuseSecrets("--kafka-property", given);
        Map<String, String> properties = new LinkedHashMap<>(kafka.properties());
        properties.putAll(given);
        return properties;
    }

    /**
     * Stable for one job writing one set of outputs, so a restart finds and aborts its own open
     * transactions.
     */
    static String transactionalIdPrefix(String given, String jobName, List<String> identity) {
        return given != null
                ? given
                : "orderflow-"
                        + jobName
                        + "-"
                        + String.format("%08x", String.join("|", identity).hashCode());
    }

    static String jobCheckpointDir(String checkpointDir, String transactionalIdPrefix) {
        return checkpointDir == null
                ? null
                : checkpointDir.replaceAll("/+$", "")
                        + "/"
                        + transactionalIdPrefix.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static List<String> resumingArgs(List<String> argv, String path) {
        List<String> again = new java.util.ArrayList<>(argv);
        again.removeIf("--resume"::equals);
        again.addAll(List.of("--from-savepoint", path));
        return again;
    }
}
