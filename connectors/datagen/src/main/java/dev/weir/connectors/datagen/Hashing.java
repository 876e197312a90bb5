package dev.weir.connectors.datagen;

/** SplitMix64-style hashing: cheap, stateless and well mixed, so a value depends only on (seed, key). */
final class Hashing {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Hashing() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long key) {
        return mix(seed + key * GOLDEN_GAMMA);
    }

    /** A seed from a column name, so adding a column leaves the others' values unchanged. */
    static long seedOf(long parentSeed, String name) {
        return mix(parentSeed ^ mix(name.hashCode()));
    }

    /** Uniform in [0, 1). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound) for a positive bound. */
    static long below(long hash, long bound) {
        return Math.floorMod(hash, bound);
    }
}
