package io.orderflow.jobs.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} of every command, as a mixin: {@code @Mixin HelpOption help;}. */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this help and exit")
    boolean help;
}
