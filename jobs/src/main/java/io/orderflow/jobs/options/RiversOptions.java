package io.orderflow.jobs.options;

import io.orderflow.rivers.River;
import io.orderflow.rivers.RiverSpec;
import io.orderflow.rivers.RiverSpecException;
import io.orderflow.rivers.Rivers;
import io.orderflow.schemas.DeadLetterLimits;
import io.orderflow.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every option of the rivers job (contract section 8), parsed and checked at start-up: the rivers
 * spec is read here, so a mistake in it stops the job before anything runs, with one line naming
 * the file, line, river and mistake. The replay options are the order-processing job's.
 */
public final class RiversOptions implements JobRun {

    public static final String JOB_NAME = "rivers";

    /** A river record larger than this becomes a "too large" RiverProblem; a rapids record larger, a TOO_LARGE dead letter. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 900 * 1024;
    public static final String DEFAULT_PROBLEMS_TOPIC = "river-problems";

    private static final Set<String> VALUED;
    private static final Set<String> FLAGS = RunArgs.FLAGS;

    static {
        Set<String> valued = new HashSet<>(RunArgs.VALUED);
        valued.addAll(List.of("--rivers", "--rapids-topic", "--problems-topic"));
        VALUED = Set.copyOf(valued);
    }

    public static final String USAGE =
            String.join(
                    "\n",
                    "rivers: reads the rapids topic and writes each river's records to its own topic (river.<name>),",
                    "exactly once; records a river's rules refuse go to river-problems, bad records to dead letters.",
                    "",
                    "Options (defaults in brackets):",
                    "  --bootstrap-servers H:P[,H:P]   Kafka brokers (required)",
                    "  --rivers FILE                   the rivers spec, YAML (required; ./orderflow rivers check FILE)",
                    "  --rapids-topic T                [" + Topics.RAPIDS.name() + "]",
                    "  --problems-topic T              [" + DEFAULT_PROBLEMS_TOPIC + "]",
                    "  --dead-letters-topic T          [" + Topics.DEAD_LETTERS.name() + "]",
                    "  --starting-offsets F            earliest, latest, committed[:latest], timestamp:<ISO-8601>,",
                    "                                  or topic:partition:offset,... [committed, else earliest]",
                    "  --stop-at F                     latest, timestamp:<ISO-8601> or topic:partition:offset,...:",
                    "                                  read up to there (positions taken at start), commit, and end",
                    "  --output-prefix P               write every output topic as P<name>, with its own consumer group and",
                    "                                  transactional ids: a side-by-side replay",
                    "  --allow-live-outputs            let a run that does not start from committed offsets or a",
                    "                                  savepoint write to live output topics that already hold records",
                    "  --from-savepoint PATH           resume from a savepoint or retained checkpoint (any parallelism)",
                    "  --resume                        resume from this job's latest retained checkpoint in --checkpoint-dir",
                    "  --group-id G                    consumer group for committed offsets [orderflow-rivers]",
                    "  --parallelism N                 [the cluster's default]",
                    "  --checkpoint-interval D         [2s]",
                    "  --checkpoint-dir URI            where checkpoints go [the cluster's execution.checkpointing.dir]",
                    "  --max-record-bytes N            larger rapids records become TOO_LARGE dead letters, larger river",
                    "                                  records 'too large' problems [" + DEFAULT_MAX_RECORD_BYTES + "]",
                    "  --dead-letter-value-bytes N     a dead letter or problem holds at most the first N bytes of the value [65536]",
                    "  --delivery exactly-once|at-least-once   [exactly-once]",
                    "  --transactional-id-prefix P     [orderflow-rivers-<hash of group and outputs>]",
                    "  --kafka-config FILE             Kafka client settings (security...) for every client; docs/security.md",
                    "  --kafka-property k=v            one more Kafka client setting, over the file's (repeatable)",
                    "Output topics that do not exist are created like the rapids topic. Durations: 500ms, 30s, 5m, 2h, 7d.");

    public final String bootstrapServers;
    public final Map<String, String> kafkaProperties;
    public final Path riversFile;
    /** The spec's text, read at start-up and shipped with the job, so the cluster needs no copy of the file. */
    public final String riversSpec;
    public final Rivers rivers;
    public final String rapidsTopic;
    public final String problemsTopic;
    public final String deadLettersTopic;
    public final String outputPrefix;
    public final OffsetPosition startingOffsets;
    public final OffsetPosition stopAt;
    public final boolean allowLiveOutputs;
    public final String fromSavepoint;
    public final boolean resume;
    public final String groupId;
    public final int parallelism;
    public final Duration checkpointInterval;
    public final String checkpointDir;
    public final int maxRecordBytes;
    public final int deadLetterValueBytes;
    public final OrderProcessingOptions.Delivery delivery;
    public final String transactionalIdPrefix;
    public final List<String> argv;

    private RiversOptions(Args a, List<String> argv) {
        this.argv = List.copyOf(argv);
        KafkaConnection kafka = KafkaConnection.fromArgs(a);
        bootstrapServers = RunArgs.bootstrapServers(kafka);
        outputPrefix = RunArgs.outputPrefix(a);
        rapidsTopic = RunArgs.topic(a, "--rapids-topic", Topics.RAPIDS.name(), "");
        problemsTopic = RunArgs.topic(a, "--problems-topic", DEFAULT_PROBLEMS_TOPIC, outputPrefix);
        deadLettersTopic = RunArgs.topic(a, "--dead-letters-topic", Topics.DEAD_LETTERS.name(), outputPrefix);
        riversFile = Path.of(a.required("--rivers"));
        riversSpec = read(riversFile);
        try {
            rivers = RiverSpec.parse(riversSpec, riversFile.getFileName().toString(), rapidsTopic);
        } catch (RiverSpecException mistake) {
            throw new UsageException(mistake.getMessage());
        }
        if (new HashSet<>(List.of(rapidsTopic, problemsTopic, deadLettersTopic)).size() != 3 || riverTopics().contains(problemsTopic)
                || riverTopics().contains(deadLettersTopic) || riverTopics().contains(rapidsTopic)) {
            throw new UsageException("the rapids, problems and dead-letter topics and every river's topic must be different topics");
        }
        startingOffsets = RunArgs.startingOffsets(a, inputTopics());
        stopAt = RunArgs.stopAt(a, inputTopics());
        allowLiveOutputs = a.flag("--allow-live-outputs");
        fromSavepoint = a.get("--from-savepoint", null);
        resume = a.flag("--resume");
        RunArgs.refuseResumeWithSavepoint(resume, fromSavepoint);
        groupId = RunArgs.groupId(a, JOB_NAME, outputPrefix);
        parallelism = a.intIn("--parallelism", -1, 1, 1024);
        checkpointInterval = RunArgs.positive(a, "--checkpoint-interval", "2s", Duration.ofMillis(10));
        checkpointDir = a.get("--checkpoint-dir", null);
        maxRecordBytes = a.intIn("--max-record-bytes", DEFAULT_MAX_RECORD_BYTES, 64, 64 * 1024 * 1024);
        deadLetterValueBytes = a.intIn("--dead-letter-value-bytes", DeadLetterLimits.DEFAULT_VALUE_BYTES, 0, OrderProcessingOptions.MAX_DEAD_LETTER_VALUE_BYTES);
        delivery = a.enumValue("--delivery", OrderProcessingOptions.Delivery.class, OrderProcessingOptions.Delivery.EXACTLY_ONCE);
        kafkaProperties = RunArgs.kafkaProperties(a, kafka);
        List<String> identity = new ArrayList<>(List.of(groupId));
        identity.addAll(outputTopics());
        transactionalIdPrefix = RunArgs.transactionalIdPrefix(a, JOB_NAME, identity);
        RunArgs.refuseUnexpected(a);
    }

    public static RiversOptions parse(List<String> argv) {
        Args args = Args.parse(argv, VALUED, FLAGS);
        if (args.help()) {
            throw new HelpRequested(USAGE);
        }
        return new RiversOptions(args, argv);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("--rivers: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    /** Each river's output topic under the output prefix, in spec order, each once. */
    public List<String> riverTopics() {
        Set<String> topics = new LinkedHashSet<>();
        for (River river : rivers.rivers()) {
            topics.add(outputPrefix + river.topic());
        }
        return List.copyOf(topics);
    }

    @Override
    public String jobName() {
        return JOB_NAME;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    @Override
    public List<String> inputTopics() {
        return List.of(rapidsTopic);
    }

    @Override
    public String inputTopicOption(String inputTopic) {
        return "--rapids-topic";
    }

    /** The river topics, then the problems and the dead-letter topic. */
    @Override
    public List<String> outputTopics() {
        List<String> outputs = new ArrayList<>(riverTopics());
        outputs.add(problemsTopic);
        outputs.add(deadLettersTopic);
        return outputs;
    }

    /** Rivers come and go with the spec: their topics are created when missing, as the problems topic. */
    @Override
    public List<String> outputTopicsCreatedIfMissing() {
        return outputTopics();
    }

    @Override
    public OffsetPosition startingOffsets() {
        return startingOffsets;
    }

    @Override
    public OffsetPosition stopAt() {
        return stopAt;
    }

    @Override
    public String outputPrefix() {
        return outputPrefix;
    }

    @Override
    public boolean allowLiveOutputs() {
        return allowLiveOutputs;
    }

    @Override
    public String fromSavepoint() {
        return fromSavepoint;
    }

    @Override
    public boolean resume() {
        return resume;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    @Override
    public boolean exactlyOnce() {
        return delivery == OrderProcessingOptions.Delivery.EXACTLY_ONCE;
    }

    @Override
    public String jobCheckpointDir() {
        return RunArgs.jobCheckpointDir(checkpointDir, transactionalIdPrefix);
    }

    @Override
    public RiversOptions resumingFrom(String path) {
        return parse(RunArgs.resumingArgs(argv, path));
    }
}
