package dev.weir.engine.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Assigns group keys to subtasks. The hash must be the same in every JVM, because keyed state is
 * redistributed by it on restore: value hash codes of the row types are (strings, numbers, temporal
 * values), and byte arrays are hashed by content.
 */
final class KeyHashing {
    private KeyHashing() {
    }

    static int subtaskFor(List<Object> key, int parallelism) {
        int h = 1;
        for (Object v : key) {
            h = 31 * h + (v instanceof byte[] b ? Arrays.hashCode(b) : v == null ? 0 : v.hashCode());
        }
        // murmur3 finalizer: spreads keys that differ only in low bits (small integers)
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, parallelism);
    }
}
