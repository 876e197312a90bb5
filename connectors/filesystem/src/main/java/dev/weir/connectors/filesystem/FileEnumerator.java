package dev.weir.connectors.filesystem;

import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pull-based, as Flink's file source: readers ask for a file when they need one. Listing runs with
 * callAsync, once for a bounded source and at the monitor interval for a continuous one; a file is
 * split once, however often it is listed.
 */
final class FileEnumerator implements SplitEnumerator<FileSplit, FileEnumeratorState> {
    private final SplitEnumeratorContext<FileSplit> context;
    private final FileLister lister;
    /** 0 for a bounded source. */
    private final long monitorIntervalMillis;
    private final Set<String> seenPaths;
    private final Deque<FileSplit> pending;
    private final Set<Integer> waitingReaders = new LinkedHashSet<>();
    private boolean listedOnce;

    FileEnumerator(SplitEnumeratorContext<FileSplit> context, FileLister lister, long monitorIntervalMillis,
                   FileEnumeratorState state) {
        this.context = context;
        this.lister = lister;
        this.monitorIntervalMillis = monitorIntervalMillis;
        this.seenPaths = new LinkedHashSet<>(state.seenPaths());
        this.pending = new ArrayDeque<>(state.pendingSplits());
    }

    private boolean isBounded() {
        return monitorIntervalMillis == 0;
    }

    @Override
    public void start() {
        context.callAsync(() -> lister.list(isBounded()), this::onListed, 0, monitorIntervalMillis);
    }

    private void onListed(List<String> paths, Throwable error) {
        if (error != null) {
            throw new UncheckedIOException("Listing the files of the source failed: " + error.getMessage(),
                    error instanceof IOException io ? io : new IOException(error));
        }
        for (String path : paths) {
            if (seenPaths.add(path)) {
                pending.add(new FileSplit(path, 0));
            }
        }
        listedOnce = true;
        assignPending();
    }

    @Override
    public void handleSplitRequest(int subtaskId) {
        waitingReaders.add(subtaskId);
        assignPending();
    }

    /** Gives each waiting reader a file, or tells it there will be none once a bounded listing is done. */
    private void assignPending() {
        for (Iterator<Integer> it = waitingReaders.iterator(); it.hasNext(); ) {
            int reader = it.next();
            if (!context.registeredReaders().contains(reader)) {
                it.remove();
            } else if (!pending.isEmpty()) {
                context.assignSplit(pending.poll(), reader);
                it.remove();
            } else if (isBounded() && listedOnce) {
                context.signalNoMoreSplits(reader);
                it.remove();
            }
        }
    }

    @Override
    public void addSplitsBack(List<FileSplit> splits, int subtaskId) {
        // First in line again, in their order: they were handed out before the rest.
        for (int i = splits.size() - 1; i >= 0; i--) {
            pending.addFirst(splits.get(i));
        }
    }

    @Override
    public void addReader(int subtaskId) {
    }

    @Override
    public FileEnumeratorState snapshotState(long checkpointId) {
        return new FileEnumeratorState(List.copyOf(seenPaths), List.copyOf(pending));
    }

    /** Holds nothing to release. */
    @Override
    public void close() {
    }
}
