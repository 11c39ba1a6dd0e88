package io.orderflow.jobs.cli;

import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.HelpRequested;
import io.orderflow.jobs.options.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code ./orderflow} command is parsed and run on picocli: one configuration, help and
 * version from the declarations, and every usage mistake as one line naming the option and the rule
 * ({@code orderflow topics: --partitions must be a whole number from 1 to 10000, was '0'}), exit
 * code {@link ExitCodes#USAGE}.
 */
public final class Commands {

    /**
     * The command line's name: every message starts with it and the command's ({@code orderflow
     * topics: ...}).
     */
    public static final String PROGRAM = "orderflow";

    /** Columns of the generated help. */
    static final int HELP_WIDTH = 110;

    private Commands() {}

    /**
     * A command line for {@code command} (a picocli {@code @Command}, or a {@link CommandLine}
     * built with its subcommands already added) configured as every orderflow command is; help and
     * version go to {@code out}.
     */
    public static CommandLine configure(CommandLine commandLine, PrintStream out, PrintStream err) {
        commandLine.setExpandAtFiles(false); // a value may start with @
        // A flag may be given twice, as before; a valued option given twice is refused by
        // OptionRules.check.
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setUsageHelpWidth(HELP_WIDTH);
        commandLine.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        OptionRules.register(commandLine);
        return commandLine;
    }

    /**
     * Parses {@code argv} into {@code command}'s fields (a command's own entry point, as its tests
     * call it). Prints the help on {@code out} and returns false when it was asked for; a usage
     * mistake is a {@link UsageException} with its one line.
     */
    public static boolean parse(Object command, List<String> argv, PrintStream out) {
        CommandLine commandLine = standalone(command, out, System.err);
        try {
            ParseResult parsed = commandLine.parseArgs(argv.toArray(String[]::new));
            if (CommandLine.executeHelpRequest(parsed) != null) {
                return false;
            }
            checkEveryLevel(parsed);
            return true;
        } catch (ParameterException e) {
            if (asksForHelp(argv) && e.getCommandLine().getSubcommands().isEmpty()) {
                e.getCommandLine().usage(e.getCommandLine().getOut());
                return false;
            }
            throw new UsageException(message(e));
        }
    }

    /**
     * Parses {@code argv} into {@code command}'s fields, as {@link #parse} does, for a job's
     * options (their callers handle the exception): asked for help, a {@link HelpRequested} holding
     * the help.
     */
    public static void parseOrHelp(Object command, List<String> argv) {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        if (!parse(command, argv, new PrintStream(help, true, StandardCharsets.UTF_8))) {
            throw new HelpRequested(help.toString(StandardCharsets.UTF_8).stripTrailing());
        }
    }

    /** {@code command}'s help, generated from its declarations, as {@code --help} prints it. */
    public static String usage(Object command) {
        return standalone(command, System.out, System.err).getUsageMessage().stripTrailing();
    }

    /**
     * Parses {@code argv} on {@code commandLine} (configured) and runs the command it names (a
     * {@link Callable} of its exit code): help, version and every usage mistake as one line with
     * exit code 2 are handled here; what the command throws is reported by {@link CommandErrors}.
     */
    public static int execute(CommandLine commandLine, List<String> argv, PrintStream err) {
        ParseResult last;
        try {
            ParseResult parsed = commandLine.parseArgs(argv.toArray(String[]::new));
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) {
                return help;
            }
            last = last(parsed);
            checkEveryLevel(parsed);
        } catch (ParameterException e) {
            if (asksForHelp(argv) && e.getCommandLine().getSubcommands().isEmpty()) {
                e.getCommandLine().usage(e.getCommandLine().getOut());
                return ExitCodes.OK;
            }
            err.println(label(e.getCommandLine()) + ": " + message(e));
            return ExitCodes.USAGE;
        }
        CommandLine command = last.commandSpec().commandLine();
        String label = label(command);
        String name = label.equals(PROGRAM) ? PROGRAM : label.substring(PROGRAM.length() + 1);
        try {
            @SuppressWarnings("unchecked")
            Callable<Integer> callable = (Callable<Integer>) command.getCommand();
            return callable.call();
        } catch (Exception e) {
            return CommandErrors.report(name, e, err);
        }
    }

    /**
     * Runs {@code command} (a picocli {@code @Command}, or its {@link CommandLine} with
     * subcommands) on its own, as {@code ./orderflow <command>} does: the entry point of a command
     * that its tests call with their own streams.
     */
    public static int run(Object command, List<String> argv, PrintStream out, PrintStream err) {
        return execute(standalone(command, out, err), argv, err);
    }

    /**
     * {@code command} on its own, named as under the whole command line ({@code orderflow kafka})
     * in its help and messages.
     */
    private static CommandLine standalone(Object command, PrintStream out, PrintStream err) {
        CommandLine commandLine =
                command instanceof CommandLine given ? given : new CommandLine(command);
        commandLine.setCommandName(PROGRAM + " " + commandLine.getCommandName());
        return configure(commandLine, out, err);
    }

    /**
     * {@code orderflow} and the command's names: {@code orderflow cluster}, also for a command run
     * on its own.
     */
    static String label(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName(" ");
        return qualified.equals(PROGRAM) || qualified.startsWith(PROGRAM + " ")
                ? qualified
                : PROGRAM + " " + qualified;
    }

    /**
     * The one line of a usage mistake, naming the option (or argument) and the rule, without the
     * command's name.
     */
    static String message(ParameterException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UsageException) {
                return t.getMessage();
            }
        }
        // Picocli checks required options before it reports unknown ones; a misspelt option is the
        // mistake to name.
        List<String> unmatched =
                e instanceof UnmatchedArgumentException u
                        ? u.getUnmatched()
                        : e.getCommandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            String first = unmatched.get(0);
            if (first.startsWith("-")) {
                int eq = first.indexOf('=');
                return "unknown option "
                        + (eq > 0 ? first.substring(0, eq) : first)
                        + " (see --help)";
            }
            if (e.getCommandLine().getCommandSpec().subcommands().isEmpty()) {
                return "unexpected argument '" + first + "' (see --help)";
            }
            return "unknown command '" + first + "' (see " + label(e.getCommandLine()) + " --help)";
        }
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
            ArgSpec arg = missing.getMissing().get(0);
            if (!arg.isOption()) {
                return "name "
                        + (arg.arity().max() > 1 ? "at least one " : "")
                        + arg.paramLabel()
                        + " (see --help)";
            }
            boolean requiredOption = e.getMessage().startsWith("Missing required option");
            return OptionRules.name(arg) + (requiredOption ? " is required" : " needs a value");
        }
        if (e instanceof OverwrittenOptionException overwritten
                && overwritten.getOverwritten() != null) {
            return OptionRules.name(overwritten.getOverwritten()) + " is given more than once";
        }
        if (e.getArgSpec() != null
                && e.getValue() != null
                && e.getCause() instanceof TypeConversionException) {
            String rule = OptionRules.rule(e.getArgSpec(), e.getValue());
            if (rule != null) {
                return rule;
            }
        }
        return e.getMessage();
    }

    /**
     * The rules of the command's options and of each subcommand's on the way ({@code submit -p 0
     * rivers}).
     */
    private static void checkEveryLevel(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            OptionRules.check(level);
        }
    }

    private static ParseResult last(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        return last;
    }

    /** A command's --help among mistakes still shows its help, as before picocli. */
    private static boolean asksForHelp(List<String> argv) {
        return argv.contains("--help") || argv.contains("-h");
    }
}
