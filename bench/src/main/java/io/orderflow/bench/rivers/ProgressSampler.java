package io.orderflow.bench.rivers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bench.VariantMain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Samples, four times a second, how many rapids events a variant has taken in and the CPU time its
 * JVM has used, so that the rate and CPU per event after warm-up can be told apart from the whole
 * run's: the JIT compilers alone take seconds of CPU at the start of a Flink job.
 */
final class ProgressSampler {

    /** The warm-up left out: the window starts once this share of the input was taken in... */
    static final double FROM = 0.25;

    /** ...and ends once this share was, before the job's last checkpoint and shutdown. */
    static final double TO = 0.90;

    private static final long INTERVAL_MS = 250;

    record Sample(long atMillis, long cpuNanos, long events) {}

    private final LongSupplier events;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProgressSampler(LongSupplier events) {
        this.events = events;
        this.thread = new Thread(this::loop, "progress-sampler");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            sampleNow();
            try {
                Thread.sleep(INTERVAL_MS); // the sampling pace, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized void sampleNow() {
        samples.add(
                new Sample(System.currentTimeMillis(), VariantMain.cpuNanos(), events.getAsLong()));
    }

    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
        sampleNow();
    }

    /**
     * The rate and CPU per event between {@link #FROM} and {@link #TO} of {@code total}, into
     * {@code result}; nothing when too few samples.
     */
    synchronized void steadyInto(ObjectNode result, long total) {
        // The whole timeline, for telling a variant's start and end from its steady rate.
        var progress = result.putArray("progress");
        Sample start = samples.isEmpty() ? null : samples.get(0);
        for (Sample s : samples) {
            progress.addArray()
                    .add(s.atMillis() - start.atMillis())
                    .add((s.cpuNanos() - start.cpuNanos()) / 1_000_000)
                    .add(s.events());
        }
        Sample from = first(FROM * total);
        Sample to = first(TO * total);
        if (from == null
                || to == null
                || to.events() <= from.events()
                || to.atMillis() <= from.atMillis()) {
            return;
        }
        long events = to.events() - from.events();
        result.put("steadyEventsPerSecond", events * 1000.0 / (to.atMillis() - from.atMillis()));
        result.put("steadyCpuMicrosPerEvent", (to.cpuNanos() - from.cpuNanos()) / 1000.0 / events);
    }

    private Sample first(double events) {
        for (Sample s : samples) {
            if (s.events() >= events) {
                return s;
            }
        }
        return null;
    }
}
