package dev.weir.connectors.elasticsearch;

import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the scan's one split to the first reader that registers and tells every reader there are
 * no more, so readers of a higher parallelism finish at once.
 */
final class ScanEnumerator implements SplitEnumerator<ScanSplit, List<ScanSplit>> {
    private final SplitEnumeratorContext<ScanSplit> context;
    private final List<ScanSplit> unassigned;

    ScanEnumerator(SplitEnumeratorContext<ScanSplit> context, List<ScanSplit> unassigned) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtaskId) {
    }

    @Override
    public void addSplitsBack(List<ScanSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        if (context.registeredReaders().contains(subtaskId)) {
            addReader(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (!unassigned.isEmpty()) {
            context.assignSplits(java.util.Map.of(subtaskId, List.copyOf(unassigned)));
            unassigned.clear();
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public List<ScanSplit> snapshotState(long checkpointId) {
        return List.copyOf(unassigned);
    }
}
