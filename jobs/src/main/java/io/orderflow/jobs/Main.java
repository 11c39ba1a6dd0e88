package io.orderflow.jobs;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.kafka.KafkaPreflight;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.CheckpointFinder;
import io.orderflow.jobs.options.HelpRequested;
import io.orderflow.jobs.options.OrderProcessingDeclared;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversDeclared;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.client.deployment.application.executors.EmbeddedExecutor;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the fat jar: {@code flink run orderflow-jobs-<version>-all.jar order-processing
 * [options]}. The first argument names the job.
 */
public final class Main {

    /**
     * The jar's command line: a job's name, then its options ({@link OrderProcessingDeclared},
     * {@link RiversDeclared}).
     */
    @Command(
            name = "flink run <orderflow-jobs jar>",
            synopsisSubcommandLabel = "<job>",
            description =
                    "orderflow's Flink jobs: the first program argument names the job, the rest are"
                            + " its options.",
            subcommands = {OrderProcessingDeclared.class, RiversDeclared.class},
            commandListHeading = "%nJobs:%n",
            footer = {"", "<job> --help for its options."})
    private static final class JobJar {}

    static final String USAGE =
            Commands.configure(new CommandLine(new JobJar()), System.out, System.err)
                    .getUsageMessage()
                    .stripTrailing();

    static final String JOBS = OrderProcessingOptions.JOB_NAME + ", " + RiversOptions.JOB_NAME;

    private Main() {}

    public static void main(String[] argv) throws Exception {
        int code =
                run(
                        Arrays.asList(argv),
                        runsInTheJobManager(
                                StreamExecutionEnvironment.getExecutionEnvironment()
                                        .getConfiguration()));
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * In application mode (the Kubernetes operator's, or a standalone application cluster) {@code
     * main} runs inside the JobManager, through Flink's embedded executor: an exit there would end
     * the JobManager, and its pod would restart into the same mistake for ever.
     */
    static boolean runsInTheJobManager(ReadableConfig context) {
        return EmbeddedExecutor.NAME.equalsIgnoreCase(context.get(DeploymentOptions.TARGET));
    }

    /**
     * Runs a job; returns the process's exit code. {@code inJobManager}: a mistake or a failed
     * start-up check fails the application with its one line instead ({@link StartupRefused}).
     */
    static int run(List<String> argv, boolean inJobManager) throws Exception {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h")) {
            System.out.println(USAGE);
            if (argv.isEmpty() && inJobManager) {
                throw new StartupRefused(
                        "orderflow: the first program argument must name a job; jobs: " + JOBS);
            }
            return argv.isEmpty() ? UsageException.EXIT_CODE : 0;
        }
        String job = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        try {
            if (job.equals(OrderProcessingOptions.JOB_NAME)) {
                OrderProcessingOptions options =
                        CheckpointFinder.resolve(OrderProcessingOptions.parse(rest), System.out);
                KafkaPreflight.check(options);
                OutputGuard.check(options);
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(
                                OrderProcessingJob.flinkConfig(options));
                OrderProcessingJob.run(env, options);
                return 0;
            }
            if (job.equals(RiversOptions.JOB_NAME)) {
                RiversOptions options =
                        CheckpointFinder.resolve(RiversOptions.parse(rest), System.out);
                KafkaPreflight.check(options);
                OutputGuard.check(options);
                RiversJob.run(
                        StreamExecutionEnvironment.getExecutionEnvironment(
                                RiversJob.flinkConfig(options)),
                        options);
                return 0;
            }
            throw new UsageException("unknown job '" + job + "'; jobs: " + JOBS);
        } catch (HelpRequested help) {
            System.out.println(help.getMessage());
            return 0;
        } catch (UsageException e) {
            return refuse(job, e, UsageException.EXIT_CODE, inJobManager);
        } catch (UnreachableException e) {
            return refuse(job, e, UnreachableException.EXIT_CODE, inJobManager);
        }
    }

    /**
     * The one line of a mistake or an unreachable input: printed with {@code exitCode}, or failing
     * the application.
     */
    private static int refuse(String job, RuntimeException e, int exitCode, boolean inJobManager) {
        String line = "orderflow " + job + ": " + e.getMessage();
        if (inJobManager) {
            throw new StartupRefused(line);
        }
        System.err.println(line);
        return exitCode;
    }
}
