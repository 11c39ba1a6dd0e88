package io.orderflow.local;

import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.RiversJob;
import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.kafka.KafkaPreflight;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.CheckpointFinder;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.OrderProcessingDeclared;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversDeclared;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.local.cli.JobSubcommand;
import io.orderflow.local.cli.WebUiPort;
import io.orderflow.testkit.StateDirs;
import io.orderflow.testkit.flink.LocalFlink;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code ./orderflow run order-processing|rivers [job options] [--web-ui-port P]}: a job in a local
 * mini-cluster against any Kafka. With {@code --stop-at latest} it ends by itself once it has read
 * and committed everything that was in the topics when it started. The job options are the job
 * jar's own declarations ({@link OrderProcessingDeclared}, {@link RiversDeclared}).
 */
@Command(
        name = "run",
        synopsisSubcommandLabel = "<job>",
        description = {
            "run a job in a local Flink mini-cluster against a Kafka",
            "Runs the job in a local Flink mini-cluster (web UI on localhost)."
        },
        commandListHeading = "%nJobs:%n",
        footer = {
            "",
            "Checkpoints go to .orderflow/checkpoints unless --checkpoint-dir says otherwise, in a"
                + " folder per job and output set; after a crash, the same command with --resume"
                + " goes on from the latest one.",
            "<job> --help for its options.",
            "Exit codes: 0 a bounded run ended with its outputs committed, 2 a usage mistake or a"
                + " start-up check refused the run, 3 Kafka unreachable or an input topic missing,"
                + " 4 the job failed."
        })
public final class RunCommand implements Callable<Integer> {

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    private final PrintStream out;

    private RunCommand(PrintStream out) {
        this.out = out;
    }

    /** {@code run} with its jobs, printing to {@code out}. */
    public static CommandLine commandLine(PrintStream out) {
        CommandLine run = new CommandLine(new RunCommand(out));
        for (Object declared : List.of(new OrderProcessingDeclared(), new RiversDeclared())) {
            WebUiPort webUi = new WebUiPort();
            run.addSubcommand(
                    JobSubcommand.of(declared, jobArgs -> run(jobArgs, webUi.port(), out), webUi));
        }
        return run;
    }

    /** No job named: the help, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return ExitCodes.USAGE;
    }

    /**
     * {@code ./orderflow run} with {@code argv} as its tests call it: a mistake, a refused start or
     * an unreachable Kafka is thrown, not reported.
     */
    public static int run(List<String> argv) throws Exception {
        CommandLine run = commandLine(System.out);
        if (!Commands.parse(run, argv, System.out)) {
            return ExitCodes.OK;
        }
        ParseResult job = run.getParseResult().subcommand();
        if (job == null) {
            return run.<RunCommand>getCommand().call();
        }
        return job.commandSpec().commandLine().<JobSubcommand>getCommand().call();
    }

    /** Runs the job {@code jobArgs} names, with its options, to its end (or until stopped). */
    static int run(List<String> jobArgs, int webUiPort, PrintStream out) throws Exception {
        boolean rivers = jobArgs.get(0).equals(RiversOptions.JOB_NAME);
        List<String> options = new ArrayList<>(jobArgs.subList(1, jobArgs.size()));
        if (!options.contains("--checkpoint-dir")) {
            options.addAll(
                    List.of("--checkpoint-dir", StateDirs.of("checkpoints").toUri().toString()));
        }
        if (rivers) {
            RiversOptions o = CheckpointFinder.resolve(RiversOptions.parse(options), out);
            KafkaPreflight.check(o);
            OutputGuard.check(o);
            runLocally(
                    RiversJob.flinkConfig(o),
                    Math.max(1, o.parallelism),
                    env -> RiversJob.build(env, o),
                    o.bounded(),
                    webUiPort,
                    out);
        } else {
            OrderProcessingOptions o =
                    CheckpointFinder.resolve(OrderProcessingOptions.parse(options), out);
            KafkaPreflight.check(o);
            OutputGuard.check(o);
            runLocally(o, webUiPort, out);
        }
        out.println("The job ended; the outputs of everything it read are committed.");
        return ExitCodes.OK;
    }

    /** Runs the job to its end in a new mini-cluster; cancels it when this JVM is told to stop. */
    static void runLocally(OrderProcessingOptions options, int webUiPort, PrintStream out)
            throws Exception {
        runLocally(
                OrderProcessingJob.flinkConfig(options),
                Math.max(2, options.parallelism),
                env ->
                        OrderProcessingJob.build(
                                env, new KafkaSources(options), new KafkaSinks(options), options),
                options.bounded(),
                webUiPort,
                out);
    }

    /**
     * Runs a job that {@code build} wires to its end in a new mini-cluster; cancels it when this
     * JVM is told to stop.
     */
    static void runLocally(
            Configuration config,
            int slots,
            Consumer<StreamExecutionEnvironment> build,
            boolean bounded,
            int webUiPort,
            PrintStream out)
            throws Exception {
        try (LocalFlink flink = LocalFlink.start(config, slots, webUiPort)) {
            var env = flink.environment();
            build.accept(env);
            JobID job = flink.submit(env);
            out.println(
                    "Flink web UI and REST API: " + flink.restAddress() + "  (job " + job + ")");
            LocalRuns.record(flink.restAddress().toString(), job.toString());
            out.println(
                    bounded
                            ? "Bounded run: reads up to --stop-at, commits its last outputs and"
                                    + " ends by itself."
                            : "Running until stopped: Ctrl-C cancels it; ./orderflow stop takes a"
                                    + " savepoint first.");
            Thread stopper =
                    new Thread(
                            () -> {
                                try {
                                    flink.cancel(job);
                                } catch (Exception ignored) {
                                    // the job may have ended already
                                }
                            });
            Runtime.getRuntime().addShutdownHook(stopper);
            try {
                flink.await(job);
            } finally {
                LocalRuns.forget(job.toString());
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
        }
    }
}
