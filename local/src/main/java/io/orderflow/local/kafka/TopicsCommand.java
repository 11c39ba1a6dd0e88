package io.orderflow.local.kafka;

import io.orderflow.jobs.options.Args;
import io.orderflow.jobs.options.ExitCodes;
import io.orderflow.jobs.options.KafkaClientConfig;
import io.orderflow.jobs.options.KafkaConnection;
import io.orderflow.jobs.options.UsageException;
import io.orderflow.schemas.Topics;
import io.orderflow.local.CommandErrors;
import io.orderflow.testkit.kafka.TopicAdmin;
import io.orderflow.testkit.kafka.TopicRefusedException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code orderflow topics create}: creates the order-processing topics (and any {@code --topic}
 * extras such as the rivers job's input) under their default names. Topics that exist with the same
 * partition count are fine.
 */
public final class TopicsCommand {

    public static final String NAME = "topics";
    public static final int DEFAULT_PARTITIONS = 3;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: orderflow topics create --bootstrap-servers H:P [--kafka-config FILE] [--partitions N] [--replication-factor R]"
                    + " [--topic NAME]...",
            "",
            "Creates the order-processing topics " + TopicAdmin.TopicNames.defaults().all()
                    + " (existing ones are fine when their partition count matches); " + Topics.ORDER_STATUS.name() + " is compacted.",
            "",
            "Options:",
            "  --bootstrap-servers H:P   the Kafka broker, e.g. 127.0.0.1:9092 (required unless the file names it)",
            "  --kafka-config FILE       Kafka client settings (security), as Kafka's --command-config; docs/security.md",
            "  --partitions N            partitions per topic (default " + DEFAULT_PARTITIONS + ")",
            "  --replication-factor R    replicas per partition (default 1)",
            "  --topic NAME              one more topic to create with the same settings; repeatable",
            "",
            "Exit codes: 0 the topics are there, 1 one exists with another partition count or Kafka refused it,",
            "2 a usage mistake, 3 Kafka did not answer or refused the client, 4 the command itself failed.");

    private TopicsCommand() {}

    public static void main(String[] argv) {
        System.exit(run(List.of(argv)));
    }

    public static int run(List<String> argv) {
        return run(argv, System.out, System.err);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        try {
            Args args = Args.parse(argv,
                    Set.of("--bootstrap-servers", KafkaClientConfig.OPTION, "--partitions", "--replication-factor", "--topic"), Set.of());
            if (args.help()) {
                out.println(USAGE);
                return 0;
            }
            if (!args.positional().equals(List.of("create"))) {
                throw new UsageException(args.positional().isEmpty()
                        ? "say create (see --help)"
                        : "unknown action " + args.positional() + ": say create");
            }
            KafkaConnection kafka = KafkaConnection.fromArgs(args);
            int partitions = args.intIn("--partitions", DEFAULT_PARTITIONS, 1, 10_000);
            short replication = (short) args.intIn("--replication-factor", 1, 1, Short.MAX_VALUE);
            Map<String, Integer> wanted = new LinkedHashMap<>();
            for (String topic : TopicAdmin.TopicNames.defaults().all()) {
                wanted.put(topic, partitions);
            }
            for (String topic : args.all("--topic")) {
                if (topic.isBlank()) {
                    throw new UsageException("--topic needs a name");
                }
                wanted.put(topic, partitions);
            }
            Map<String, Integer> created = TopicAdmin.createTopics(kafka, wanted, replication);
            created.forEach((topic, n) -> out.println(topic + ": " + n + (n == 1 ? " partition" : " partitions")));
            return 0;
        } catch (TopicRefusedException e) {
            err.println("orderflow " + NAME + ": " + e.getMessage());
            return ExitCodes.CHECK_FAILED;
        } catch (RuntimeException e) {
            return CommandErrors.report(NAME, e, err);
        }
    }
}
