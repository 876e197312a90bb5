package dev.weir.connectors.elasticsearch;

import dev.weir.api.source.SourceSplit;

/**
 * The one split of a scan: the whole index (or pattern, or alias). Its position is the number of
 * documents already read (emitted as rows, or handed to the bad-record policy); a restored reader
 * opens a new point in time and skips that many.
 */
record ScanSplit(String index, long documentsRead) implements SourceSplit {

    @Override
    public String splitId() {
        return "scan:" + index;
    }

    ScanSplit advancedBy(long documents) {
        return new ScanSplit(index, documentsRead + documents);
    }
}
