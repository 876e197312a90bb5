package dev.weir.testing;

import java.util.List;

/**
 * A consistent snapshot of a source taken by {@link SourceDriver#checkpoint(long)}: the enumerator's
 * state and, per reader subtask, its splits (each carrying its position), all in serialized form.
 *
 * @param readerSplits index = subtask; splits assigned but not yet handed to a reader are included
 *                     with the reader they were assigned to, as an engine's checkpoint would
 */
public record SourceCheckpoint(long checkpointId, SerializedState enumeratorState,
                               List<List<SerializedState>> readerSplits) {
    public SourceCheckpoint {
        readerSplits = readerSplits.stream().map(List::copyOf).toList();
    }

    public int parallelism() {
        return readerSplits.size();
    }
}
