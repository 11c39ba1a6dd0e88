package io.orderflow.local;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.local.cli.OrderflowVersion;
import io.orderflow.local.cli.PassThrough;
import io.orderflow.local.cluster.CancelCommand;
import io.orderflow.local.cluster.ClusterCommand;
import io.orderflow.local.cluster.SubmitCommand;
import io.orderflow.local.generate.GenerateCommand;
import io.orderflow.local.kafka.KafkaCommand;
import io.orderflow.local.kafka.TopicsCommand;
import io.orderflow.local.verify.VerifyCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ./orderflow} command line: one subcommand per task, on picocli. Every command and
 * option is declared once; {@code --help}, {@code --version} and the shell completion ({@code
 * docs/orderflow-completion.bash}) are generated from the declarations.
 */
@Command(
        name = "orderflow",
        mixinStandardHelpOptions = true,
        versionProvider = OrderflowVersion.class,
        synopsisSubcommandLabel = "<command>",
        description =
                "orderflow: Apache Flink jobs for event-driven order processing on Kafka, and what"
                        + " runs and checks them on this machine.",
        commandListHeading = "%nCommands:%n",
        footer = {
            "",
            "<command> --help (or orderflow help <command>) for its options.",
            "Exit codes: "
                    + ExitCodes.OK
                    + " ok, "
                    + ExitCodes.CHECK_FAILED
                    + " the check failed, "
                    + ExitCodes.USAGE
                    + " a usage mistake, "
                    + ExitCodes.UNREACHABLE
                    + " Kafka or Flink unreachable, "
                    + ExitCodes.FAILED
                    + " the command itself failed (README: Exit codes)."
        },
        subcommands = CommandLine.HelpCommand.class)
public final class Cli implements Callable<Integer> {

    private final PrintStream out;

    @Spec private CommandSpec spec;

    private Cli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv)));
    }

    static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        return Commands.execute(commandLine(out, err), argv, err);
    }

    /**
     * The whole command line, every command declared: what runs, and what the help and the
     * completion are made from.
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Cli(out));
        cli.addSubcommand(DemoCommand.commandLine(out, err));
        cli.addSubcommand(RunCommand.commandLine(out));
        cli.addSubcommand(KafkaCommand.printingTo(out, err));
        cli.addSubcommand(TopicsCommand.printingTo(out, err));
        cli.addSubcommand(GenerateCommand.printingTo(out, err));
        cli.addSubcommand(VerifyCommand.printingTo(out, err));
        cli.addSubcommand(RiversCommand.printingTo(out, err));
        cli.addSubcommand(StatusCommand.printingTo(out));
        cli.addSubcommand(ClusterCommand.printingTo(out, err));
        cli.addSubcommand(SubmitCommand.commandLine(out, err));
        cli.addSubcommand(CancelCommand.printingTo(out, err));
        cli.addSubcommand(StopCommand.printingTo(out, err));
        // Listed here, run by the orderflow script itself: the bench module's own main, on its own
        // class path.
        PassThrough.add(
                cli,
                "bench",
                "orderflow side by side with Kafka Streams and the copy ceiling; bench dedup: dedup"
                    + " state in a fixed heap; bench rivers: the rivers job against one consumer"
                    + " per river (run by ./orderflow on the bench's class path; --help)",
                (a, o, e) -> {
                    e.println(
                            "orderflow bench: runs through the ./orderflow script, on the bench"
                                    + " module's own class path: ./orderflow bench --help");
                    return ExitCodes.USAGE;
                },
                out,
                err);
        return Commands.configure(cli, out, err);
    }

    /** No command: the help, and exit code 2 (a usage mistake), as before picocli. */
    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return ExitCodes.USAGE;
    }
}
