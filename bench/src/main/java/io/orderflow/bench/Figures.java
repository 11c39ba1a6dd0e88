package io.orderflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Every figure the bench measured of one variant; serialized as it is into results.json. Null where
 * a figure does not apply or was not measured (e.g. verify for the ceiling, latency when skipped).
 */
public final class Figures {
    public String variant;
    public String description;

    // throughput phase
    public long inputRecords;
    public Double seconds;
    public Double eventsPerSecond;
    public Long outputRecords;
    public Boolean verifyOk;
    public Long violations;

    /**
     * Output records that differ from {@link #comparedWith}'s, both ways; 0 means byte-identical
     * decisions.
     */
    public Long differencesFromOrderflow;

    /**
     * The reference of that comparison: orderflow when it passed verify, else the first variant
     * that did.
     */
    public String comparedWith;

    public Long peakRssKbThroughput;

    /**
     * CPU time the variant's JVM spent per input event in the throughput run (less sensitive to
     * other load than events/s).
     */
    public Double cpuMicrosPerEvent;

    /**
     * Flink: largest checkpointed state seen (full size); Kafka Streams: its changelog topics'
     * bytes at the end.
     */
    public Long stateBytes;

    /**
     * Flink: largest incremental checkpoint; Kafka Streams: largest local state directory (SST
     * files).
     */
    public Long durableStateBytes;

    public Long checkpointsCompleted;

    /**
     * Transactional ids the brokers list after the throughput run that they did not list before it:
     * what the run's exactly-once sinks (or Kafka Streams) leave on the brokers, each kept for
     * transactional.id.expiration.ms (7 days by default).
     */
    public Long transactionalIdsRegistered;

    /**
     * The machine's 1-minute load average when the run ended: other work on the machine shows here.
     */
    public Double loadAverage;

    /**
     * CPU time of the bench's Kafka broker (its own JVM) over the variant's throughput run, per
     * input event: the broker work the variant causes; null with an outside broker
     * (--bootstrap-servers).
     */
    public Double brokerCpuMicrosPerEvent;

    /**
     * Every throughput run's figures when repeated (--repeat); the figures above are the median
     * run's.
     */
    public List<Double> eventsPerSecondRuns;

    public List<Double> cpuMicrosPerEventRuns;
    public List<Double> brokerCpuMicrosPerEventRuns;

    /**
     * The variant's CPU µs per input event by kind of thread ({@link ThreadCpu}: JIT compilers,
     * RocksDB's own threads, each operator's task...), and the broker's over the same run; with
     * --repeat each kind's median over the runs.
     */
    public Map<String, Double> cpuMicrosPerEventByThread;

    public Map<String, Double> brokerCpuMicrosPerEventByThread;

    // latency phase
    public Double offeredRate;
    public Double achievedRate;
    public Long latencyP50Ms;
    public Long latencyP99Ms;
    public Long latencyP999Ms;
    public Long latencyMaxMs;
    public Long ordersMeasured;
    public Long ordersUndecided;

    /**
     * How long the latency run's warm-up lasted, and whether it ended because the variant had
     * caught up with the load ({@link CatchUp}) rather than at its longest.
     */
    public Double latencyWarmupS;

    public Boolean latencyCaughtUp;

    /** The checkpoints triggered in the measured window: median and longest end-to-end. */
    public Long checkpointMedianMs;

    public Long checkpointMaxMs;

    /**
     * Where those checkpoints spent their time, task by task ({@link CheckpointTasks}): each part's
     * median over the window, and the parts of the longest one.
     */
    public Map<String, Map<String, Long>> checkpointTasksMedianMs;

    public Map<String, Map<String, Long>> checkpointTasksLongestMs;

    /**
     * What the latency is made of ({@link LatencyParts}): the median of each part, and each part's
     * mean over the slowest 1 % of decisions.
     */
    public Map<String, Long> latencyPartsMedianMs;

    public Map<String, Long> latencyPartsSlowestMs;
    public Long peakRssKbLatency;
    public Long latencyStateBytes;
    public Double loadAverageLatency;

    public String error;

    public Figures() {}

    public Figures(Variant v) {
        variant = v.id();
        description = v.description();
    }

    /** Peak RSS over both phases, in KiB, or null when neither was measured. */
    public Long peakRssKb() {
        if (peakRssKbThroughput == null) {
            return peakRssKbLatency;
        }
        return peakRssKbLatency == null
                ? peakRssKbThroughput
                : Math.max(peakRssKbThroughput, peakRssKbLatency);
    }

    /**
     * The state sizes a variant's JVM reported of itself: Flink's checkpoints, or Kafka Streams'
     * changelogs and state folder.
     */
    void stateFrom(JsonNode result, boolean latencyPhase) {
        Long state = null;
        Long durable = null;
        if (result.has("checkpoints")) {
            state = result.path("checkpoints").path("maxStateSizeBytes").asLong();
            durable = result.path("checkpoints").path("maxCheckpointedSizeBytes").asLong();
            if (!latencyPhase) {
                checkpointsCompleted = result.path("checkpoints").path("completed").asLong();
            }
        } else if (result.has("state")) {
            // Its changelog topics are what a checkpoint is to Flink: the state that survives a
            // crash.
            state = result.path("state").path("changelogBytes").asLong();
            durable = result.path("state").path("maxStateDirBytes").asLong();
        }
        if (latencyPhase) {
            latencyStateBytes = state;
        } else {
            stateBytes = state;
            durableStateBytes = durable;
        }
    }
}
