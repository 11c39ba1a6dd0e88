package io.orderflow.local;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.UnreachableException;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.StateDirs;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code ./orderflow stop [--savepoint-dir DIR] [--drain]}: stops a running job with a savepoint
 * through Flink's REST API (the same call as {@code flink stop --savepointPath}), and prints the
 * savepoint's path for {@code --from-savepoint}. By default the job {@code ./orderflow run} started.
 */
public final class StopCommand {

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: orderflow stop [--savepoint-dir DIR] [--drain] [--job ID --rest URL]",
                    "Stops a running job with a savepoint and prints its path; resume with",
                    "./orderflow run order-processing ... --from-savepoint PATH (any --parallelism).",
                    "  --savepoint-dir DIR   where the savepoint goes [.orderflow/savepoints]",
                    "  --drain               end the input first (the watermark moves to the end of time):",
                    "                        for a last stop, not for an upgrade",
                    "  --job ID, --rest URL  another job: its id and its cluster's REST address",
                    "                        [the job ./orderflow run is running]");

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private StopCommand() {}

    public static int run(List<String> argv) throws Exception {
        Args a = Args.parse(argv, Set.of("--savepoint-dir", "--job", "--rest"), Set.of("--drain"));
        if (a.help()) {
            System.out.println(USAGE);
            return 0;
        }
        String job = a.get("--job", null);
        String rest = a.get("--rest", null);
        if ((job == null) != (rest == null)) {
            throw new UsageException("--job and --rest go together");
        }
        if (job == null) {
            LocalRuns.Running running = LocalRuns.current()
                    .orElseThrow(() -> new UsageException("no job started by ./orderflow run is running here; name one with --job ID --rest URL"));
            job = running.jobId();
            rest = running.rest();
        }
        String dir = a.get("--savepoint-dir", StateDirs.of("savepoints").toUri().toString());
        String path = stopWithSavepoint(URI.create(rest), job, dir, a.flag("--drain"));
        System.out.println("Job " + job + " stopped with a savepoint at " + path);
        System.out.println("Resume with: ./orderflow run order-processing <options> --from-savepoint " + path);
        return 0;
    }

    /** POST /jobs/:id/stop, then polls the savepoint's status until it completes or fails. */
    static String stopWithSavepoint(URI rest, String job, String dir, boolean drain) throws Exception {
        try {
            return new RestClient(rest, Duration.ofSeconds(10), TIMEOUT).stopWithSavepoint(job, dir, drain, TIMEOUT);
        } catch (RestClient.HttpStatusException e) {
            throw new UsageException("cannot stop job " + job + " at " + rest + ": HTTP " + e.status() + " " + e.body());
        } catch (IOException e) {
            throw new UnreachableException("Flink at " + rest + " did not answer: " + e.getMessage());
        }
    }
}
