package dev.weir.api.source;

import dev.weir.api.metrics.MetricGroup;

/** What the engine offers a reader. */
public interface SourceReaderContext {
    int subtaskIndex();

    int parallelism();

    /** Asks the enumerator for a split (pull-based sources). */
    void sendSplitRequest();

    /** Register {@code pendingRecords} here as a gauge when the source knows its lag. */
    MetricGroup metrics();
}
