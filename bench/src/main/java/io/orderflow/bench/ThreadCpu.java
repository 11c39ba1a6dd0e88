package io.orderflow.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The CPU time of another process's threads, by kind of thread, read from {@code /proc} while it
 * runs. Every thread counts here, native ones too: RocksDB's flushes and compactions run on threads
 * that RocksDB starts itself, which async-profiler does not see (it follows only the threads the
 * JVM starts), so a profile alone leaves them out.
 *
 * <p>Threads are sampled every {@value #SAMPLE_MS} ms and each keeps the last time seen, so a
 * thread that ends between two samples loses at most that much. The kernel keeps only the first 15
 * characters of a thread's name: subtasks of one operator share those and are added up.
 */
final class ThreadCpu implements AutoCloseable {

    static final long SAMPLE_MS = 500;

    private static final Pattern SUBTASK = Pattern.compile("\\s*\\(\\d.*$");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /**
     * Kinds by name, once digits became '#' and a subtask's "(1/2)" was cut; a name not here is its
     * own kind.
     */
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("C# CompilerThre", "JIT compilers");
        KINDS.put("GC Thread##", "GC");
        KINDS.put("G# Refine##", "GC");
        KINDS.put("G# Conc##", "GC");
        KINDS.put("G# Main Marker", "GC");
        KINDS.put("G# Service", "GC");
        KINDS.put("rocksdb:low", "RocksDB compactions");
        KINDS.put("rocksdb:high", "RocksDB flushes");
        KINDS.put("kafka-producer-", "Kafka producers' I/O");
        KINDS.put("Source Data Fet", "Kafka sources' fetchers");
        KINDS.put("OutputFlusher f", "Flink output flushers");
        KINDS.put("data-plane-kafk", "broker request handling");
    }

    private record Sampled(String name, long ticks) {}

    private final Path tasks;

    /** By thread id: its latest name and its CPU ticks. */
    private final Map<String, Sampled> ticksByThread = new HashMap<>();

    /** With {@code fromNow}: by thread id, the ticks it had used before the watch began. */
    private final Map<String, Long> ticksBefore = new HashMap<>();

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread sampler;
    private final long ticksPerSecond;

    private ThreadCpu(long pid, long ticksPerSecond) {
        this.tasks = Path.of("/proc", Long.toString(pid), "task");
        this.ticksPerSecond = ticksPerSecond;
        this.sampler = new Thread(this::sampleUntilStopped, "thread-cpu-" + pid);
        sampler.setDaemon(true);
    }

    /**
     * Starts sampling {@code pid}'s threads: all the CPU they ever used (for a process that has
     * just started), or with {@code fromNow} only what they use from now on. Null where there is no
     * {@code /proc} (not Linux), so the figures are left out rather than wrong.
     */
    static ThreadCpu watch(long pid, boolean fromNow) {
        if (!Files.isDirectory(Path.of("/proc", Long.toString(pid), "task"))) {
            return null;
        }
        ThreadCpu cpu = new ThreadCpu(pid, 100); // USER_HZ, 100 on every Linux the JDK runs on
        if (fromNow) {
            cpu.sample();
            cpu.ticksByThread.forEach((tid, t) -> cpu.ticksBefore.put(tid, t.ticks));
        }
        cpu.sampler.start();
        return cpu;
    }

    /** Stops sampling after one last sample: CPU seconds by kind of thread, largest first. */
    Map<String, Double> stopAndSum() throws InterruptedException {
        stop.countDown();
        sampler.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (ticksByThread) {
            sample();
            Map<String, Long> byKind = new TreeMap<>();
            ticksByThread.forEach(
                    (tid, thread) ->
                            byKind.merge(
                                    kindOf(thread.name),
                                    thread.ticks - ticksBefore.getOrDefault(tid, 0L),
                                    Long::sum));
            Map<String, Double> seconds = new LinkedHashMap<>();
            byKind.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> seconds.put(e.getKey(), e.getValue() / (double) ticksPerSecond));
            return seconds;
        }
    }

    /** Seconds by kind as µs per input event, largest first; null stays null. */
    static Map<String, Double> perEvent(Map<String, Double> seconds, long inputRecords) {
        if (seconds == null || inputRecords <= 0) {
            return null;
        }
        Map<String, Double> perEvent = new LinkedHashMap<>();
        seconds.forEach((kind, s) -> perEvent.put(kind, s * 1e6 / inputRecords));
        return perEvent;
    }

    /**
     * Each kind's median over runs (a run without that kind counts as 0), largest first; null when
     * no run measured any.
     */
    static Map<String, Double> medians(List<Map<String, Double>> runs) {
        List<Map<String, Double>> measured = runs.stream().filter(r -> r != null).toList();
        if (measured.isEmpty()) {
            return null;
        }
        Set<String> kinds = new LinkedHashSet<>();
        measured.forEach(r -> kinds.addAll(r.keySet()));
        Map<String, Double> medians = new HashMap<>();
        for (String kind : kinds) {
            medians.put(
                    kind,
                    Repeats.lowerMedian(
                            measured.stream().map(r -> r.getOrDefault(kind, 0.0)).toList()));
        }
        return largestFirst(medians);
    }

    /** The {@code n} largest kinds as {@code kind 12, kind 9, ...}. */
    static String largest(Map<String, Double> perEvent, int n) {
        return largestFirst(perEvent).entrySet().stream()
                .limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * Markdown: where each variant's CPU went, and the broker's during its runs, by kind of thread
     * (the {@value #TABLE_ROWS} largest kinds of any variant, the rest as "other"); empty when
     * nothing was measured.
     */
    static String table(List<Figures> all) {
        StringBuilder md = new StringBuilder();
        md.append(
                table(
                        all,
                        f -> f.cpuMicrosPerEventByThread,
                        "CPU µs per input event by kind of thread, each variant's own JVM over its"
                                + " whole life (its start included, so a little more than CPU"
                                + " µs/event above)"));
        md.append(
                table(
                        all,
                        f -> f.brokerCpuMicrosPerEventByThread,
                        "the bench's broker during each variant's run"));
        return md.toString();
    }

    static final int TABLE_ROWS = 10;

    private static String table(
            List<Figures> all, Function<Figures, Map<String, Double>> of, String title) {
        List<Figures> measured = all.stream().filter(f -> of.apply(f) != null).toList();
        if (measured.isEmpty()) {
            return "";
        }
        Map<String, Double> largestAnywhere = new HashMap<>();
        measured.forEach(
                f -> of.apply(f).forEach((k, v) -> largestAnywhere.merge(k, v, Math::max)));
        List<String> rows =
                largestFirst(largestAnywhere).keySet().stream().limit(TABLE_ROWS).toList();
        StringBuilder md = new StringBuilder();
        md.append(title)
                .append(" (medians over the runs; from /proc, native threads included):\n\n");
        md.append("| thread |");
        measured.forEach(f -> md.append(' ').append(f.variant).append(" |"));
        md.append("\n|---|");
        measured.forEach(f -> md.append("--:|"));
        md.append('\n');
        for (String row : rows) {
            md.append("| ").append(row).append(" |");
            measured.forEach(f -> md.append(cell(of.apply(f).get(row))));
            md.append('\n');
        }
        md.append("| other |");
        for (Figures f : measured) {
            double other =
                    of.apply(f).entrySet().stream()
                            .filter(e -> !rows.contains(e.getKey()))
                            .mapToDouble(Map.Entry::getValue)
                            .sum();
            md.append(cell(other));
        }
        md.append("\n| sum of the medians |");
        measured.forEach(
                f -> md.append(cell(of.apply(f).values().stream().mapToDouble(d -> d).sum())));
        md.append("\n\n");
        return md.toString();
    }

    private static String cell(Double microsPerEvent) {
        return microsPerEvent == null
                ? " |"
                : String.format(Locale.ROOT, " %.1f |", microsPerEvent);
    }

    private static Map<String, Double> largestFirst(Map<String, Double> byKind) {
        Map<String, Double> sorted = new LinkedHashMap<>();
        byKind.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    @Override
    public void close() {
        stop.countDown();
    }

    /** The kind of a thread from the name the kernel keeps (its first 15 characters). */
    static String kindOf(String name) {
        String withoutSubtask = SUBTASK.matcher(name).replaceAll("");
        String kind = DIGITS.matcher(withoutSubtask).replaceAll("#").trim();
        if (KINDS.containsKey(kind)) {
            return KINDS.get(kind);
        }
        if (kind.startsWith(
                "bench-")) { // the Kafka Streams peer's threads carry its application id
            return "Kafka Streams threads";
        }
        return kind.replace(" ->", "").trim();
    }

    private void sampleUntilStopped() {
        try {
            do {
                synchronized (ticksByThread) {
                    sample();
                }
            } while (!stop.await(SAMPLE_MS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads every thread's user and system time; a thread that has ended keeps its last one. */
    private void sample() {
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException e) {
                    continue; // ended since the listing
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                // After the name: state, then 10 fields, then utime and stime (fields 14 and 15).
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                ticksByThread.put(thread.getFileName().toString(), new Sampled(name, ticks));
            }
        } catch (IOException e) {
            // the process has ended: what was sampled stays
        }
    }
}
