package io.orderflow.jobs.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class BrokerAwareIdlenessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The wall clock's epoch milliseconds when the test starts. */
    private static final long NOW = 1_000_000;

    private final ManualClock activity = new ManualClock();
    private final ManualClock wall = new ManualClock();

    /** When the brokers last became readable on the wall clock; null while they are not. */
    private Long brokersUpSince = 0L;

    /** Whether the job's committed offsets are at the end of every input partition. */
    private boolean readToEnd = true;

    private final BrokerAwareIdleness.Generator<String> generator =
            new BrokerAwareIdleness.Generator<>(
                    new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(500)),
                    TIMEOUT,
                    Duration.ofMillis(500),
                    activity,
                    new BrokerAwareIdleness.Reachability() {
                        @Override
                        public long reachableForNanos() {
                            return brokersUpSince == null
                                    ? 0
                                    : wall.relativeTimeNanos() - brokersUpSince;
                        }

                        @Override
                        public boolean inputReadToEnd() {
                            return readToEnd;
                        }
                    },
                    () -> NOW + wall.absoluteTimeMillis());
    private final Output output = new Output();

    @Test
    void aPartitionSilentWhileTheBrokersAnswerMovesOnWithTheWallClockLessTheOutOfOrderness() {
        generator.onEvent("a", 10_000, output);
        advance(Duration.ofMillis(4_999));
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark 9499"), output.take());

        advance(Duration.ofMillis(1));
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark " + (NOW + 5_000 - 501)), output.take());

        advance(Duration.ofSeconds(60));
        generator.onPeriodicEmit(output);
        assertEquals(
                List.of("watermark " + (NOW + 65_000 - 501)),
                output.take(),
                "still quiet: event time keeps up with the clock");
    }

    @Test
    void silenceDuringABrokerOutageDoesNotCount() {
        generator.onEvent("a", 10_000, output);
        brokersUpSince = null;
        advance(Duration.ofSeconds(30));
        generator.onPeriodicEmit(output);
        assertEquals(
                List.of("watermark 9499"),
                output.take(),
                "silent for 30 s, but nothing could be read");

        brokersUpSince = wall.relativeTimeNanos();
        advance(Duration.ofMillis(4_999));
        generator.onPeriodicEmit(output);
        assertEquals(
                List.of("watermark 9499"),
                output.take(),
                "the brokers have answered for less than the timeout");

        advance(Duration.ofMillis(1));
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark " + (NOW + 35_000 - 501)), output.take());
    }

    @Test
    void silenceDoesNotCountWhileTheInputHasRecordsLeftToRead() {
        // A restarted reader that has not fetched its backlog yet: nothing came for longer than
        // the timeout, the brokers answer, but the committed offsets are behind the partitions'
        // ends. Moving on with the wall clock would make the backlog late.
        readToEnd = false;
        advance(Duration.ofSeconds(30));
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark " + Long.MIN_VALUE), output.take());

        generator.onEvent("a", 10_000, output);
        advance(Duration.ofSeconds(30));
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark 9499"), output.take());

        readToEnd = true;
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark " + (NOW + 60_000 - 501)), output.take());
    }

    @Test
    void aRecordAfterTheQuietHandsTheWatermarkBackToTheEvents() {
        advance(TIMEOUT);
        generator.onPeriodicEmit(output);
        assertEquals(
                List.of("watermark " + (NOW + 5_000 - 501)),
                output.take(),
                "a partition that never had a record moves on too");

        generator.onEvent("b", 2_000_000, output);
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark 1999499"), output.take());
    }

    @Test
    void aPartitionIsNeverMarkedIdleSoAQuietInputStillMovesTheWatermark() {
        advance(Duration.ofMinutes(10));
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark " + (NOW + 600_000 - 501)), output.take());
    }

    @Test
    void silenceUnderBackpressureDoesNotCount() {
        generator.onEvent("a", 10_000, output);
        // Flink stops the input activity clock while the source is backpressured; only the wall
        // clock runs.
        wall.advanceTime(Duration.ofMinutes(1));
        generator.onPeriodicEmit(output);
        assertEquals(List.of("watermark 9499"), output.take());
    }

    private void advance(Duration d) {
        activity.advanceTime(d);
        wall.advanceTime(d);
    }

    private static final class Output implements WatermarkOutput {
        private final List<String> calls = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            calls.add("watermark " + watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            calls.add("idle");
        }

        @Override
        public void markActive() {
            calls.add("active");
        }

        List<String> take() {
            List<String> taken = List.copyOf(calls);
            calls.clear();
            return taken;
        }
    }
}
