package dev.weir.connectors.filesystem;

import java.util.List;

/**
 * What the enumerator checkpoints: every file it has discovered (so that monitoring never reads a
 * file twice) and the splits not yet handed to a reader.
 */
record FileEnumeratorState(List<String> seenPaths, List<FileSplit> pendingSplits) {
    FileEnumeratorState {
        seenPaths = List.copyOf(seenPaths);
        pendingSplits = List.copyOf(pendingSplits);
    }
}
