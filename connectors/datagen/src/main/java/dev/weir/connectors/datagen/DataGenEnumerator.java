package dev.weir.connectors.datagen;

import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Push-based: when a reader registers it gets the unassigned splits whose number maps to its subtask
 * (one per reader on a first run), then no more. The state is the splits not yet assigned.
 */
final class DataGenEnumerator implements SplitEnumerator<DataGenSplit, List<DataGenSplit>> {
    private final SplitEnumeratorContext<DataGenSplit> context;
    private final List<DataGenSplit> unassigned;

    DataGenEnumerator(SplitEnumeratorContext<DataGenSplit> context, List<DataGenSplit> unassigned) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
    }

    /** One split per reader, all starting at the same reference time. */
    static List<DataGenSplit> initialSplits(int parallelism, long totalRows) {
        long reference = System.currentTimeMillis();
        List<DataGenSplit> splits = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            splits.add(new DataGenSplit(i, i, parallelism, totalRows, reference));
        }
        return splits;
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtaskId) {
    }

    @Override
    public void addSplitsBack(List<DataGenSplit> splits, int subtaskId) {
        // The failed reader gets them again when it registers anew.
        unassigned.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        List<DataGenSplit> mine = new ArrayList<>();
        for (Iterator<DataGenSplit> it = unassigned.iterator(); it.hasNext(); ) {
            DataGenSplit split = it.next();
            if (split.splitNumber() % context.currentParallelism() == subtaskId) {
                mine.add(split);
                it.remove();
            }
        }
        if (!mine.isEmpty()) {
            context.assignSplits(Map.of(subtaskId, mine));
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public List<DataGenSplit> snapshotState(long checkpointId) {
        return List.copyOf(unassigned);
    }

    /** Holds nothing to release. */
    @Override
    public void close() {
    }
}
