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

    /**
     * Where records that cannot be decoded go, under the table's {@code scan.bad-records.policy}; see
     * {@link BadRecordHandler} for what a reader must do. Readers outside an engine fail on them.
     */
    default BadRecordHandler badRecords() {
        return BadRecordHandler.failing();
    }
}
