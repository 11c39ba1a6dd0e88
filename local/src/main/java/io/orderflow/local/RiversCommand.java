package io.orderflow.local;

import io.orderflow.jobs.options.Args;
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
import java.util.List;
import java.util.Set;

/**
 * {@code ./orderflow rivers check FILE}: reads a rivers spec (contract section 8) as the rivers job
 * would, and says which line of which river is wrong, or what each river reads and writes.
 */
public final class RiversCommand {

    /** Exit code when the spec has a mistake: the check failed. */
    public static final int SPEC_MISTAKE = ExitCodes.CHECK_FAILED;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: orderflow rivers check FILE [--rapids-topic T]",
            "",
            "Checks a rivers spec (YAML, contract section 8) as the rivers job reads it: prints each river and its",
            "output topic, or the one line naming the file, line, river and mistake.",
            "Exit code 0 when the spec is good, " + SPEC_MISTAKE + " when it has a mistake, 2 for a usage mistake or a file",
            "that cannot be read.",
            "",
            "Options:",
            "  --rapids-topic T   the topic the rivers job reads; no river may write to it [" + Topics.RAPIDS.name() + "]");

    private RiversCommand() {}

    public static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("--rapids-topic"), Set.of());
        if (args.help()) {
            out.println(USAGE);
            return 0;
        }
        List<String> positional = args.positional();
        if (positional.size() != 2 || !positional.get(0).equals("check")) {
            throw new UsageException("say check FILE (see --help)");
        }
        Path file = Path.of(positional.get(1));
        if (!Files.isReadable(file)) {
            throw new UsageException("cannot read the rivers spec " + file);
        }
        try {
            Rivers rivers = RiverSpec.parse(file, args.get("--rapids-topic", Topics.RAPIDS.name()));
            out.println(file + ": " + rivers.rivers().size() + " river(s), reading " + rivers.rapidsTopic());
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
}
