package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link VariantMain} child JVM: same JVM options as this one (Flink's opens, heap, log4j), its
 * stderr in a log file, its stdout read for {@code READY} and {@code DONE}; stopped with a line on
 * its stdin, killed only when it does not stop.
 */
public final class VariantProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path resultFile;
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private VariantProcess(Process process, Path resultFile) {
        this.process = process;
        this.resultFile = resultFile;
        Thread reader = new Thread(this::readStdout, "variant-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static VariantProcess start(
            Variant variant,
            List<String> args,
            String classpath,
            List<String> extraJvmOptions,
            Path workDir,
            String logName)
            throws IOException {
        return start(
                VariantMain.class.getName(),
                variant.id(),
                args,
                classpath,
                extraJvmOptions,
                workDir,
                logName);
    }

    /**
     * Starts {@code mainClass id args... --work-dir DIR --result-file FILE} in a JVM of its own,
     * with this JVM's options and {@code extraJvmOptions}; its stderr goes to {@code logName}.log
     * in {@code workDir}.
     */
    public static VariantProcess start(
            String mainClass,
            String id,
            List<String> args,
            String classpath,
            List<String> extraJvmOptions,
            Path workDir,
            String logName)
            throws IOException {
        Files.createDirectories(workDir);
        Path resultFile = workDir.resolve(logName + ".result.json");
        Files.deleteIfExists(resultFile);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions());
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add(id);
        cmd.addAll(args);
        cmd.addAll(
                List.of("--work-dir", workDir.toString(), "--result-file", resultFile.toString()));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectError(
                                Redirect.appendTo(workDir.resolve(logName + ".log").toFile()))
                        .start();
        return new VariantProcess(p, resultFile);
    }

    /** This JVM's own options: the opens Flink needs, the heap, the log configuration. */
    static List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-")
                    || a.startsWith("-Xm")
                    || a.startsWith("-Dlog4j")
                    || a.startsWith("-XX:+Use")) {
                options.add(a);
            }
        }
        options.add("-Djava.awt.headless=true");
        return options;
    }

    public long pid() {
        return process.pid();
    }

    private void readStdout() {
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.complete(Long.parseLong(line.substring(6).trim()));
                } else if (line.equals("DONE")) {
                    done.complete(null);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended
        }
        ready.complete(-1L);
        done.complete(null);
    }

    /** Epoch millis at which the variant started its job; fails when the child died first. */
    public long awaitReady(Duration timeout) throws Exception {
        long at = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (at < 0) {
            throw new IllegalStateException(
                    "variant process "
                            + process.pid()
                            + " exited before it was ready (exit "
                            + (process.isAlive() ? "?" : process.exitValue())
                            + "); see its log");
        }
        return at;
    }

    public boolean isDone() {
        return done.isDone();
    }

    /** Asks the child to stop (it writes its result first), waits for it to exit. */
    public JsonNode stop(Duration timeout) throws Exception {
        if (process.isAlive()) {
            try {
                OutputStream in = process.getOutputStream();
                in.write("stop\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                // it is exiting already
            }
        }
        return awaitExit(timeout);
    }

    public JsonNode awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (!Files.exists(resultFile)) {
            throw new IllegalStateException(
                    "variant process "
                            + process.pid()
                            + " left no result (exit "
                            + process.exitValue()
                            + ")");
        }
        return JSON.readTree(resultFile.toFile());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
