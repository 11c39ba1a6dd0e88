package io.orderflow.jobs;

import io.orderflow.jobs.kafka.KafkaSinks;
import io.orderflow.jobs.kafka.KafkaSources;
import io.orderflow.jobs.kafka.OutputRecord;
import io.orderflow.jobs.kafka.RecordOriginDeserializer;
import io.orderflow.jobs.options.RiversOptions;
import io.orderflow.jobs.rivers.RiverRouter;
import io.orderflow.jobs.rivers.RiverTopics;
import io.orderflow.schemas.RecordOrigin;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The rivers job (contract section 8): each river is filtered once, exactly once, into its own
 * topic, instead of every service reading the whole rapids.
 *
 * <pre>
 * rapids ══▶ RiverRouter ══▶ river.&lt;name&gt; topics, river-problems, dead-letters
 * </pre>
 *
 * ══▶ chained: no exchange and no state; the source's offsets and the sink's transactions are the
 * checkpoint, so the records of one input partition keep their order and each is routed once.
 */
public final class RiversJob {

    private RiversJob() {}

    /** Runs the job on the rapids topic; blocks until it ends (a bounded replay ends by itself). */
    public static JobExecutionResult run(StreamExecutionEnvironment env, RiversOptions options)
            throws Exception {
        build(env, options);
        return env.execute("orderflow " + RiversOptions.JOB_NAME);
    }

    /** Wires the job between the rapids topic and its Kafka outputs. */
    public static void build(StreamExecutionEnvironment env, RiversOptions options) {
        if (options.parallelism > 0) {
            env.setParallelism(options.parallelism);
        }
        build(
                rapids(env, options),
                KafkaSinks.sink(options, options.transactionalIdPrefix),
                options);
    }

    /** The rapids topic as the run's options say (group, start, stop, resumable). */
    public static DataStream<RecordOrigin> rapids(
            StreamExecutionEnvironment env, RiversOptions options) {
        return env.fromSource(
                        KafkaSources.source(
                                options,
                                options.rapidsTopic,
                                "rapids",
                                new RecordOriginDeserializer()),
                        WatermarkStrategy.noWatermarks(),
                        "rapids")
                .uid("rapids-source");
    }

    /** Wires the router between any source of rapids records and any sink of encoded outputs. */
    public static void build(
            DataStream<RecordOrigin> rapids, Sink<OutputRecord> sink, RiversOptions o) {
        route(rapids, o).sinkTo(sink).name("rivers").uid("kafka-rivers");
    }

    /**
     * Each rapids record's river records, problems and dead letters, encoded for Kafka; tests put
     * their own sink behind it.
     */
    public static DataStream<OutputRecord> route(DataStream<RecordOrigin> rapids, RiversOptions o) {
        RiverTopics topics =
                new RiverTopics(o.rapidsTopic, o.problemsTopic, o.deadLettersTopic, o.outputPrefix);
        return rapids.flatMap(
                        new RiverRouter(
                                o.riversSpec,
                                o.riversFile.getFileName().toString(),
                                topics,
                                o.maxRecordBytes,
                                o.deadLetterValueBytes))
                .name("RiverRouter")
                .uid("river-router");
    }

    /**
     * The job's Flink settings: exactly-once checkpoints retained on cancel; the heap state
     * backend, as the job keeps no state of its own (the source's offsets and the sink's
     * transactions only).
     */
    public static Configuration flinkConfig(RiversOptions o) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval);
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        if (o.checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.jobCheckpointDir());
        }
        if (o.fromSavepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, o.fromSavepoint);
            conf.set(
                    StateRecoveryOptions.RESTORE_MODE,
                    o.resumesOwnCheckpoint()
                            ? RecoveryClaimMode.CLAIM
                            : RecoveryClaimMode.NO_CLAIM);
        }
        conf.set(PipelineOptions.MAX_PARALLELISM, OrderProcessingJob.MAX_PARALLELISM);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.NAME, "orderflow " + RiversOptions.JOB_NAME);
        // Shown in the cluster's REST API, where the start-up guard of the next job looks for it.
        conf.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, JobParameters.of(o.transactionalIdPrefix));
        return conf;
    }
}
