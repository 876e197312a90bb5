package dev.weir.api.source;

import java.util.List;

/**
 * Discovers splits and hands them to readers. Runs on one thread owned by the engine: every method
 * and every {@link SplitEnumeratorContext#callAsync} handler is called from that thread.
 */
public interface SplitEnumerator<SplitT extends SourceSplit, EnumStateT> extends AutoCloseable {
    /** Starts discovery, e.g. a periodic {@link SplitEnumeratorContext#callAsync} for new partitions. */
    void start();

    /** A reader asked for work (pull-based sources such as files). */
    void handleSplitRequest(int subtaskId);

    /** Splits given back after a reader failed before they were checkpointed. */
    void addSplitsBack(List<SplitT> splits, int subtaskId);

    /** A reader registered (push-based sources assign splits here). */
    void addReader(int subtaskId);

    /** The enumerator's state for a checkpoint (splits not yet assigned, discovery progress). */
    EnumStateT snapshotState(long checkpointId) throws Exception;

    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
