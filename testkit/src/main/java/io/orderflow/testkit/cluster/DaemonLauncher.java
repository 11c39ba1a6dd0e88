package io.orderflow.testkit.cluster;

import io.orderflow.jobs.rest.RestClient;
import io.orderflow.testkit.cluster.FlinkCluster.Daemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;

/**
 * Launches the JVMs of a {@link FlinkCluster} with the command lines Flink's {@code jobmanager.sh},
 * {@code standalone-job.sh} and {@code taskmanager.sh} give them (JVM options and memory from
 * {@code BashJavaUtils}, {@code env.java.opts.*} from the configuration), and waits until they are
 * up: the JobManager when its REST API answers, TaskManagers when they registered with it. A
 * process that exits or does not come up within {@link FlinkCluster#START_TIMEOUT} fails with the
 * tail of its log. Which processes run, and whether one may start, is {@link FlinkCluster}'s to
 * say.
 */
final class DaemonLauncher {

    private final Path confDir;
    private final ClusterProcesses processes;

    DaemonLauncher(Path confDir, ClusterProcesses processes) {
        this.confDir = confDir;
        this.processes = processes;
    }

    /**
     * Launches the JobManager of a session cluster and waits until {@code rest} answers. Fails with
     * a clear message, before launching anything, when a port it needs is taken.
     */
    Daemon sessionJobManager(Configuration conf, RestClient rest) {
        requirePortFree(
                conf.get(RestOptions.BIND_ADDRESS, conf.get(RestOptions.ADDRESS, "localhost")),
                conf.get(RestOptions.BIND_PORT, String.valueOf(conf.get(RestOptions.PORT))),
                "REST API and web UI (rest.port)",
                "--rest-port");
        // With high availability the JobManager takes its RPC port from the HA setting (a free one
        // by default).
        boolean ha = HighAvailability.isZooKeeper(conf);
        requirePortFree(
                conf.get(
                        JobManagerOptions.BIND_HOST,
                        conf.get(JobManagerOptions.ADDRESS, "localhost")),
                ha
                        ? conf.get(HighAvailabilityOptions.HA_JOB_MANAGER_PORT_RANGE)
                        : String.valueOf(conf.get(JobManagerOptions.PORT)),
                ha
                        ? "JobManager RPC (high-availability.jobmanager.port)"
                        : "JobManager RPC (jobmanager.rpc.port)",
                ha ? "-D high-availability.jobmanager.port=P" : "--rpc-port");
        return awaitRestAnswer(
                launchJobManager(
                        conf,
                        FlinkCluster.JOBMANAGER_CLASS,
                        List.of("--configDir", confDir.toString(), "--executionMode", "cluster"),
                        List.of(),
                        null),
                rest);
    }

    /**
     * Launches a JobManager in application mode, as {@code standalone-job.sh} does: it runs {@code
     * jobClass}'s {@code main} with {@code programArgs} from {@code userJar} inside itself; waits
     * until {@code rest} answers. {@code dynamic}: extra {@code -D key=value} settings.
     */
    Daemon applicationJobManager(
            Configuration conf,
            RestClient rest,
            Path userJar,
            String jobClass,
            Map<String, String> dynamic,
            List<String> programArgs) {
        List<String> trailing = new ArrayList<>();
        dynamic.forEach((k, v) -> trailing.addAll(List.of("-D", k + "=" + v)));
        trailing.addAll(programArgs);
        return awaitRestAnswer(
                launchJobManager(
                        conf,
                        FlinkCluster.APPLICATION_CLASS,
                        List.of("--configDir", confDir.toString(), "--job-classname", jobClass),
                        trailing,
                        userJar.toString()),
                rest);
    }

    /**
     * Launches {@code count} TaskManagers and waits until all of them registered with the
     * JobManager at {@code rest}.
     */
    List<Daemon> taskManagers(Configuration conf, RestClient rest, int count) {
        FlinkLaunchParameters.ResourceParams params =
                FlinkLaunchParameters.resourceParams(confDir, "GET_TM_RESOURCE_PARAMS");
        List<String> envOptions =
                FlinkLaunchParameters.javaOptions(
                        conf,
                        List.of(
                                CoreOptions.FLINK_DEFAULT_TM_JVM_OPTIONS,
                                CoreOptions.FLINK_TM_JVM_OPTIONS));
        Map<String, Process> launched = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = FlinkCluster.TASKMANAGER_PREFIX + processes.nextTaskManagerIndex();
            List<String> jvm = new ArrayList<>();
            if (envOptions.isEmpty()) {
                jvm.add("-XX:+UseG1GC"); // taskmanager.sh: G1 when no JVM options are set
            }
            jvm.addAll(params.jvm());
            jvm.addAll(envOptions);
            List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
            args.addAll(params.dynamic());
            // A resource id that names the process, so REST's TaskManagers map to pids and logs.
            args.addAll(List.of("-D", "taskmanager.resource-id=" + name));
            launched.put(
                    name, processes.launch(name, FlinkCluster.TASKMANAGER_CLASS, jvm, args, null));
        }
        awaitRegistered(launched, rest);
        List<Daemon> daemons = new ArrayList<>();
        launched.forEach(
                (name, p) -> daemons.add(new Daemon(name, p.pid(), processes.logFile(name))));
        return daemons;
    }

    /**
     * Launches a JobManager JVM: {@code leading} arguments, BashJavaUtils' dynamic settings, then
     * {@code trailing}.
     */
    private Process launchJobManager(
            Configuration conf,
            String mainClass,
            List<String> leading,
            List<String> trailing,
            String userClasspath) {
        FlinkLaunchParameters.ResourceParams params =
                FlinkLaunchParameters.resourceParams(confDir, "GET_JM_RESOURCE_PARAMS");
        List<String> jvm = new ArrayList<>(params.jvm());
        jvm.addAll(
                FlinkLaunchParameters.javaOptions(
                        conf,
                        List.of(
                                CoreOptions.FLINK_DEFAULT_JM_JVM_OPTIONS,
                                CoreOptions.FLINK_JM_JVM_OPTIONS)));
        List<String> args = new ArrayList<>(leading);
        args.addAll(params.dynamic());
        args.addAll(trailing);
        return processes.launch(FlinkCluster.JOBMANAGER, mainClass, jvm, args, userClasspath);
    }

    private Daemon awaitRestAnswer(Process process, RestClient rest) {
        Duration timeout = FlinkCluster.START_TIMEOUT;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rest.answers()) {
            if (!process.isAlive()) {
                throw processes.startFailure(
                        FlinkCluster.JOBMANAGER,
                        "exited with code " + process.exitValue() + " while starting");
            }
            if (System.nanoTime() > deadline) {
                throw processes.startFailure(
                        FlinkCluster.JOBMANAGER,
                        "did not answer at "
                                + rest.base()
                                + " within "
                                + timeout.toSeconds()
                                + " s");
            }
            ClusterProcesses.waitFor(process, Duration.ofMillis(200));
        }
        return new Daemon(
                FlinkCluster.JOBMANAGER, process.pid(), processes.logFile(FlinkCluster.JOBMANAGER));
    }

    private void awaitRegistered(Map<String, Process> launched, RestClient rest) {
        Duration timeout = FlinkCluster.START_TIMEOUT;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Map.Entry<String, Process> e : launched.entrySet()) {
                if (!e.getValue().isAlive()) {
                    throw processes.startFailure(
                            e.getKey(),
                            "exited with code " + e.getValue().exitValue() + " while starting");
                }
            }
            try {
                Set<String> registered = new HashSet<>();
                rest.taskManagers().forEach(tm -> registered.add(tm.id()));
                if (registered.containsAll(launched.keySet())) {
                    return;
                }
            } catch (IOException e) {
                // the JobManager may be busy; try again until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while waiting for TaskManagers to register", e);
            }
            if (System.nanoTime() > deadline) {
                throw processes.startFailure(
                        launched.keySet().iterator().next(),
                        "did not register with the JobManager within "
                                + timeout.toSeconds()
                                + " s");
            }
            ClusterProcesses.waitFor(launched.values().iterator().next(), Duration.ofMillis(200));
        }
    }

    private static void requirePortFree(String host, String port, String what, String option) {
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            return; // a range such as 8081-8090: Flink picks a free one
        }
        if (p == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), p), 1);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port "
                            + p
                            + " on "
                            + host
                            + " for the "
                            + what
                            + " is already in use (another Flink cluster or web UI?): choose a free"
                            + " one with "
                            + option);
        }
    }
}
