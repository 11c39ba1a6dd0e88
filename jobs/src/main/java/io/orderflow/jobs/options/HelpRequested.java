package io.orderflow.jobs.options;

/** {@code --help} was given: print the text and exit 0. */
public final class HelpRequested extends RuntimeException {

    public HelpRequested(String usage) {
        super(usage, null, false, false);
    }
}
