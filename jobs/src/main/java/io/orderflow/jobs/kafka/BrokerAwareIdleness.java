package io.orderflow.jobs.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Watermark idleness that counts only the silence of a partition that could have been read, and
 * moves event time on with the wall clock while all input is quiet.
 *
 * <p>Flink's {@link WatermarkStrategy#withIdleness} takes a partition for idle after a time without
 * records. During a broker outage every partition falls silent; once the brokers are back, the
 * first partition read again would carry the watermark past the backlog of the others, still taken
 * for idle, and their records would arrive late: the decisions would depend on timing. Here silence
 * counts only after {@code timeout} without records <em>and</em> {@code timeout} in which the
 * brokers answered for every input partition without a break, and only while the job's committed
 * offsets are at the end of every input partition: after a restart the readers may take longer than
 * {@code timeout} to fetch their backlog, whose records would otherwise arrive late. Silence under
 * backpressure does not count either (Flink's input activity clock stops then).
 *
 * <p>A partition whose silence counts does not go idle (an idle input moves no watermark on, so the
 * last orders read before the input went quiet would wait for the next record): it emits the wall
 * clock less {@code maxOutOfOrderness} (contract section 5). Once every partition is quiet, the
 * watermark is therefore max(watermark, wall clock - maxOutOfOrderness); while others are read, a
 * quiet partition holds nothing back unless their events are dated ahead of the wall clock.
 */
public final class BrokerAwareIdleness<T> implements WatermarkStrategy<T> {

    private static final long serialVersionUID = 1L;

    /** What the brokers say of the input partitions. */
    public interface Reachability {
        /**
         * How long, in nanoseconds, the input partitions have been readable without a break; 0 if
         * they are not.
         */
        long reachableForNanos();

        /**
         * Whether the job has read every input partition to its end, as the offsets its checkpoints
         * committed tell. A partition with records left to read is not quiet, however long nothing
         * came from it: after a restart the readers take a while to fetch again, and a backlog
         * whose event time the wall clock has passed would otherwise arrive late.
         */
        default boolean inputReadToEnd() {
            return true;
        }
    }

    private final WatermarkStrategy<T> watermarks;
    private final Duration timeout;
    private final Duration maxOutOfOrderness;
    private final String bootstrapServers;
    private final TreeMap<String, String> kafkaProperties;
    private final List<String> topics;
    private final String groupId;

    /**
     * {@code watermarks} with this idleness, watching {@code topics} on {@code bootstrapServers}
     * and the offsets that the job's group {@code groupId} commits.
     */
    public BrokerAwareIdleness(
            WatermarkStrategy<T> watermarks,
            Duration timeout,
            Duration maxOutOfOrderness,
            String bootstrapServers,
            Map<String, String> kafkaProperties,
            List<String> topics,
            String groupId) {
        this.watermarks = watermarks;
        this.timeout = timeout;
        this.maxOutOfOrderness = maxOutOfOrderness;
        this.bootstrapServers = bootstrapServers;
        this.kafkaProperties = new TreeMap<>(kafkaProperties);
        this.topics = List.copyOf(topics);
        this.groupId = groupId;
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return watermarks.createTimestampAssigner(context);
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(
            WatermarkGeneratorSupplier.Context context) {
        BrokerWatch watch =
                BrokerWatch.of(
                        new BrokerWatch.Key(bootstrapServers, kafkaProperties, topics, groupId));
        return new Generator<>(
                watermarks.createWatermarkGenerator(context),
                timeout,
                maxOutOfOrderness,
                context.getInputActivityClock(),
                watch,
                System::currentTimeMillis);
    }

    /**
     * The generator of one split: the wrapped one's watermarks until its silence counts, then the
     * wall clock's.
     */
    static final class Generator<T> implements WatermarkGenerator<T> {

        private final WatermarkGenerator<T> watermarks;
        private final long timeoutNanos;
        private final long maxOutOfOrdernessMillis;
        private final RelativeClock activity;
        private final Reachability brokers;
        private final LongSupplier wallClockMillis;
        private long lastRecordNanos;

        Generator(
                WatermarkGenerator<T> watermarks,
                Duration timeout,
                Duration maxOutOfOrderness,
                RelativeClock activity,
                Reachability brokers,
                LongSupplier wallClockMillis) {
            this.watermarks = watermarks;
            this.timeoutNanos = timeout.toNanos();
            this.maxOutOfOrdernessMillis = maxOutOfOrderness.toMillis();
            this.activity = activity;
            this.brokers = brokers;
            this.wallClockMillis = wallClockMillis;
            this.lastRecordNanos = activity.relativeTimeNanos();
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            lastRecordNanos = activity.relativeTimeNanos();
            watermarks.onEvent(event, eventTimestamp, output);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            boolean silent = activity.relativeTimeNanos() - lastRecordNanos >= timeoutNanos;
            if (silent && brokers.reachableForNanos() >= timeoutNanos && brokers.inputReadToEnd()) {
                // Flink keeps the highest watermark of a split: once records come again, the
                // wrapped generator's lower ones are ignored until its events pass the wall
                // clock's.
                output.emitWatermark(
                        new Watermark(wallClockMillis.getAsLong() - maxOutOfOrdernessMillis - 1));
            } else {
                watermarks.onPeriodicEmit(output);
            }
        }
    }
}
