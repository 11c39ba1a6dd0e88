package io.orderflow.local;

import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.rivers.River;
import io.orderflow.rivers.RiverSpec;
import io.orderflow.rivers.RiverSpecException;
import io.orderflow.rivers.Rivers;
import io.orderflow.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./orderflow rivers check FILE}: reads a rivers spec (contract section 8) as the rivers job
 * would, and says which line of which river is wrong, or what each river reads and writes.
 */
@Command(
        name = "rivers",
        sortOptions = false,
        description = {
            "rivers check FILE: check a rivers spec (YAML) and say which line of which river is"
                    + " wrong",
            "Checks a rivers spec (YAML, contract section 8) as the rivers job reads it: prints"
                + " each river and its output topic, or the one line naming the file, line, river"
                + " and mistake."
        },
        footer = {
            "",
            "Exit code 0 when the spec is good, "
                    + RiversCommand.SPEC_MISTAKE
                    + " when it has a mistake, 2 for a usage mistake"
                    + " or a file that cannot be read."
        })
public final class RiversCommand implements Callable<Integer> {

    /** Exit code when the spec has a mistake: the check failed. */
    public static final int SPEC_MISTAKE = ExitCodes.CHECK_FAILED;

    @Mixin private HelpOption help;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "check",
            description = "the action: check",
            completionCandidates = Actions.class)
    private String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "the rivers spec")
    private Path file;

    @Option(
            names = "--rapids-topic",
            paramLabel = "T",
            description =
                    "the topic the rivers job reads; no river may write to it (default"
                            + " ${DEFAULT-VALUE})")
    private String rapidsTopic = Topics.RAPIDS.name();

    private final PrintStream out;
    private final PrintStream err;

    private RiversCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command, printing to {@code out} and {@code err}, for the command line. */
    public static RiversCommand printingTo(PrintStream out, PrintStream err) {
        return new RiversCommand(out, err);
    }

    public static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        RiversCommand command = new RiversCommand(out, err);
        return Commands.parse(command, argv, out) ? command.call() : ExitCodes.OK;
    }

    @Override
    public Integer call() {
        if (!"check".equals(action) || file == null) {
            throw new UsageException("say check FILE (see --help)");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException("cannot read the rivers spec " + file);
        }
        try {
            Rivers rivers = RiverSpec.parse(file, rapidsTopic);
            out.println(
                    file
                            + ": "
                            + rivers.rivers().size()
                            + " river(s), reading "
                            + rivers.rapidsTopic());
            for (River river : rivers.rivers()) {
                out.println("  " + river.name() + " -> " + river.topic());
            }
            return 0;
        } catch (RiverSpecException mistake) {
            err.println(mistake.getMessage());
            return SPEC_MISTAKE;
        } catch (IOException e) {
            throw new UsageException("cannot read the rivers spec " + file + ": " + e.getMessage());
        }
    }

    /** The actions, for the completion. */
    public static final class Actions extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        public Actions() {
            super(List.of("check"));
        }
    }
}
