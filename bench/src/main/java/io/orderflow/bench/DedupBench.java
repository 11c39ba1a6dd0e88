package io.orderflow.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.options.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./orderflow bench dedup}: how many distinct orders the gate's dedup state holds within a
 * fixed heap, side by side for the RocksDB backend (as shipped) and the heap backend. Each backend
 * runs {@link DedupMain} in its own JVM with {@code -Xmx} set to the heap under test; a backend
 * that runs out of heap, or stops making progress, is reported with how far it got.
 */
@Command(
        name = "dedup",
        sortOptions = false,
        description = {
            "dedup state of N orders in a fixed heap, RocksDB against the heap backend",
            "Feeds N distinct orders, then re-sends of some of them, through the job's OrderGate in"
                + " a local cluster in a JVM whose whole heap is SIZE, once per state backend, and"
                + " reports: whether every order passed once and every re-send was dropped,"
                + " orders/s, the most heap live after a collection, peak RSS, and the state's size"
                + " on disk and in checkpoints."
        },
        footer = {
            "",
            "Exit codes: 0 the RocksDB backend passed every order once and dropped every re-send; 1"
                    + " it did not; 2 a usage mistake; 4 the bench itself failed."
        })
public final class DedupBench implements Callable<Integer> {

    private static final Pattern HEAP = Pattern.compile("(\\d+)([mMgG])");
    private static final List<String> BACKENDS = List.of("rocksdb", "hashmap");

    /** {@code -XX:+ExitOnOutOfMemoryError} exits with this code. */
    private static final int OUT_OF_MEMORY_EXIT = 3;

    @Mixin private HelpOption help;

    @Option(
            names = "--orders",
            paramLabel = "N",
            description = "distinct orders [10000000; 1000000 with --quick]")
    @Range(min = 1_000, max = 1_000_000_000)
    private Long ordersOption;

    @Option(
            names = "--resends",
            paramLabel = "R",
            description = "re-sent orders at the end, spread over all N, at most N [N / 1000]")
    @Range(min = 1, max = 1_000_000_000)
    private Long resendsOption;

    @Option(
            names = "--heap",
            paramLabel = "SIZE",
            description = "the JVM's -Xmx, e.g. 1g or 768m, at least 256m [${DEFAULT-VALUE}]")
    private String heap = "1g";

    @Option(
            names = "--backends",
            paramLabel = "BACKEND",
            split = ",",
            splitSynopsisLabel = ",",
            description = "rocksdb, hashmap [rocksdb,hashmap]")
    private List<String> backends = new ArrayList<>(BACKENDS);

    @Option(
            names = "--stall-seconds",
            paramLabel = "S",
            description =
                    "a backend that passes no order for S seconds is stopped [${DEFAULT-VALUE}]")
    @Range(min = 10, max = 3600)
    private long stallSeconds = 120;

    @Option(names = "--quick", description = "1,000,000 orders")
    private boolean quick;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "results folder [$$ORDERFLOW_HOME/bench/results]")
    private Path outDir;

    @Option(
            names = "--update-readme",
            description =
                    "also write the results into README.md and bench/README.md (not with --out)")
    private boolean updateReadme;

    private final PrintStream out;
    private long orders;
    private long resends;
    private Path resultsDir;
    private Path workDir;

    private DedupBench(PrintStream out) {
        this.out = out;
    }

    /** The command, printing to {@code out}: {@code bench dedup}. */
    static DedupBench printingTo(PrintStream out) {
        return new DedupBench(out);
    }

    @Override
    public Integer call() throws Exception {
        orders = ordersOption != null ? ordersOption : quick ? 1_000_000 : 10_000_000;
        resends = resendsOption != null ? resendsOption : Math.max(1, orders / 1000);
        if (resends > orders) {
            throw new UsageException(
                    "--resends must be at most the orders (" + orders + "), was '" + resends + "'");
        }
        var m = HEAP.matcher(heap);
        if (!m.matches()
                || Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1)
                        < 256) {
            throw new UsageException(
                    "--heap must be a size of at least 256m, like 768m or 1g, was '" + heap + "'");
        }
        for (String b : backends) {
            if (!BACKENDS.contains(b.trim())) {
                throw new UsageException(
                        "--backends takes " + String.join(", ", BACKENDS) + "; got '" + b + "'");
            }
        }
        resultsDir = BenchOptions.resultsDir(outDir);
        workDir = Files.createTempDirectory("orderflow-dedup-");
        return run();
    }

    private int run() throws Exception {
        out.printf(
                Locale.ROOT,
                "bench dedup: %,d distinct orders, then %,d re-sends, heap %s; work dir %s%n",
                orders,
                resends,
                heap,
                workDir);
        List<ObjectNode> results = new ArrayList<>();
        for (String backend : backends) {
            ObjectNode r = runBackend(backend.trim());
            results.add(r);
            out.println(
                    "bench dedup: "
                            + backend.trim()
                            + ": "
                            + r.path("verdict").asText()
                            + DedupReport.summary(r));
        }
        DedupReport.write(
                resultsDir, updateReadme && outDir == null, orders, resends, results, out);
        ObjectNode shipped = results.get(0);
        out.printf(
                Locale.ROOT,
                "dedup %s: %,d orders in a %s heap: %s%n",
                shipped.path("backend").asText(),
                orders,
                heap,
                shipped.path("verdict").asText());
        return results.stream()
                        .allMatch(
                                r ->
                                        !r.path("backend").asText().equals("rocksdb")
                                                || r.path("ok").asBoolean())
                ? 0
                : 1;
    }

    private ObjectNode runBackend(String backend) throws Exception {
        Path dir = workDir.resolve(backend);
        Files.createDirectories(dir);
        Path resultFile = dir.resolve("result.json");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        VariantProcess.jvmOptions().stream().filter(o -> !o.startsWith("-Xm")).forEach(cmd::add);
        cmd.addAll(
                List.of(
                        "-Xmx" + heap,
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DedupMain.class.getName(),
                        "--backend",
                        backend,
                        "--orders",
                        Long.toString(orders),
                        "--resends",
                        Long.toString(resends),
                        "--work-dir",
                        dir.toString(),
                        "--result-file",
                        resultFile.toString()));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectError(Redirect.appendTo(dir.resolve("log").toFile()))
                        .start();
        AtomicLong passed = new AtomicLong();
        AtomicLong lastProgressAt = new AtomicLong(System.nanoTime());
        Thread reader = new Thread(() -> follow(p, passed, lastProgressAt), "dedup-" + backend);
        reader.setDaemon(true);
        reader.start();
        long startedAt = System.nanoTime();
        boolean stalled = false;
        long nextReport = startedAt + TimeUnit.SECONDS.toNanos(30);
        while (!p.waitFor(1, TimeUnit.SECONDS)) {
            if (System.nanoTime() > nextReport) {
                out.printf(
                        Locale.ROOT,
                        "bench dedup: %s: %,d orders passed after %d s%n",
                        backend,
                        passed.get(),
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt));
                nextReport += TimeUnit.SECONDS.toNanos(30);
            }
            if (System.nanoTime() - lastProgressAt.get() > TimeUnit.SECONDS.toNanos(stallSeconds)) {
                stalled = true;
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                break;
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        ObjectNode r =
                Files.exists(resultFile) && !stalled
                        ? (ObjectNode) DedupReport.JSON.readTree(resultFile.toFile())
                        : DedupReport.JSON.createObjectNode();
        r.put("backend", backend);
        r.put("heap", heap);
        if (!r.has("seconds")) {
            r.put("seconds", seconds);
            r.put("accepted", passed.get());
        }
        long accepted = r.path("accepted").asLong();
        boolean finished = r.has("ledgerEntries");
        boolean ok =
                finished
                        && accepted == orders
                        && r.path("ledgerEntries").asLong()
                                == r.path("expectedLedgerEntries").asLong();
        r.put("ok", ok);
        String verdict;
        if (ok) {
            verdict =
                    String.format(
                            Locale.ROOT,
                            "OK: every order passed once, all %,d re-sends dropped",
                            resends);
        } else if (finished) {
            verdict =
                    String.format(
                            Locale.ROOT,
                            "WRONG: %,d of %,d orders passed, %,d of %,d ledger entries",
                            accepted,
                            orders,
                            r.path("ledgerEntries").asLong(),
                            r.path("expectedLedgerEntries").asLong());
        } else if (stalled) {
            verdict =
                    String.format(
                            Locale.ROOT,
                            "stopped: no order passed for %d s (at %,d orders)",
                            stallSeconds,
                            accepted);
        } else if (p.exitValue() == OUT_OF_MEMORY_EXIT) {
            verdict =
                    String.format(
                            Locale.ROOT,
                            "out of heap; %,d orders had passed at the last count",
                            accepted);
        } else {
            verdict =
                    String.format(
                            Locale.ROOT,
                            "failed (exit %d) after %,d orders; see %s",
                            p.exitValue(),
                            accepted,
                            dir.resolve("log"));
        }
        r.put("verdict", verdict);
        return r;
    }

    /** Reads the child's PROGRESS lines; each higher count moves the stall clock. */
    private static void follow(Process p, AtomicLong passed, AtomicLong lastProgressAt) {
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(DedupMain.PROGRESS)) {
                    long n = Long.parseLong(line.substring(DedupMain.PROGRESS.length()).trim());
                    if (n > passed.get() || passed.get() == 0) {
                        lastProgressAt.set(System.nanoTime());
                    }
                    passed.accumulateAndGet(n, Math::max);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended
        }
    }
}
