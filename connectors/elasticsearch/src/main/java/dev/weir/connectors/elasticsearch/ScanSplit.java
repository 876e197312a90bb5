package dev.weir.connectors.elasticsearch;

import dev.weir.api.source.SourceSplit;

/**
 * The one split of a scan: the whole index (or pattern, or alias). Its position is the number of
 * documents already emitted; a restored reader opens a new point in time and skips that many.
 */
record ScanSplit(String index, long documentsEmitted) implements SourceSplit {

    @Override
    public String splitId() {
        return "scan:" + index;
    }

    ScanSplit advancedBy(long documents) {
        return new ScanSplit(index, documentsEmitted + documents);
    }
}
