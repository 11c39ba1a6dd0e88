package io.orderflow.functions;

/**
 * A 64-bit fingerprint of a string: FNV-1a over its chars, then MurmurHash3's finalizer, so that
 * every bit depends on every char. For filters and for comparing sets of ids by sums; not for
 * security.
 */
public final class Fingerprint {

    private Fingerprint() {}

    public static long of(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
