package dev.weir.api.source;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the splits assigned to one parallel subtask. Called from a single engine thread and must
 * never block: I/O happens on the reader's own threads, and {@link #pollNext} hands over what is
 * ready.
 */
public interface SourceReader<SplitT extends SourceSplit> extends AutoCloseable {
    /** Called once before any other method; a pull-based reader requests its first split here. */
    void start();

    /** Emits available records to the output, without blocking. */
    InputStatus pollNext(ReaderOutput output) throws Exception;

    /**
     * Completes when records may be available. Must be already completed whenever a split is current
     * or queued and data is ready, so that the engine never parks a task with work waiting.
     */
    CompletableFuture<Void> isAvailable();

    void addSplits(List<SplitT> splits);

    void notifyNoMoreSplits();

    /** The splits this reader holds, each carrying the position of the next record to read. */
    List<SplitT> snapshotState(long checkpointId);

    /** The checkpoint is durable: commit positions externally (Kafka offsets, Pulsar acks). */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    @Override
    void close() throws Exception;
}
