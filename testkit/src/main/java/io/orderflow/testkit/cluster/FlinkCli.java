package io.orderflow.testkit.cluster;

import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.Repository;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;

/**
 * Flink's own command line ({@code org.apache.flink.client.cli.CliFrontend}, what {@code bin/flink}
 * runs) against a cluster, in its own JVM with the class path of a Flink installation and {@code
 * FLINK_CONF_DIR} set: {@code flink run -d}, {@code flink cancel}, {@code flink stop}.
 */
public final class FlinkCli {

    public static final String CLI_CLASS = "org.apache.flink.client.cli.CliFrontend";
    private static final Pattern SUBMITTED =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    /** What one run of Flink's CLI printed, and how it ended. */
    public record Result(int exitCode, String output) {
        public Optional<String> jobId() {
            Matcher m = SUBMITTED.matcher(output);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }

        public Optional<String> savepointPath() {
            Matcher m = SAVEPOINT.matcher(output);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    /**
     * Where Flink's CLI finds the cluster: a conf folder, its REST address, and where the CLI logs.
     */
    public record Target(Path confDir, URI restAddress, Path clientLog) {

        public static Target of(FlinkCluster cluster) {
            if (!Files.isRegularFile(
                    cluster.confDir().resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
                throw new UnreachableException(
                        "no Flink cluster configured in "
                                + cluster.dir()
                                + ": start one with ./orderflow cluster start, or set"
                                + " FLINK_CONF_DIR to your Flink's conf folder");
            }
            return new Target(
                    cluster.confDir(),
                    cluster.restAddress(),
                    cluster.logDir().resolve("flink-client.log"));
        }

        /**
         * The cluster that {@code confDir}'s config.yaml names (rest.address, rest.port), as
         * FLINK_CONF_DIR does.
         */
        public static Target of(Path confDir, Path clientLog) {
            if (!Files.isRegularFile(confDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
                throw new UsageException(
                        "FLINK_CONF_DIR "
                                + confDir
                                + " has no "
                                + GlobalConfiguration.FLINK_CONF_FILENAME);
            }
            Configuration c = GlobalConfiguration.loadConfiguration(confDir.toString());
            URI rest =
                    URI.create(
                            "http://"
                                    + c.get(RestOptions.ADDRESS, "localhost")
                                    + ":"
                                    + c.get(RestOptions.PORT)
                                    + "/");
            return new Target(confDir, rest, clientLog);
        }

        public RestClient rest() {
            return new RestClient(restAddress);
        }

        public void requireAnswering() {
            if (!rest().answers()) {
                throw new UnreachableException(
                        "no Flink cluster answers at "
                                + restAddress
                                + " (configuration "
                                + confDir
                                + "): start one with ./orderflow cluster start");
            }
        }
    }

    private FlinkCli() {}

    /**
     * {@code flink run -d [flinkOptions] jar jobArgs...}; waits at most {@code timeout} (null: for
     * ever).
     */
    public static Result submit(
            Target target,
            List<String> flinkOptions,
            Path jar,
            List<String> jobArgs,
            Duration timeout,
            PrintStream out,
            PrintStream err) {
        if (!Files.isRegularFile(jar)) {
            throw new UsageException(
                    "no job jar at " + jar + ": build it with mvn -o -q -DskipTests install");
        }
        target.requireAnswering();
        List<String> cli = new ArrayList<>(List.of("run"));
        if (!flinkOptions.contains("-d") && !flinkOptions.contains("--detached")) {
            cli.add("-d");
        }
        cli.addAll(flinkOptions);
        cli.add(jar.toString());
        cli.addAll(jobArgs);
        return flink(target, cli, timeout, out, err);
    }

    /** {@code flink cancel jobId}. */
    public static Result cancel(
            Target target, String jobId, Duration timeout, PrintStream out, PrintStream err) {
        target.requireAnswering();
        return flink(target, List.of("cancel", jobId), timeout, out, err);
    }

    /**
     * {@code flink stop [-p savepointDir] [-d] jobId}: stop with a savepoint, drained when asked.
     */
    public static Result stop(
            Target target,
            String jobId,
            String savepointDir,
            boolean drain,
            Duration timeout,
            PrintStream out,
            PrintStream err) {
        target.requireAnswering();
        List<String> cli = new ArrayList<>(List.of("stop"));
        if (savepointDir != null) {
            cli.addAll(List.of("-p", savepointDir));
        }
        if (drain) {
            cli.add("-d");
        }
        cli.add(jobId);
        return flink(target, cli, timeout, out, err);
    }

    /**
     * Runs Flink's CLI with {@code args} as {@code bin/flink} does: its own JVM with {@code
     * env.java.opts.all} and {@code env.java.opts.client}, the Flink class path, {@code
     * FLINK_CONF_DIR}, and its log in {@code target.clientLog()}. Its output is copied to {@code
     * out} and {@code err} as it comes, and returned.
     */
    public static Result flink(
            Target target, List<String> args, Duration timeout, PrintStream out, PrintStream err) {
        Configuration conf = GlobalConfiguration.loadConfiguration(target.confDir().toString());
        Path log4j = target.confDir().resolve("log4j-cli.properties");
        if (!Files.isRegularFile(log4j)) {
            log4j = target.confDir().resolve("log4j.properties");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(FlinkLaunchParameters.javaBinary());
        cmd.addAll(
                FlinkLaunchParameters.javaOptions(
                        conf, List.of(CoreOptions.FLINK_CLI_JVM_OPTIONS)));
        cmd.addAll(
                List.of(
                        "-Dlog.file=" + target.clientLog(),
                        "-Dlog4j.configuration=file:" + log4j,
                        "-Dlog4j.configurationFile=file:" + log4j));
        cmd.addAll(List.of("-classpath", FlinkClasspath.get(), CLI_CLASS));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("FLINK_CONF_DIR", target.confDir().toString());
        File devNull = new File("/dev/null");
        if (devNull.exists()) {
            pb.redirectInput(Redirect.from(devNull));
        }
        try {
            Files.createDirectories(target.clientLog().getParent());
            Process process = pb.start();
            Thread stopper = new Thread(process::destroyForcibly, "flink-cli-stopper");
            Runtime.getRuntime().addShutdownHook(stopper);
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            Thread stdout = pump(process.getInputStream(), out, captured);
            Thread stderr = pump(process.getErrorStream(), err, captured);
            try {
                boolean ended =
                        timeout == null
                                ? waitFor(process)
                                : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            "flink "
                                    + args.get(0)
                                    + " did not finish within "
                                    + timeout.toSeconds()
                                    + " s");
                }
                stdout.join();
                stderr.join();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs
                }
            }
            String output;
            synchronized (captured) {
                output = captured.toString(StandardCharsets.UTF_8);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Flink's CLI: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Flink's CLI ran", e);
        }
    }

    private static boolean waitFor(Process process) throws InterruptedException {
        process.waitFor();
        return true;
    }

    private static Thread pump(InputStream from, PrintStream to, ByteArrayOutputStream captured) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[8192];
                            try {
                                for (int n; (n = from.read(buffer)) >= 0; ) {
                                    if (to != null) {
                                        to.write(buffer, 0, n);
                                        to.flush();
                                    }
                                    synchronized (captured) {
                                        captured.write(buffer, 0, n);
                                    }
                                }
                            } catch (IOException e) {
                                // the process ended
                            }
                        },
                        "flink-cli-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The job jar this repository builds: jobs/target/orderflow-jobs-*-all.jar. */
    public static Path defaultJar() {
        Path target = Repository.root().resolve("jobs").resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars =
                        files.filter(
                                        f -> {
                                            String n = f.getFileName().toString();
                                            return n.startsWith("orderflow-jobs-")
                                                    && n.endsWith("-all.jar");
                                        })
                                .sorted()
                                .toList();
                if (jars.size() == 1) {
                    return jars.get(0);
                }
                if (jars.size() > 1) {
                    throw new UsageException(
                            "several job jars in " + target + ": name one with --jar");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + target, e);
            }
        }
        throw new UsageException(
                "no job jar in " + target + ": build it with mvn -o -q -DskipTests install");
    }
}
