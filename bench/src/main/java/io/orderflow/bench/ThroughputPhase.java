package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.schemas.Topics;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.verifier.Report;
import io.orderflow.verifier.Verifier;
import io.orderflow.verifier.VerifyOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * The bench's first phase, one run at a time: a variant's JVM reads the whole generated input from
 * a fresh consumer group into fresh output topics; events/s until its last output is visible to a
 * read_committed reader, CPU per event, the broker's CPU, peak RSS and state size; verify on round
 * 1.
 */
final class ThroughputPhase {

    private final BenchOptions options;
    private final BenchChildren children;
    private final KafkaConnection kafka;
    private final int partitions;
    private final Path workDir;
    private final String runId;
    private final PrintStream out;

    /** CPU time of the bench's broker JVM so far; -1 when it is not the bench's own. */
    private final LongSupplier brokerCpu;

    /** The bench's broker's process, or -1 when it is not the bench's own. */
    private final long brokerPid;

    ThroughputPhase(
            BenchOptions options,
            BenchChildren children,
            KafkaConnection kafka,
            Path workDir,
            String runId,
            PrintStream out,
            LongSupplier brokerCpu,
            long brokerPid) {
        this.options = options;
        this.children = children;
        this.kafka = kafka;
        this.partitions = options.partitions();
        this.workDir = workDir;
        this.runId = runId;
        this.out = out;
        this.brokerCpu = brokerCpu;
        this.brokerPid = brokerPid;
    }

    /**
     * One throughput run of {@code v} into fresh output topics; its figures into {@code f}. Returns
     * the digest of its outputs, or null with --no-verify. Round 1 of a deciding variant runs
     * verify.
     */
    long[] run(Variant v, Figures f, String inOrders, String inInventory, int round)
            throws Exception {
        String prefix = "tp-" + runId + "-" + round + "-" + v.id() + "-";
        List<String> outputs =
                List.of(
                        prefix + "confirmations",
                        prefix + "refunds",
                        prefix + "dead-letters",
                        prefix + Topics.ORDER_STATUS.name());
        children.createTopics(children.topicMap(outputs), false);
        String group = "bench-" + runId + "-" + round + "-" + v.id();
        boolean flink = v.engine() != Variant.Engine.KAFKA_STREAMS;
        List<String> childArgs = children.childArgs(v, inOrders, inInventory, outputs, group);
        if (flink) {
            childArgs.add("--bounded");
        }
        List<String> jvm = new ArrayList<>(options.jvmOptions());
        Path profile = v == options.profile() ? workDir.resolve(v.id() + ".collapsed") : null;
        if (profile != null) {
            jvm.add(AsyncProfiler.agentOption(profile));
        }
        out.printf(Locale.ROOT, "bench: %-18s throughput run...%n", v.id());
        Set<String> idsBefore = transactionalIds();
        JsonNode result;
        OutputWatcher watcher;
        long startedAt;
        ThreadCpu variantThreads = null;
        ThreadCpu brokerThreads = null;
        try (Admin admin = TopicAdmin.admin(kafka);
                VariantProcess child =
                        VariantProcess.start(
                                v,
                                childArgs,
                                children.classpathFor(v),
                                jvm,
                                workDir.resolve(v.id()),
                                "throughput")) {
            variantThreads = ThreadCpu.watch(child.pid(), false);
            startedAt = child.awaitReady(Duration.ofMinutes(2));
            long brokerCpuAtStart = brokerCpu.getAsLong();
            brokerThreads = brokerPid < 0 ? null : ThreadCpu.watch(brokerPid, true);
            Map<TopicPartition, Long> inputEnds =
                    OutputWatcher.endOffsets(admin, List.of(inOrders, inInventory), partitions);
            watcher = new OutputWatcher(admin, outputs, partitions, inputEnds, group);
            long deadline = System.currentTimeMillis() + Math.max(300_000, f.inputRecords / 2);
            while (true) {
                watcher.poll();
                long now = System.currentTimeMillis();
                if (flink && child.isDone()) {
                    watcher.poll();
                    break;
                }
                // Kafka Streams never ends by itself: done when its inputs are committed and
                // neither its outputs nor its internal topics' offsets moved for 5 s.
                if (!flink
                        && watcher.inputsCommitted()
                        && now - watcher.lastChangeAt() > 5000
                        && now - watcher.groupLastMovedAt() > 5000) {
                    break;
                }
                if (now > deadline) {
                    throw new IllegalStateException(
                            "did not finish within " + (deadline - startedAt) / 1000 + " s");
                }
                TimeUnit.MILLISECONDS.sleep(100); // polling pace of the watcher
            }
            f.brokerCpuMicrosPerEvent =
                    brokerCpuAtStart < 0
                            ? null
                            : (brokerCpu.getAsLong() - brokerCpuAtStart) / 1000.0 / f.inputRecords;
            Map<String, Double> brokerSeconds =
                    brokerThreads == null ? null : brokerThreads.stopAndSum();
            result =
                    flink
                            ? child.awaitExit(Duration.ofMinutes(2))
                            : child.stop(Duration.ofMinutes(2));
            Map<String, Double> variantSeconds =
                    variantThreads == null ? null : variantThreads.stopAndSum();
            f.cpuMicrosPerEventByThread = ThreadCpu.perEvent(variantSeconds, f.inputRecords);
            f.brokerCpuMicrosPerEventByThread = ThreadCpu.perEvent(brokerSeconds, f.inputRecords);
        } finally {
            if (variantThreads != null) {
                variantThreads.close();
            }
            if (brokerThreads != null) {
                brokerThreads.close();
            }
        }
        if (!result.path("ok").asBoolean()) {
            throw new IllegalStateException(result.path("error").asText());
        }
        f.seconds = (watcher.lastChangeAt() - startedAt) / 1000.0;
        f.eventsPerSecond = f.inputRecords / f.seconds;
        f.peakRssKbThroughput = result.path("vmHwmKb").asLong();
        f.loadAverage = Machine.loadAverage();
        Set<String> ids = transactionalIds();
        ids.removeAll(idsBefore);
        f.transactionalIdsRegistered = (long) ids.size();
        if (result.path("cpuNanosAtFinish").asLong() > 0) {
            f.cpuMicrosPerEvent =
                    (result.path("cpuNanosAtFinish").asLong()
                                    - result.path("cpuNanosAtStart").asLong())
                            / 1000.0
                            / f.inputRecords;
        }
        f.stateFrom(result, false);
        out.printf(
                Locale.ROOT,
                "bench: %-18s round %d: %,.0f events/s (%,.1f s), %.0f CPU us/event (+ broker %s),"
                        + " peak RSS %,d MiB, load %.1f, %d new transactional ids%n",
                v.id(),
                round + 1,
                f.eventsPerSecond,
                f.seconds,
                f.cpuMicrosPerEvent,
                f.brokerCpuMicrosPerEvent == null
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.0f", f.brokerCpuMicrosPerEvent),
                f.peakRssKbThroughput / 1024,
                f.loadAverage,
                f.transactionalIdsRegistered);
        if (f.cpuMicrosPerEventByThread != null) {
            out.printf(
                    Locale.ROOT,
                    "bench: %-18s round %d CPU us/event by thread: %s%n",
                    v.id(),
                    round + 1,
                    ThreadCpu.largest(f.cpuMicrosPerEventByThread, 6));
        }
        if (profile != null && Files.exists(profile)) {
            List<String> summary = AsyncProfiler.summary(profile, 25);
            Files.write(workDir.resolve(v.id() + ".profile.txt"), summary);
            out.printf(Locale.ROOT, "bench: %-18s profile %s:%n", v.id(), profile);
            summary.forEach(line -> out.println("bench:   " + line));
        }
        BenchCommand.deleteQuietly(workDir.resolve(v.id()).resolve("checkpoints"));
        BenchCommand.deleteQuietly(workDir.resolve(v.id()).resolve("kafka-streams-state"));
        if (!options.verify()) {
            return null;
        }
        long[] digest = OutputDigest.read(kafka, outputs, partitions);
        f.outputRecords = (long) digest.length;
        if (v.decides()
                && round == 0) { // later rounds must give the same outputs: compared by the caller
            VerifyOptions vo =
                    VerifyOptions.defaults()
                            .withInputTopics(inOrders, inInventory)
                            .withOutputTopics(
                                    outputs.get(0), outputs.get(1), outputs.get(2), outputs.get(3));
            Report report =
                    Verifier.verify(
                            vo,
                            kafka.bootstrapServers(),
                            kafka.clientProperties("orderflow-bench-verify"),
                            null);
            f.verifyOk = report.ok();
            f.violations = report.totalViolations();
            Files.writeString(workDir.resolve(v.id()).resolve("verify.txt"), report.format());
            out.printf(
                    Locale.ROOT,
                    "bench: %-18s verify %s%n",
                    v.id(),
                    report.ok() ? "OK" : "FAILED: " + report.totalViolations() + " violations");
        }
        return digest;
    }

    /** The transactional ids the brokers list, in any state. */
    private Set<String> transactionalIds() throws Exception {
        try (Admin admin = TopicAdmin.admin(kafka)) {
            Set<String> ids = new HashSet<>();
            admin.listTransactions()
                    .all()
                    .get(TopicAdmin.API_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach(t -> ids.add(t.transactionalId()));
            return ids;
        }
    }
}
