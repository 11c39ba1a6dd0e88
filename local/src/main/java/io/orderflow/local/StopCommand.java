package io.orderflow.local;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.local.cluster.JobCommands;
import io.orderflow.testkit.StateDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./orderflow stop}: stops a running job with a savepoint and prints its path. A job of a
 * Flink cluster goes through Flink's CLI ({@link JobCommands#stopOnCluster}); a job of {@code
 * ./orderflow run} (its mini-cluster), or any job named with {@code --job}/{@code --rest}, through
 * Flink's REST API (the same call as {@code flink stop --savepointPath}). Without a job id, {@code
 * --cluster-dir} or a running cluster (nor FLINK_CONF_DIR naming one): the job {@code ./orderflow
 * run} started.
 */
@Command(
        name = "stop",
        sortOptions = false,
        description = {
            "stop a job with a savepoint: on the Flink cluster (flink stop), or of ./orderflow run",
            "Stops a job with a savepoint and prints the savepoint's path. A job of a Flink"
                + " cluster: with Flink's CLI (flink stop [-p URI] [-d] JOB_ID); ./orderflow submit"
                + " -s <path> order-processing|rivers <options> resumes it, also with a newer jar"
                + " or another parallelism. A job of ./orderflow run (when no cluster runs), or"
                + " --job ID --rest URL: through Flink's REST API; ./orderflow run order-processing"
                + " ... --from-savepoint PATH (any --parallelism) resumes it."
        },
        footer = {
            "",
            "Exit codes: 0 stopped with a savepoint, 2 a usage mistake (no job runs, or several and"
                + " none is named; Flink refused the stop), 3 no cluster configured or answering, 4"
                + " Flink's CLI or the savepoint failed."
        })
public final class StopCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Mixin private HelpOption help;

    @Parameters(
            arity = "0..1",
            paramLabel = "JOB_ID",
            description = "a job of the cluster, 32 hex digits (default: the only running job)")
    private String jobId;

    @Option(
            names = "--savepoint-dir",
            paramLabel = "URI",
            description =
                    "where the savepoint goes (default: the cluster's"
                            + " execution.checkpointing.savepoint-dir; for a job of ./orderflow run"
                            + " .orderflow/savepoints)")
    private String savepointDir;

    @Option(
            names = "--drain",
            description =
                    "end event time first (MAX_WATERMARK) so that pending decisions are emitted:"
                        + " for a last stop, not for an upgrade. On Flink 2.2.1 a source that has"
                        + " been idle (no input for --idle-timeout) drops that final watermark"
                        + " (FLINK-40499): its pending decisions then stay in the savepoint"
                        + " instead.")
    private boolean drain;

    @Option(
            names = "--cluster-dir",
            paramLabel = "DIR",
            description = "the cluster of ./orderflow cluster start (default .orderflow/cluster)")
    private String clusterDir;

    @Option(
            names = "--job",
            paramLabel = "ID",
            description = "another job, through Flink's REST API: its id (with --rest)")
    private String job;

    @Option(
            names = "--rest",
            paramLabel = "URL",
            description = "that job's cluster's REST address (with --job)")
    private String rest;

    private final PrintStream out;
    private final PrintStream err;

    private StopCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command, printing to {@code out} and {@code err}, for the command line. */
    public static StopCommand printingTo(PrintStream out, PrintStream err) {
        return new StopCommand(out, err);
    }

    public static int run(List<String> argv) throws Exception {
        return run(argv, System.out, System.err);
    }

    /** Parses {@code argv} and stops (a usage mistake or an unreachable Flink is thrown). */
    public static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        StopCommand command = new StopCommand(out, err);
        return Commands.parse(command, argv, out) ? command.call() : ExitCodes.OK;
    }

    @Override
    public Integer call() throws Exception {
        if (job != null || rest != null) {
            if (job == null || rest == null) {
                throw new UsageException("--job and --rest go together");
            }
            if (jobId != null || clusterDir != null) {
                throw new UsageException(
                        "--job and --rest name a job by its REST API: not with JOB_ID or"
                                + " --cluster-dir");
            }
            return stopThroughRest(job, rest);
        }
        if (jobId == null && clusterDir == null && !JobCommands.aClusterIsThere(null)) {
            LocalRuns.Running running =
                    LocalRuns.current()
                            .orElseThrow(
                                    () ->
                                            new UsageException(
                                                    "no job started by ./orderflow run is running"
                                                            + " here; name one with --job ID --rest"
                                                            + " URL"));
            return stopThroughRest(running.jobId(), running.rest());
        }
        return JobCommands.stopOnCluster(clusterDir, jobId, savepointDir, drain, out, err);
    }

    private int stopThroughRest(String job, String rest) throws Exception {
        String dir =
                savepointDir != null ? savepointDir : StateDirs.of("savepoints").toUri().toString();
        String path = stopWithSavepoint(URI.create(rest), job, dir, drain);
        out.println("Job " + job + " stopped with a savepoint at " + path);
        out.println(
                "Resume with: ./orderflow run order-processing <options> --from-savepoint " + path);
        return 0;
    }

    /** POST /jobs/:id/stop, then polls the savepoint's status until it completes or fails. */
    static String stopWithSavepoint(URI rest, String job, String dir, boolean drain)
            throws Exception {
        try {
            return new RestClient(rest, Duration.ofSeconds(10), TIMEOUT)
                    .stopWithSavepoint(job, dir, drain, TIMEOUT);
        } catch (RestClient.HttpStatusException e) {
            throw new UsageException(
                    "cannot stop job "
                            + job
                            + " at "
                            + rest
                            + ": HTTP "
                            + e.status()
                            + " "
                            + e.body());
        } catch (IOException e) {
            throw new UnreachableException(
                    "Flink at " + rest + " did not answer: " + e.getMessage());
        }
    }
}
