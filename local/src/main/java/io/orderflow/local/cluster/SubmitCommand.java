package io.orderflow.local.cluster;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.OrderProcessingDeclared;
import io.orderflow.jobs.options.RiversDeclared;
import io.orderflow.local.cli.JobSubcommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code orderflow submit [flink run options] order-processing|rivers [job options]}: submits a job
 * with Flink's own CLI, detached ({@link JobCommands#submit}). The job options are the job jar's
 * own declarations, checked here before Flink's CLI starts.
 */
@Command(
        name = "submit",
        sortOptions = false,
        synopsisSubcommandLabel = "<job>",
        description = {
            "submit a job to the Flink cluster with Flink's CLI (flink run -d)",
            "Submits a job with Flink's own CLI, detached: the same as",
            "  flink run -d [flink run options] jobs/target/orderflow-jobs-<version>-all.jar <job>"
                    + " [job options]",
            "on a Flink 2.2 installation. The cluster is the one ./orderflow cluster start runs,"
                + " or, when FLINK_CONF_DIR is set, the one its config.yaml names (rest.address,"
                + " rest.port)."
        },
        commandListHeading = "%nJobs:%n",
        footer = {
            "",
            "Other flink run options before the job's name are passed to Flink's CLI as given.",
            "Without --checkpoint-dir the job checkpoints into the cluster's"
                    + " execution.checkpointing.dir, in a folder of its own.",
            "<job> --help for the job's options.",
            "Exit codes: 0 submitted, 2 a usage mistake (also the job's own, from its main), 3"
                    + " Kafka or the cluster unreachable, 4 Flink's CLI failed."
        })
public final class SubmitCommand implements Callable<Integer> {

    @Mixin private HelpOption help;

    @Option(
            names = "--jar",
            paramLabel = "PATH",
            description = "the job jar (default: jobs/target/orderflow-jobs-<version>-all.jar)")
    String jar;

    @Option(
            names = "--cluster-dir",
            paramLabel = "DIR",
            description = "the cluster of ./orderflow cluster start (default: .orderflow/cluster)")
    String clusterDir;

    @Option(
            names = {"-s", "--fromSavepoint"},
            paramLabel = "PATH",
            description =
                    "flink run: start from a savepoint or retained checkpoint (also the job option"
                            + " --from-savepoint; the job option --resume finds the job's latest"
                            + " retained checkpoint itself)")
    String fromSavepoint;

    @Option(
            names = {"-n", "--allowNonRestoredState"},
            description = "flink run: allow state of operators the job no longer has")
    boolean allowNonRestoredState;

    @Option(
            names = {"-p", "--parallelism"},
            paramLabel = "N",
            description = "flink run: the job's parallelism")
    @Range(min = 1, max = 32_768)
    Integer parallelism;

    @Option(
            names = "-D",
            paramLabel = "key=value",
            description = "flink run: a Flink setting for this job; repeatable")
    List<String> flinkSettings = new ArrayList<>();

    @Unmatched List<String> otherFlinkOptions = new ArrayList<>();

    @Spec private CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private SubmitCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** {@code submit} with its jobs, printing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        SubmitCommand submit = new SubmitCommand(out, err);
        CommandLine commandLine = new CommandLine(submit);
        commandLine.addSubcommand(JobSubcommand.of(new OrderProcessingDeclared(), submit::submit));
        commandLine.addSubcommand(JobSubcommand.of(new RiversDeclared(), submit::submit));
        return commandLine;
    }

    /** {@code ./orderflow submit} as its tests call it: a usage mistake is thrown, not reported. */
    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        CommandLine submit = commandLine(out, err);
        if (!Commands.parse(submit, argv, out)) {
            return ExitCodes.OK;
        }
        ParseResult job = submit.getParseResult().subcommand();
        return job == null
                ? submit.<SubmitCommand>getCommand().call()
                : job.commandSpec().commandLine().<JobSubcommand>getCommand().call();
    }

    /** No job named: the help, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return ExitCodes.USAGE;
    }

    private int submit(List<String> jobArgs) {
        return JobCommands.submit(flinkOptions(), jar, clusterDir, jobArgs, out, err);
    }

    /** The options for {@code flink run}, as given. */
    List<String> flinkOptions() {
        List<String> options = new ArrayList<>();
        if (fromSavepoint != null) {
            options.addAll(List.of("-s", fromSavepoint));
        }
        if (allowNonRestoredState) {
            options.add("-n");
        }
        if (parallelism != null) {
            options.addAll(List.of("-p", parallelism.toString()));
        }
        flinkSettings.forEach(setting -> options.addAll(List.of("-D", setting)));
        options.addAll(otherFlinkOptions);
        return options;
    }
}
