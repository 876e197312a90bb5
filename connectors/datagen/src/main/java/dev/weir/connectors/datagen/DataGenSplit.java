package dev.weir.connectors.datagen;

import dev.weir.api.source.SourceSplit;

/**
 * A reader's share of the row indices: {@code nextIndex}, {@code nextIndex + stride}, ... below
 * {@code endIndex}. Split k of n starts at k with stride n, so the splits together cover every index
 * exactly once; {@code nextIndex} is the position a checkpoint stores.
 *
 * @param endIndex exclusive; Long.MAX_VALUE for an unbounded source
 * @param referenceEpochMillis when the source first started, for timestamps; kept across restores
 */
record DataGenSplit(int splitNumber, long nextIndex, long stride, long endIndex, long referenceEpochMillis)
        implements SourceSplit {
    @Override
    public String splitId() {
        return "datagen-" + splitNumber;
    }

    boolean isExhausted() {
        return nextIndex >= endIndex;
    }

    DataGenSplit at(long index) {
        return new DataGenSplit(splitNumber, index, stride, endIndex, referenceEpochMillis);
    }
}
