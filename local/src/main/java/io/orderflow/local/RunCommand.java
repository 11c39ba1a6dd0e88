package io.orderflow.local;

import io.orderflow.jobs.OrderProcessingJob;
import io.orderflow.jobs.RiversJob;
import io.orderflow.jobs.kafka.KafkaPreflight;
import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputGuard;
import io.orderflow.jobs.options.CheckpointFinder;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.OrderProcessingOptions;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.StateDirs;
import io.orderflow.testkit.flink.LocalFlink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./orderflow run order-processing [job options] [--web-ui-port P]}: the job in a local
 * mini-cluster against any Kafka. With {@code --stop-at latest} it ends by itself once it has read
 * and committed everything that was in the topics when it started.
 */
public final class RunCommand {

    static final String USAGE =
            "usage: orderflow run order-processing|rivers --bootstrap-servers H:P [job options] [--web-ui-port P]\n"
                    + "Runs the job in a local Flink mini-cluster (web UI on localhost); run rivers --help for the rivers job's options.\n"
                    + "  --web-ui-port P    first port to try for the web UI and REST API [8081]; 0 = any\n"
                    + "Checkpoints go to .orderflow/checkpoints unless --checkpoint-dir says otherwise, in a folder per job\n"
                    + "and output set; after a crash, the same command with --resume goes on from the latest one.\n\n"
                    + OrderProcessingOptions.USAGE;

    static final String RIVERS_USAGE =
            "usage: orderflow run rivers --bootstrap-servers H:P --rivers FILE [job options] [--web-ui-port P]\n"
                    + "Runs the rivers job in a local Flink mini-cluster (web UI on localhost).\n"
                    + "  --web-ui-port P    first port to try for the web UI and REST API [8081]; 0 = any\n\n"
                    + RiversOptions.USAGE;

    private RunCommand() {}

    public static int run(List<String> argv) throws Exception {
        boolean rivers = !argv.isEmpty() && argv.get(0).equals(RiversOptions.JOB_NAME);
        if (argv.isEmpty() || argv.contains("--help") || argv.contains("-h")) {
            System.out.println(rivers ? RIVERS_USAGE : USAGE);
            return argv.isEmpty() ? ExitCodes.USAGE : ExitCodes.OK;
        }
        if (!rivers && !argv.get(0).equals(OrderProcessingOptions.JOB_NAME)) {
            throw new UsageException("unknown job '" + argv.get(0) + "'; jobs: " + OrderProcessingOptions.JOB_NAME + ", " + RiversOptions.JOB_NAME);
        }
        List<String> jobArgs = new ArrayList<>(argv.subList(1, argv.size()));
        int webUiPort = takeIntOption(jobArgs, "--web-ui-port", 8081);
        if (!jobArgs.contains("--checkpoint-dir") && jobArgs.stream().noneMatch(a -> a.startsWith("--checkpoint-dir="))) {
            jobArgs.add("--checkpoint-dir");
            jobArgs.add(StateDirs.of("checkpoints").toUri().toString());
        }
        if (rivers) {
            RiversOptions options = CheckpointFinder.resolve(RiversOptions.parse(jobArgs), System.out);
            KafkaPreflight.check(options);
            OutputGuard.check(options);
            runLocally(RiversJob.flinkConfig(options), Math.max(1, options.parallelism), env -> RiversJob.build(env, options), options.bounded(),
                    webUiPort, System.out);
            System.out.println("The job ended; the outputs of everything it read are committed.");
            return 0;
        }
        OrderProcessingOptions options = CheckpointFinder.resolve(OrderProcessingOptions.parse(jobArgs), System.out);
        KafkaPreflight.check(options);
        OutputGuard.check(options);
        runLocally(options, webUiPort, System.out);
        System.out.println("The job ended; the outputs of everything it read are committed.");
        return 0;
    }

    /** Runs the job to its end in a new mini-cluster; cancels it when this JVM is told to stop. */
    static void runLocally(OrderProcessingOptions options, int webUiPort, java.io.PrintStream out) throws Exception {
        runLocally(OrderProcessingJob.flinkConfig(options), Math.max(2, options.parallelism),
                env -> OrderProcessingJob.build(env, new KafkaSources(options), new KafkaSinks(options), options), options.bounded(), webUiPort, out);
    }

    /** Runs a job that {@code build} wires to its end in a new mini-cluster; cancels it when this JVM is told to stop. */
    static void runLocally(Configuration config, int slots, Consumer<StreamExecutionEnvironment> build, boolean bounded, int webUiPort,
            java.io.PrintStream out) throws Exception {
        try (LocalFlink flink = LocalFlink.start(config, slots, webUiPort)) {
            var env = flink.environment();
            build.accept(env);
            JobID job = flink.submit(env);
            out.println("Flink web UI and REST API: " + flink.restAddress() + "  (job " + job + ")");
            LocalRuns.record(flink.restAddress().toString(), job.toString());
            out.println(bounded
                    ? "Bounded run: reads up to --stop-at, commits its last outputs and ends by itself."
                    : "Running until stopped: Ctrl-C cancels it; ./orderflow stop takes a savepoint first.");
            Thread stopper = new Thread(() -> {
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

    private static int takeIntOption(List<String> args, String name, int fallback) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            if (a.equals(name) && i + 1 < args.size()) {
                value = args.remove(i + 1);
                args.remove(i);
            } else if (a.startsWith(name + "=")) {
                value = a.substring(name.length() + 1);
                args.remove(i);
            }
            if (value != null) {
                try {
                    int port = Integer.parseInt(value);
                    if (port >= 0 && port <= 65535) {
                        return port;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new UsageException(name + " must be a port from 0 to 65535, was '" + value + "'");
            }
        }
        return fallback;
    }
}
