package dev.weir.connectors.filesystem;

import dev.weir.api.source.SourceSplit;

/**
 * One file. Its position is the number of records already read: rows emitted plus bad records
 * handed to the bad-record policy. A restored reader skips that many, as Flink's
 * CheckpointedPosition does for formats without seekable offsets.
 *
 * @param path absolute
 */
record FileSplit(String path, long recordsToSkip) implements SourceSplit {
    @Override
    public String splitId() {
        return path;
    }
}
