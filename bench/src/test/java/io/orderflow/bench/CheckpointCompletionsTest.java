package io.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class CheckpointCompletionsTest {

    @Test
    void eachNewLatestCompletedCheckpointIdIsNotedWithTheMomentItAppeared() throws Exception {
        AtomicLong latest = new AtomicLong(-1);
        Gauge<Long> gauge = latest::get;
        CheckpointCompletions reporter = new CheckpointCompletions();
        reporter.notifyOfAddedMetric(
                gauge, "lastCompletedCheckpointId", new UnregisteredMetricsGroup());
        try {
            long before = System.currentTimeMillis();
            latest.set(7);
            awaitNoted(7);
            long after = System.currentTimeMillis();
            latest.set(8);
            awaitNoted(8);

            assertThat(CheckpointCompletions.completedAt().get(7L)).isBetween(before, after);
            assertThat(CheckpointCompletions.completedAt().get(8L))
                    .isGreaterThanOrEqualTo(CheckpointCompletions.completedAt().get(7L));
            assertThat(CheckpointCompletions.completedAt()).doesNotContainKey(-1L);
        } finally {
            reporter.close();
        }
    }

    private static void awaitNoted(long id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!CheckpointCompletions.completedAt().containsKey(id)) {
            assertThat(System.nanoTime())
                    .as("checkpoint %d noted in time", id)
                    .isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }
}
