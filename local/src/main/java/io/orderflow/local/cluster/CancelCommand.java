package io.orderflow.local.cluster;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.testkit.cluster.FlinkCli;
import io.orderflow.testkit.cluster.FlinkCli.Target;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orderflow cancel [JOB_ID]}: cancels a job of the Flink cluster with Flink's CLI ({@link
 * JobCommands}).
 */
@Command(
        name = "cancel",
        sortOptions = false,
        description = {
            "cancel a job on the Flink cluster (flink cancel)",
            "Cancels a job with Flink's CLI (flink cancel JOB_ID). Its checkpoints are retained"
                    + " (RETAIN_ON_CANCELLATION): ./orderflow submit order-processing <its options>"
                    + " --resume resumes it from the latest."
        },
        footer = {
            "",
            "Exit codes: 0 cancelled, 2 a usage mistake (no job runs, or several and none is"
                    + " named), 3 no cluster configured or answering, 4 Flink's CLI failed."
        })
public final class CancelCommand implements Callable<Integer> {

    @Mixin private HelpOption help;

    @Parameters(
            arity = "0..1",
            paramLabel = "JOB_ID",
            description = "the job, 32 hex digits (default: the only running job)")
    private String jobId;

    @Option(
            names = "--cluster-dir",
            paramLabel = "DIR",
            description = "the cluster of ./orderflow cluster start (default .orderflow/cluster)")
    private String clusterDir;

    private final PrintStream out;
    private final PrintStream err;

    private CancelCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command, printing to {@code out} and {@code err}, for the command line. */
    public static CancelCommand printingTo(PrintStream out, PrintStream err) {
        return new CancelCommand(out, err);
    }

    /**
     * Parses {@code argv} and cancels (a usage mistake is thrown, as a {@link
     * io.orderflow.jobs.options.UsageException}).
     */
    static int run(List<String> argv, PrintStream out, PrintStream err) {
        CancelCommand command = new CancelCommand(out, err);
        return Commands.parse(command, argv, out) ? command.call() : ExitCodes.OK;
    }

    @Override
    public Integer call() {
        Target target = JobCommands.target(clusterDir);
        String job =
                JobCommands.jobIdOrOnlyRunning(target, jobId == null ? List.of() : List.of(jobId));
        return JobCommands.exitCode(FlinkCli.cancel(target, job, null, out, err));
    }
}
