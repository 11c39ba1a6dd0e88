package io.orderflow.bench;

import java.util.List;
import java.util.Locale;

/** What the bench runs, one after another, each in its own JVM. */
public enum Variant {
    CEILING(
            "ceiling",
            Engine.FLINK_COPY,
            List.of(),
            "Flink, same sources and exactly-once sink, copies bytes"),
    ORDERFLOW(
            "orderflow",
            Engine.FLINK_JOB,
            List.of(),
            "the job as shipped: RocksDB, exactly-once, parallelism 2"),
    ORDERFLOW_HASHMAP(
            "orderflow-hashmap",
            Engine.FLINK_JOB,
            List.of("--state-backend", "hashmap"),
            "heap state backend"),
    ORDERFLOW_AT_LEAST_ONCE(
            "orderflow-alo",
            Engine.FLINK_JOB,
            List.of("--delivery", "at-least-once"),
            "at-least-once sink"),
    ORDERFLOW_UNCOMPRESSED(
            "orderflow-uncompressed",
            Engine.FLINK_JOB,
            List.of("--kafka-property", "compression.type=none"),
            "producers without compression"),
    ORDERFLOW_P1("orderflow-p1", Engine.FLINK_JOB, List.of("--parallelism", "1"), "parallelism 1"),
    KAFKA_STREAMS(
            "kafka-streams",
            Engine.KAFKA_STREAMS,
            List.of(),
            "Kafka Streams 4.2 peer, exactly_once_v2, 2 threads");

    public enum Engine {
        FLINK_COPY,
        FLINK_JOB,
        KAFKA_STREAMS
    }

    private final String id;
    private final Engine engine;
    private final List<String> jobArgs;
    private final String description;

    Variant(String id, Engine engine, List<String> jobArgs, String description) {
        this.id = id;
        this.engine = engine;
        this.jobArgs = jobArgs;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public Engine engine() {
        return engine;
    }

    /** Options given to the order-processing job on top of the bench's own. */
    public List<String> jobArgs() {
        return jobArgs;
    }

    public String description() {
        return description;
    }

    /** Whether its outputs follow the contract (the ceiling only copies its input). */
    public boolean decides() {
        return engine != Engine.FLINK_COPY;
    }

    public static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "'");
    }
}
