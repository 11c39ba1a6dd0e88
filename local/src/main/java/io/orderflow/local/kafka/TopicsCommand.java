package io.orderflow.local.kafka;

import io.orderflow.jobs.cli.CommandErrors;
import io.orderflow.jobs.cli.Commands;
import io.orderflow.jobs.cli.HelpOption;
import io.orderflow.jobs.cli.KafkaOptions;
import io.orderflow.jobs.cli.Range;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.testkit.kafka.TopicRefusedException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orderflow topics create}: creates the order-processing topics (and any {@code --topic}
 * extras such as the rivers job's input) under their default names. Topics that exist with the same
 * partition count are fine.
 */
@Command(
        name = TopicsCommand.NAME,
        sortOptions = false,
        description = {
            "create the contract's topics",
            "Creates the order-processing topics (existing ones are fine when their partition count"
                    + " matches); the order-status topic is compacted."
        },
        footer = {
            "",
            "Exit codes: 0 the topics are there, 1 one exists with another partition count or Kafka"
                + " refused it, 2 a usage mistake, 3 Kafka did not answer or refused the client, 4"
                + " the command itself failed."
        })
public final class TopicsCommand implements Callable<Integer> {

    public static final String NAME = "topics";
    public static final int DEFAULT_PARTITIONS = 3;

    @Mixin private HelpOption help;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "create",
            description = "the action: create",
            completionCandidates = Actions.class)
    private String action;

    @Mixin private KafkaOptions kafka;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "partitions per topic (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = 10_000)
    private int partitions = DEFAULT_PARTITIONS;

    @Option(
            names = "--replication-factor",
            paramLabel = "R",
            description = "replicas per partition (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = Short.MAX_VALUE)
    private int replicationFactor = 1;

    @Option(
            names = "--topic",
            paramLabel = "NAME",
            description = "one more topic to create with the same settings; repeatable")
    private List<String> extraTopics = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    private TopicsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command, printing to {@code out} and {@code err}, for the command line. */
    public static TopicsCommand printingTo(PrintStream out, PrintStream err) {
        return new TopicsCommand(out, err);
    }

    public static void main(String[] argv) {
        System.exit(run(List.of(argv)));
    }

    public static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        return Commands.run(new TopicsCommand(out, err), argv, out, err);
    }

    @Override
    public Integer call() {
        try {
            if (!"create".equals(action)) {
                throw new UsageException(
                        action == null
                                ? "say create (see --help)"
                                : "unknown action [" + action + "]: say create");
            }
            KafkaConnection connection = kafka.connection();
            Map<String, Integer> wanted = new LinkedHashMap<>();
            for (String topic : TopicAdmin.TopicNames.defaults().all()) {
                wanted.put(topic, partitions);
            }
            for (String topic : extraTopics) {
                if (topic.isBlank()) {
                    throw new UsageException("--topic needs a name");
                }
                wanted.put(topic, partitions);
            }
            Map<String, Integer> created =
                    TopicAdmin.createTopics(connection, wanted, (short) replicationFactor);
            created.forEach(
                    (topic, n) ->
                            out.println(
                                    topic + ": " + n + (n == 1 ? " partition" : " partitions")));
            return 0;
        } catch (TopicRefusedException e) {
            err.println("orderflow " + NAME + ": " + e.getMessage());
            return ExitCodes.CHECK_FAILED;
        } catch (RuntimeException e) {
            return CommandErrors.report(NAME, e, err);
        }
    }

    /** The actions, for the completion. */
    public static final class Actions extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        public Actions() {
            super(List.of("create"));
        }
    }
}
