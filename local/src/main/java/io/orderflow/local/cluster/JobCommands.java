package io.orderflow.local.cluster;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.local.StopCommand;
import io.orderflow.testkit.Repository;
import io.orderflow.testkit.cluster.FlinkCli;
import io.orderflow.testkit.cluster.FlinkCli.Result;
import io.orderflow.testkit.cluster.FlinkCli.Target;
import io.orderflow.testkit.cluster.FlinkCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * {@code orderflow submit|cancel|stop}: their options; jobs go to a Flink cluster through {@link
 * FlinkCli}, Flink's own command line ({@code org.apache.flink.client.cli.CliFrontend}, what {@code
 * bin/flink} runs) in its own JVM with the class path of a Flink installation and {@code
 * FLINK_CONF_DIR} set, so that {@code ./orderflow submit order-processing ...} does exactly what
 * {@code flink run -d jobs/target/orderflow-jobs-<version>-all.jar order-processing ...} does. The
 * cluster is the one {@code ./orderflow cluster start} runs, or the one {@code FLINK_CONF_DIR}
 * describes when it is set.
 */
public final class JobCommands {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Set<String> JOBS =
            Set.of(OrderProcessingOptions.JOB_NAME, RiversOptions.JOB_NAME);

    /**
     * Options whose value is a file the job reads when it starts: Flink's CLI runs in another
     * folder.
     */
    private static final Set<String> FILE_OPTIONS = Set.of(KafkaClientConfig.OPTION, "--rivers");

    private JobCommands() {}

    // ---- command line ----

    /** {@code ./orderflow submit ...}: see {@link SubmitCommand}; a usage mistake is thrown. */
    public static int submit(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        return SubmitCommand.run(argv, out, err);
    }

    /**
     * Submits the job of {@code jobArgs} (its name, then its options) with Flink's CLI: {@code
     * flink run -d [flinkOptions] <jar> <jobArgs>}; {@code jar} and {@code clusterDir} null for the
     * defaults.
     */
    static int submit(
            List<String> flinkOptions,
            String jar,
            String clusterDir,
            List<String> jobArgs,
            PrintStream out,
            PrintStream err) {
        if (jobArgs.contains("--resume") && flinkOptions.contains("-s")) {
            throw new UsageException(
                    "--resume and -s exclude each other: --resume finds the job's latest checkpoint"
                            + " itself");
        }
        check(jobArgs);
        Target target = target(clusterDir);
        Path jarPath = jar != null ? Path.of(jar).toAbsolutePath() : FlinkCli.defaultJar();
        Result result =
                FlinkCli.submit(
                        target,
                        flinkOptions,
                        jarPath,
                        withCheckpointDir(target, withAbsoluteKafkaConfig(jobArgs)),
                        null,
                        out,
                        err);
        result.jobId()
                .ifPresent(
                        id ->
                                out.println(
                                        "Follow it: ./orderflow cluster status, or "
                                                + target.restAddress()
                                                + "#/job/running/"
                                                + id
                                                + "/overview"));
        return exitCode(result);
    }

    /**
     * The job's options checked here as the jar's main checks them (the files they name are read
     * here too), so a mistake is one line before Flink's CLI starts.
     */
    static void check(List<String> jobArgs) {
        List<String> options = jobArgs.subList(1, jobArgs.size());
        if (jobArgs.get(0).equals(RiversOptions.JOB_NAME)) {
            RiversOptions.parse(options);
        } else {
            OrderProcessingOptions.parse(options);
        }
    }

    /**
     * The job arguments with the files they name ({@code --kafka-config}, the rivers job's {@code
     * --rivers}) as absolute paths: Flink's CLI runs in another folder.
     */
    static List<String> withAbsoluteKafkaConfig(List<String> jobArgs) {
        List<String> args = new ArrayList<>(jobArgs);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            for (String option : FILE_OPTIONS) {
                if (a.equals(option) && i + 1 < args.size()) {
                    args.set(i + 1, Path.of(args.get(i + 1)).toAbsolutePath().toString());
                } else if (a.startsWith(option + "=")) {
                    args.set(
                            i,
                            option
                                    + "="
                                    + Path.of(a.substring(option.length() + 1)).toAbsolutePath());
                }
            }
        }
        return args;
    }

    /**
     * The job arguments with the cluster's {@code execution.checkpointing.dir} as --checkpoint-dir
     * when they name none, so the job checkpoints into its own folder there and --resume finds it.
     */
    static List<String> withCheckpointDir(Target target, List<String> jobArgs) {
        if (jobArgs.stream()
                .anyMatch(a -> a.equals("--checkpoint-dir") || a.startsWith("--checkpoint-dir="))) {
            return jobArgs;
        }
        Configuration conf = GlobalConfiguration.loadConfiguration(target.confDir().toString());
        return conf.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .map(
                        dir -> {
                            List<String> args = new ArrayList<>(jobArgs);
                            args.addAll(List.of("--checkpoint-dir", dir));
                            return args;
                        })
                .orElse(jobArgs);
    }

    public static int cancel(List<String> argv) {
        return CancelCommand.run(argv, System.out, System.err);
    }

    /** {@code ./orderflow stop}: see {@link StopCommand}. */
    public static int stop(List<String> argv) throws Exception {
        return stop(argv, System.out, System.err);
    }

    static int stop(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        return StopCommand.run(argv, out, err);
    }

    /**
     * Stops a job of a Flink cluster with a savepoint through Flink's CLI: {@code jobId}, or the
     * only running one when null; prints how to resume it.
     */
    public static int stopOnCluster(
            String clusterDir,
            String jobId,
            String savepointDir,
            boolean drain,
            PrintStream out,
            PrintStream err) {
        Target target = target(clusterDir);
        String job = jobIdOrOnlyRunning(target, jobId == null ? List.of() : List.of(jobId));
        String resumeAs = orderflowJobOf(target, job);
        Result result = FlinkCli.stop(target, job, savepointDir, drain, null, out, err);
        result.savepointPath()
                .ifPresent(
                        p ->
                                out.println(
                                        drain
                                                ? "Drained and stopped; its final savepoint: " + p
                                                : "Resume it with: ./orderflow submit -s "
                                                        + p
                                                        + " "
                                                        + resumeAs
                                                        + " <its options>"));
        return exitCode(result);
    }

    /**
     * The exit code of a Flink CLI call in {@link ExitCodes}' terms: the job's own main exits with
     * a usage mistake or an unreachable Kafka inside {@code flink run}, and those pass; anything
     * else the CLI reports (it exits 1 for every failure of its own) is a failure of the command.
     */
    static int exitCode(Result result) {
        int code = result.exitCode();
        return code == ExitCodes.OK || code == ExitCodes.USAGE || code == ExitCodes.UNREACHABLE
                ? code
                : ExitCodes.FAILED;
    }

    /**
     * Which of our jobs a cluster job runs, by its name ("orderflow rivers"), for the resume hint;
     * "<job>" when none or unknown.
     */
    private static String orderflowJobOf(Target target, String jobId) {
        try {
            String name = target.rest().job(jobId).name();
            return JOBS.stream()
                    .filter(j -> name.equals("orderflow " + j))
                    .findFirst()
                    .orElse("<job>");
        } catch (IOException e) {
            return "<job>";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "<job>";
        }
    }

    /** FLINK_CONF_DIR when set, else the cluster in {@code clusterDir} (null: the default one). */
    static Target target(String clusterDir) {
        String env = System.getenv("FLINK_CONF_DIR");
        Path root = Repository.root();
        if (env != null && !env.isBlank()) {
            Path conf = Path.of(env).toAbsolutePath().normalize();
            return Target.of(
                    conf, root.resolve(".orderflow").resolve("log").resolve("flink-client.log"));
        }
        return Target.of(FlinkCluster.in(clusterPath(clusterDir)));
    }

    /** FLINK_CONF_DIR is set, or the cluster of {@code clusterDir} runs. */
    public static boolean aClusterIsThere(String clusterDir) {
        String env = System.getenv("FLINK_CONF_DIR");
        if (env != null && !env.isBlank()) {
            return true;
        }
        return FlinkCluster.in(clusterPath(clusterDir)).jobManager().isPresent();
    }

    /** A --cluster-dir as given (relative to here), or the default one under the repository. */
    static Path clusterPath(String clusterDir) {
        return clusterDir != null
                ? Path.of(clusterDir).toAbsolutePath()
                : Repository.root().resolve(FlinkCluster.DEFAULT_DIR);
    }

    static String jobIdOrOnlyRunning(Target target, List<String> positional) {
        if (positional.size() > 1) {
            throw new UsageException("one job id only, got " + positional);
        }
        if (positional.size() == 1) {
            if (!JOB_ID.matcher(positional.get(0)).matches()) {
                throw new UsageException(
                        "a job id is 32 hex digits, was '" + positional.get(0) + "'");
            }
            return positional.get(0);
        }
        target.requireAnswering();
        try {
            List<RestClient.Job> running = target.rest().runningJobs();
            if (running.size() == 1) {
                return running.get(0).id();
            }
            if (running.isEmpty()) {
                throw new UsageException("no job runs on the cluster at " + target.restAddress());
            }
            StringBuilder list = new StringBuilder("several jobs run; name one:");
            running.forEach(
                    j ->
                            list.append(System.lineSeparator())
                                    .append("  ")
                                    .append(j.id())
                                    .append("  ")
                                    .append(j.state())
                                    .append("  ")
                                    .append(j.name()));
            throw new UsageException(list.toString());
        } catch (IOException e) {
            throw new UnreachableException(
                    "cannot list the jobs at " + target.restAddress() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
