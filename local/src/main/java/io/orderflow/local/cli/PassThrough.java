package io.orderflow.local.cli;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.HelpRequested;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * A command that parses its own arguments: picocli names it in the help and the completion and
 * hands it every argument after its name as given ({@code run} and {@code submit}, whose job
 * options the job jar's own main parses too).
 */
public final class PassThrough implements Callable<Integer> {

    /** What such a command runs with its arguments. */
    @FunctionalInterface
    public interface Body {
        int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
    }

    @Parameters(paramLabel = "ARGS", description = "its arguments (see its --help)")
    private List<String> args = new ArrayList<>();

    private final Body body;
    private final PrintStream out;
    private final PrintStream err;

    private PassThrough(Body body, PrintStream out, PrintStream err) {
        this.body = body;
        this.out = out;
        this.err = err;
    }

    /**
     * A subcommand {@code name} of {@code parent} that runs {@code body} with its arguments
     * untouched.
     */
    public static void add(
            CommandLine parent,
            String name,
            String summary,
            Body body,
            PrintStream out,
            PrintStream err) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new PassThrough(body, out, err));
        spec.name(name);
        spec.usageMessage().description(summary);
        parent.addSubcommand(name, new CommandLine(spec));
        // After adding: a subcommand takes its parser settings from its parent when added.
        CommandSpec added = parent.getSubcommands().get(name).getCommandSpec();
        added.parser().unmatchedOptionsArePositionalParams(true);
        added.parser().endOfOptionsDelimiter("\u0000--"); // "--" too is the command's own
    }

    @Override
    public Integer call() throws Exception {
        try {
            return body.run(List.copyOf(args), out, err);
        } catch (HelpRequested help) {
            out.println(help.getMessage());
            return ExitCodes.OK;
        }
    }
}
