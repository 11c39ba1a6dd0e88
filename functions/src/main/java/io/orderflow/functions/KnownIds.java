package io.orderflow.functions;

import java.util.ArrayList;
import java.util.List;

/**
 * The ids a subtask may hold in keyed state (the gate's orderIds, the ledger's stock eventIds),
 * kept in memory so that a new id (most events) skips the RocksDB lookup that would only say "not
 * there": a Bloom filter, which may answer "maybe" for an id it was never told, never "no" for one
 * it was.
 *
 * <p>Entries leave keyed state one dedup TTL after their last write, so the filter keeps two
 * generations of one TTL each: an id told in a generation stays until the next one ends, at least a
 * TTL later. Each generation grows in blocks of doubling capacity; once the filter holds {@link
 * #MAX_BYTES}, a full generation answers "maybe" for everything until it falls away, so a subtask's
 * heap holds at most that much whatever the number of ids.
 */
final class KnownIds {

    /** About 1.5 bytes per id: 44 M ids a subtask before the filter gives up. */
    static final long MAX_BYTES = 64L << 20;

    static final int FIRST_BLOCK_CAPACITY = 1 << 18;

    private final long generationMillis;
    private final long maxBytes;
    private long bytes;
    private Generation current;
    private Generation previous;

    /** {@code generationMillis}: the dedup TTL, in the same clock as the state's TTL. */
    KnownIds(long generationMillis) {
        this(generationMillis, MAX_BYTES);
    }

    KnownIds(long generationMillis, long maxBytes) {
        this.generationMillis = generationMillis;
        this.maxBytes = maxBytes;
        this.current = new Generation(Long.MIN_VALUE);
    }

    /** False only if {@code id} was not {@link #add added} in the last two generations. */
    boolean mightContain(String id, long now) {
        rotate(now);
        long hash = Fingerprint.of(id);
        return current.mightContain(hash) || (previous != null && previous.mightContain(hash));
    }

    void add(String id, long now) {
        rotate(now);
        current.add(Fingerprint.of(id));
    }

    /** Heap held by the filter's bits. */
    long bytes() {
        return bytes;
    }

    private void rotate(long now) {
        if (current.startedAt == Long.MIN_VALUE) {
            current = new Generation(now);
        } else if (now - current.startedAt >= generationMillis) {
            if (previous != null) {
                bytes -= previous.bytes();
            }
            previous = current;
            current = new Generation(now);
        }
    }

    private final class Generation {
        final long startedAt;
        final List<Block> blocks = new ArrayList<>();
        boolean full;

        Generation(long startedAt) {
            this.startedAt = startedAt;
        }

        boolean mightContain(long hash) {
            if (full) {
                return true;
            }
            for (int i = blocks.size() - 1; i >= 0; i--) {
                if (blocks.get(i).mightContain(hash)) {
                    return true;
                }
            }
            return false;
        }

        void add(long hash) {
            if (full) {
                return;
            }
            Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last == null || last.count >= last.capacity) {
                int capacity = last == null ? FIRST_BLOCK_CAPACITY : last.capacity * 2;
                long blockBytes = Block.bytesFor(capacity);
                if (bytes + blockBytes > maxBytes) {
                    full = true;
                    return;
                }
                last = new Block(capacity);
                blocks.add(last);
                bytes += blockBytes;
            }
            last.add(hash);
        }

        long bytes() {
            long sum = 0;
            for (Block block : blocks) {
                sum += Block.bytesFor(block.capacity);
            }
            return sum;
        }
    }

    /**
     * A register-blocked Bloom filter: the four bits of an entry lie in one 64-bit word, so a
     * lookup reads one cache line. At 12 bits an entry, about 1 % of absent ids answer "maybe".
     */
    private static final class Block {
        final long[] words;
        final int capacity;
        int count;

        Block(int capacity) {
            this.capacity = capacity;
            this.words = new long[(int) (bytesFor(capacity) / Long.BYTES)];
        }

        static long bytesFor(int capacity) {
            return (long) capacity * 12 / 64 * Long.BYTES;
        }

        boolean mightContain(long hash) {
            long mask = mask(hash);
            return (words[index(hash)] & mask) == mask;
        }

        void add(long hash) {
            words[index(hash)] |= mask(hash);
            count++;
        }

        private int index(long hash) {
            return (int) (((hash >>> 32) * words.length) >>> 32);
        }

        private static long mask(long hash) {
            return (1L << hash)
                    | (1L << (hash >>> 6))
                    | (1L << (hash >>> 12))
                    | (1L << (hash >>> 18));
        }
    }
}
