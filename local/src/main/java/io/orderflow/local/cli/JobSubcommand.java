package io.orderflow.local.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * A job as a subcommand ({@code run order-processing}, {@code submit rivers}): the job's own
 * declared options ({@code OrderProcessingDeclared}, {@code RiversDeclared}: the ones the job jar
 * parses) and the command's own (e.g. {@code --web-ui-port}), so its {@code --help} and its checks
 * come from the same declarations as the jar's. It hands its body the job's options as given.
 */
@Command(sortOptions = false)
public final class JobSubcommand implements Callable<Integer> {

    /** What the subcommand runs with the job's options as given, in the job jar's form. */
    @FunctionalInterface
    public interface Body {
        int run(List<String> jobArgs) throws Exception;
    }

    @Spec private CommandSpec spec;

    private final String job;
    private final Body body;
    private final Set<String> jobOptions = new HashSet<>();

    private JobSubcommand(String job, Body body) {
        this.job = job;
        this.body = body;
    }

    /**
     * The job of {@code declared} (its {@code @Command} gives the name and description) as a
     * subcommand, with the options of {@code ownMixins} beside the job's.
     */
    public static CommandLine of(Object declared, Body body, Object... ownMixins) {
        CommandSpec job = CommandSpec.forAnnotatedObject(declared);
        JobSubcommand command = new JobSubcommand(job.name(), body);
        job.options().forEach(o -> command.jobOptions.add(o.longestName()));
        CommandSpec spec = CommandSpec.forAnnotatedObject(command);
        spec.name(job.name());
        spec.usageMessage()
                .description(job.usageMessage().description())
                .footer(job.usageMessage().footer())
                .abbreviateSynopsis(true);
        spec.addMixin("job", job);
        for (int i = 0; i < ownMixins.length; i++) {
            spec.addMixin("own" + i, CommandSpec.forAnnotatedObject(ownMixins[i]));
        }
        return new CommandLine(spec);
    }

    @Override
    public Integer call() throws Exception {
        return body.run(jobArgs(spec.commandLine().getParseResult()));
    }

    /**
     * The job's name, then the job's own options as given (a flag once, a valued option with each
     * value).
     */
    List<String> jobArgs(ParseResult parsed) {
        List<String> args = new ArrayList<>(List.of(job));
        // An option given twice is matched twice, with all its values each time.
        for (OptionSpec option : new LinkedHashSet<>(parsed.matchedOptions())) {
            if (!jobOptions.contains(option.longestName()) || option.usageHelp()) {
                continue;
            }
            if (option.arity().max() == 0) {
                args.add(option.longestName());
                continue;
            }
            for (String value : option.originalStringValues()) {
                args.add(option.longestName());
                args.add(value);
            }
        }
        return args;
    }
}
