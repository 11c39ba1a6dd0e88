package io.orderflow.local.cli;

import io.orderflow.jobs.cli.Range;
import picocli.CommandLine.Option;

/** {@code --web-ui-port} of every command that runs a local Flink mini-cluster, as a mixin. */
public final class WebUiPort {

    public static final int DEFAULT = 8081;

    @Option(
            names = "--web-ui-port",
            paramLabel = "P",
            description =
                    "first port to try for the Flink web UI and REST API (default"
                            + " ${DEFAULT-VALUE}); 0 = any")
    @Range(min = 0, max = 65535)
    private int port = DEFAULT;

    public int port() {
        return port;
    }
}
