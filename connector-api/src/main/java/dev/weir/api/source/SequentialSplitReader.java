package dev.weir.api.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A reader that works through its splits one at a time on the polling thread: a file, a generated
 * range, an in-memory list. It keeps the queue of assigned splits, the availability future and the
 * per-split outputs; a subclass only opens a split, emits a batch of its rows, and says where the
 * current split stands for checkpoints.
 *
 * <p>Suits sources whose reads are cheap enough to do in bounded batches while polling. Sources
 * that block on a network (Kafka, Pulsar) need a fetcher thread instead.
 */
public abstract class SequentialSplitReader<SplitT extends SourceSplit> implements SourceReader<SplitT> {
    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);

    /** What {@link #emitBatch} did with the current split. */
    protected enum Progress {
        /** Emitted some rows; the split has more. */
        MORE,
        /** The split has no more rows. */
        FINISHED,
        /** Nothing may be emitted now; {@link #waitFor} was called with what to wait on. */
        WAITING
    }

    private final ArrayDeque<SplitT> queued = new ArrayDeque<>();
    private CompletableFuture<Void> available = AVAILABLE;
    private boolean noMoreSplits;
    private SplitT current;
    private SourceOutput currentOutput;

    /** Prepares to read a split from the position it carries. */
    protected abstract void openSplit(SplitT split) throws Exception;

    /** Emits a bounded batch of the current split's rows to its own output. */
    protected abstract Progress emitBatch(SourceOutput output) throws Exception;

    /** The current split with the position of the next row to read, for checkpoints. */
    protected abstract SplitT currentPosition();

    /** Releases what {@link #openSplit} acquired; called when a split is finished or the reader closes. */
    protected void closeSplit() throws Exception {
    }

    /** Called after a split is finished, e.g. to request the next one from the enumerator. */
    protected void onSplitFinished() {
    }

    /** From {@link #emitBatch}, before returning {@link Progress#WAITING}: when to poll again. */
    protected final void waitFor(CompletableFuture<Void> future) {
        available = future;
    }

    @Override
    public final InputStatus pollNext(ReaderOutput output) throws Exception {
        if (current == null) {
            SplitT next = queued.poll();
            if (next == null) {
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                available = new CompletableFuture<>();
                return InputStatus.NOTHING_AVAILABLE;
            }
            currentOutput = output.createOutputForSplit(next.splitId());
            current = next;
            openSplit(next);
        }
        switch (emitBatch(currentOutput)) {
            case WAITING:
                return InputStatus.NOTHING_AVAILABLE;
            case FINISHED:
                closeSplit();
                output.releaseOutputForSplit(current.splitId());
                current = null;
                currentOutput = null;
                onSplitFinished();
                return InputStatus.MORE_AVAILABLE;
            default:
                return InputStatus.MORE_AVAILABLE;
        }
    }

    @Override
    public final CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public final void addSplits(List<SplitT> splits) {
        queued.addAll(splits);
        available.complete(null);
    }

    @Override
    public final void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public final List<SplitT> snapshotState(long checkpointId) {
        List<SplitT> splits = new ArrayList<>(queued.size() + 1);
        if (current != null) {
            splits.add(currentPosition());
        }
        splits.addAll(queued);
        return splits;
    }

    @Override
    public void close() throws Exception {
        if (current != null) {
            closeSplit();
        }
    }
}
