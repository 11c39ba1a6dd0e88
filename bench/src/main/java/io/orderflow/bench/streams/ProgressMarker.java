package io.orderflow.bench.streams;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What an upstream task sends behind its entries on the lines topic: how far it has come in event
 * time (largest occurredAt less the out-of-orderness), or that its input has been idle for the idle
 * timeout while caught up ({@link PartitionLag}). Sent every 100 ms when it changed, to every
 * partition of the lines topic.
 */
final class ProgressMarker {

    private final ProcessorContext<String, byte[]> context;
    private final int source;
    private final long grace;
    private final long idleTimeout;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastInputAt;
    private long lastOffset = -1;

    private long sent = Long.MIN_VALUE;
    private boolean sentIdle;

    private final String inputTopic;
    private final int inputPartition;

    ProgressMarker(
            ProcessorContext<String, byte[]> context,
            String inputTopic,
            int source,
            long grace,
            long idleTimeout) {
        this.context = context;
        this.inputTopic = inputTopic;
        this.inputPartition = context.taskId().partition();
        this.source = source;
        this.grace = grace;
        this.idleTimeout = idleTimeout;
        this.lastInputAt = context.currentSystemTimeMs();
        context.schedule(Duration.ofMillis(100), PunctuationType.WALL_CLOCK_TIME, this::send);
    }

    /**
     * An input record arrived; {@code occurredAt} is its event time, or Long.MIN_VALUE for none.
     */
    void input(long occurredAt) {
        lastInputAt = context.currentSystemTimeMs();
        context.recordMetadata().ifPresent(m -> lastOffset = m.offset());
        maxEventTime = Math.max(maxEventTime, occurredAt);
    }

    private void send(long now) {
        long watermark = maxEventTime == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventTime - grace;
        // Idle only when its partition is known to be caught up: a task that is slow (or has not
        // fetched yet) must not let the others run ahead of it.
        boolean idle =
                now - lastInputAt >= idleTimeout
                        && PartitionLag.caughtUp(inputTopic, inputPartition, lastOffset, now);
        if (watermark != sent || idle != sentIdle) {
            context.forward(
                    new Record<>(null, Watermarks.encode(source, watermark, idle), now),
                    StreamsPeer.LINES_SINK);
            sent = watermark;
            sentIdle = idle;
        }
    }
}
