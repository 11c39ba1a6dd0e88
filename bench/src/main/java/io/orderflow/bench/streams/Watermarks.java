package io.orderflow.bench.streams;

/**
 * Event-time progress as the peer carries it by hand: a marker on the lines topic (null key) says
 * "upstream task {@code source} has sent every entry up to {@code time}", or that it is idle. A
 * ledger task keeps the latest of every upstream task (orders tasks and inventory tasks).
 */
final class Watermarks {

    private final long[] upstream;
    private final boolean[] upstreamIdle;

    Watermarks(int upstreamTasks) {
        this.upstream = new long[upstreamTasks];
        this.upstreamIdle = new boolean[upstreamTasks];
        java.util.Arrays.fill(upstream, Long.MIN_VALUE);
    }

    static byte[] encode(int source, long time, boolean idle) {
        StateCodec.Writer w = new StateCodec.Writer(13);
        w.i32(source);
        w.i64(time);
        w.bool(idle);
        return w.bytes();
    }

    void accept(byte[] marker) {
        StateCodec.Reader r = new StateCodec.Reader(marker);
        int source = r.i32();
        long time = r.i64();
        boolean idle = r.bool();
        if (source >= 0 && source < upstream.length) {
            upstream[source] = Math.max(upstream[source], time);
            upstreamIdle[source] = idle;
        }
    }

    /** Entries at or before this time may apply; Long.MAX_VALUE when every upstream is idle. */
    long current() {
        long wm = Long.MAX_VALUE;
        for (int i = 0; i < upstream.length; i++) {
            if (!upstreamIdle[i]) {
                wm = Math.min(wm, upstream[i]);
            }
        }
        return wm;
    }
}
