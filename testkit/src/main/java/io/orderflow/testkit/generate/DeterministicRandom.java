package io.orderflow.testkit.generate;

/**
 * SplitMix64: a tiny generator whose sequence is fixed by its seed alone. Written out here rather
 * than taken from the JDK so that a seed gives the same stream on every Java version.
 */
final class DeterministicRandom {

    private long state;

    DeterministicRandom(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound); {@code bound} must be positive. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Uniform in [low, high], both inclusive. */
    long between(long low, long high) {
        return low + Math.floorMod(nextLong(), high - low + 1);
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }
}
