package io.orderflow.local;

import io.orderflow.jobs.options.HelpRequested;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.local.cluster.ClusterCommand;
import io.orderflow.local.cluster.JobCommands;
import io.orderflow.local.generate.GenerateCommand;
import io.orderflow.local.kafka.KafkaCommand;
import io.orderflow.local.kafka.TopicsCommand;
import io.orderflow.local.verify.VerifyCommand;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code ./orderflow} command line: one subcommand per task. */
public final class Cli {

    interface Command {
        int run(List<String> args) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();
    private static final Map<String, String> SUMMARIES = new LinkedHashMap<>();

    static {
        add("demo", DemoCommand::run, "broker + job + sample orders on this machine, then a summary");
        add("run", RunCommand::run, "run a job in a local Flink mini-cluster against a Kafka");
        add("kafka", KafkaCommand::run, "start|stop|status a local single-node Kafka broker");
        add("topics", TopicsCommand::run, "create the contract's topics");
        add("generate", GenerateCommand::run, "write a reproducible stream of orders and inventory events");
        add("verify", VerifyCommand::run, "check committed outputs against the contract's invariants");
        add("rivers", RiversCommand::run, "rivers check FILE: check a rivers spec (YAML) and say which line of which river is wrong");
        add("status", StatusCommand::run, "where is my order? each order's latest status from the order-status topic");
        add("cluster", ClusterCommand::run, "start|add-taskmanager|status|stop a standalone Flink cluster (JobManager + TaskManagers)");
        add("submit", JobCommands::submit, "submit a job to the Flink cluster with Flink's CLI (flink run -d)");
        add("cancel", JobCommands::cancel, "cancel a job on the Flink cluster (flink cancel)");
        add("stop", JobCommands::stop, "stop a job with a savepoint: on the Flink cluster (flink stop), or of ./orderflow run");
        // Listed here, run by the orderflow script itself: the bench module's own main, on its own class path.
        SUMMARIES.put("bench", "orderflow side by side with Kafka Streams and the copy ceiling; bench dedup: dedup state in a fixed heap; bench rivers: the rivers job against one consumer per river (--help)");
    }

    private static void add(String name, Command command, String summary) {
        COMMANDS.put(name, command);
        SUMMARIES.put(name, summary);
    }

    private Cli() {}

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv)));
    }

    static int run(List<String> argv) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            System.out.println(usage());
            return argv.isEmpty() ? ExitCodes.USAGE : ExitCodes.OK;
        }
        String name = argv.get(0);
        Command command = COMMANDS.get(name);
        if (command == null) {
            System.err.println("orderflow: unknown command '" + name + "'\n" + usage());
            return ExitCodes.USAGE;
        }
        try {
            return command.run(argv.subList(1, argv.size()));
        } catch (HelpRequested help) {
            System.out.println(help.getMessage());
            return ExitCodes.OK;
        } catch (Exception e) {
            return CommandErrors.report(name, e, System.err);
        }
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("usage: orderflow <command> [options]   (<command> --help for its options)\n");
        SUMMARIES.forEach((name, summary) -> sb.append(String.format("  %-10s %s%n", name, summary)));
        sb.append(String.format("exit codes: %d ok, %d the check failed, %d a usage mistake, %d Kafka or Flink unreachable,"
                + " %d the command itself failed (README: Exit codes)%n", ExitCodes.OK, ExitCodes.CHECK_FAILED, ExitCodes.USAGE,
                ExitCodes.UNREACHABLE, ExitCodes.FAILED));
        return sb.toString().stripTrailing();
    }
}
