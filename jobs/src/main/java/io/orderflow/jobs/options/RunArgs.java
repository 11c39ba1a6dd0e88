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

    /** The options every job takes with a value, and its flags. */
    static final Set<String> VALUED = Set.of(
            "--bootstrap-servers", "--starting-offsets", "--stop-at", "--group-id", "--parallelism", "--checkpoint-interval",
            "--checkpoint-dir", "--dead-letters-topic", "--max-record-bytes", "--dead-letter-value-bytes", "--delivery",
            "--transactional-id-prefix", "--kafka-property", "--kafka-config", "--output-prefix", "--from-savepoint");
    static final Set<String> FLAGS = Set.of("--allow-live-outputs", "--resume");

    private RunArgs() {}

    static String bootstrapServers(KafkaConnection kafka) {
        String servers = kafka.bootstrapServers();
        if (!BOOTSTRAP.matcher(servers).matches()) {
            throw new UsageException("--bootstrap-servers must be host:port[,host:port...], was '" + servers + "'");
        }
        return servers;
    }

    static String outputPrefix(Args a) {
        String prefix = a.get("--output-prefix", "");
        if (!prefix.isEmpty() && !TOPIC.matcher(prefix).matches()) {
            throw new UsageException("--output-prefix may hold letters, digits, '.', '_' and '-' only, was '" + prefix + "'");
        }
        return prefix;
    }

    static String topic(Args a, String option, String fallback, String prefix) {
        String t = prefix + a.get(option, fallback);
        if (!TOPIC.matcher(t).matches()) {
            throw new UsageException(option + " must be a Kafka topic name (letters, digits, '.', '_', '-'), was '" + t + "'");
        }
        return t;
    }

    static Duration positive(Args a, String option, String fallback, Duration min) {
        Duration d = Durations.parse(option, a.get(option, fallback));
        if (d.compareTo(min) < 0) {
            throw new UsageException(option + " must be at least " + Durations.format(min) + ", was '" + a.get(option, fallback) + "'");
        }
        return d;
    }

    static OffsetPosition startingOffsets(Args a, Collection<String> inputs) {
        OffsetPosition start = a.parsed("--starting-offsets", OffsetPosition.COMMITTED_ELSE_EARLIEST, v -> OffsetPosition.parseStarting("--starting-offsets", v));
        start.checkTopics("--starting-offsets", Set.copyOf(inputs));
        return start;
    }

    /** Null for a run that goes on until stopped. */
    static OffsetPosition stopAt(Args a, Collection<String> inputs) {
        OffsetPosition stop = a.parsed("--stop-at", null, v -> OffsetPosition.parseStopping("--stop-at", v));
        if (stop != null) {
            stop.checkTopics("--stop-at", Set.copyOf(inputs));
        }
        return stop;
    }

    static void refuseResumeWithSavepoint(boolean resume, String fromSavepoint) {
        if (resume && fromSavepoint != null) {
            throw new UsageException("--resume and --from-savepoint exclude each other: --resume finds the latest checkpoint itself");
        }
    }

    static String groupId(Args a, String jobName, String outputPrefix) {
        return a.get("--group-id", "orderflow-" + jobName + (outputPrefix.isEmpty() ? "" : "-" + outputPrefix.replaceAll("[-_.]+$", "")));
    }

    /** The file's client settings, then --kafka-property over them; never a secret or an exactly-once key. */
    static Map<String, String> kafkaProperties(Args a, KafkaConnection kafka) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String kv : a.all("--kafka-property")) {
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

    /** Stable for one job writing one set of outputs, so a restart finds and aborts its own open transactions. */
    static String transactionalIdPrefix(Args a, String jobName, List<String> identity) {
        return a.get("--transactional-id-prefix", "orderflow-" + jobName + "-" + String.format("%08x", String.join("|", identity).hashCode()));
    }

    static String jobCheckpointDir(String checkpointDir, String transactionalIdPrefix) {
        return checkpointDir == null ? null : checkpointDir.replaceAll("/+$", "") + "/" + transactionalIdPrefix.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static List<String> resumingArgs(List<String> argv, String path) {
        List<String> again = new java.util.ArrayList<>(argv);
        again.removeIf("--resume"::equals);
        again.addAll(List.of("--from-savepoint", path));
        return again;
    }

    static void refuseUnexpected(Args a) {
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "' (see --help)");
        }
    }
}
