package io.orderflow.jobs.options;

import io.orderflow.jobs.cli.Range;
import io.orderflow.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The rivers job's command line (contract section 8), declared once for picocli: what {@code flink
 * run <jar> rivers}, {@code ./orderflow run rivers} and {@code ./orderflow submit rivers} parse and
 * print as their help. {@link RiversOptions} checks the values and reads the spec.
 */
@Command(
        name = RiversOptions.JOB_NAME,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "the rapids in; each river to its own topic, problems and dead letters out",
            "Reads the rapids topic and writes each river's records to its own topic"
                    + " (river.<name>), exactly once; records a river's rules refuse go to"
                    + " river-problems, bad records to dead letters."
        },
        footer = {
            "",
            "Output topics that do not exist are created like the rapids topic. Durations: 500ms,"
                    + " 30s, 5m, 2h, 7d."
        })
public final class RiversDeclared {

    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    @Option(
            names = "--rivers",
            paramLabel = "FILE",
            required = true,
            description =
                    "the rivers spec, YAML (required; check it with ./orderflow rivers check FILE)")
    String rivers;

    @Mixin JobOptionsDeclared common;

    @Option(names = "--rapids-topic", paramLabel = "T", description = "(default: ${DEFAULT-VALUE})")
    String rapidsTopic = Topics.RAPIDS.name();

    @Option(
            names = "--problems-topic",
            paramLabel = "T",
            description = "(default: ${DEFAULT-VALUE})")
    String problemsTopic = RiversOptions.DEFAULT_PROBLEMS_TOPIC;

    @Option(
            names = "--max-record-bytes",
            paramLabel = "N",
            description =
                    "larger rapids records become TOO_LARGE dead letters, larger river records 'too"
                            + " large' problems (default: ${DEFAULT-VALUE})")
    @Range(min = 64, max = MAX_RECORD_BYTES)
    int maxRecordBytes = RiversOptions.DEFAULT_MAX_RECORD_BYTES;
}
