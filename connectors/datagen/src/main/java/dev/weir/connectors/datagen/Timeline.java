package dev.weir.connectors.datagen;

/**
 * When each row is due: the source's start plus the row's index over the rate. Random timestamps
 * are derived from it rather than from the clock, so they are reproducible after a restore.
 *
 * @param referenceEpochMillis when the source first started; carried in every split
 * @param nanosPerRow 1e9 / rows-per-second
 */
record Timeline(long referenceEpochMillis, double nanosPerRow) {
    long scheduledEpochNanos(long rowIndex) {
        return referenceEpochMillis * 1_000_000L + (long) (rowIndex * nanosPerRow);
    }

    long referenceEpochNanos() {
        return referenceEpochMillis * 1_000_000L;
    }
}
