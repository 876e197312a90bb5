package dev.weir.connectors.elasticsearch;

import dev.weir.api.format.RowDecoder;
import dev.weir.api.io.SimpleVersionedSerializer;
import dev.weir.api.source.Boundedness;
import dev.weir.api.source.Source;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import dev.weir.api.source.SplitEnumerator;
import dev.weir.api.source.SplitEnumeratorContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded scan of an index (or index pattern, or alias) with a query, for backfills and tests:
 * one split, read by one reader with a point in time and search_after; each document's _source is
 * decoded by the table's format, and one that does not decode goes to the table's bad-record policy.
 */
final class ElasticsearchSource implements Source<ScanSplit, List<ScanSplit>> {
    private static final long serialVersionUID = 1L;

    final ConnectionSettings connection;
    final String index;
    /** The JSON of the search API's 'query'. */
    final String query;
    final int pageSize;
    final Duration keepAlive;
    final RowDecoder decoder;

    ElasticsearchSource(ConnectionSettings connection, String index, String query, int pageSize, Duration keepAlive,
                        RowDecoder decoder) {
        this.connection = connection;
        this.index = index;
        this.query = query;
        this.pageSize = pageSize;
        this.keepAlive = keepAlive;
        this.decoder = decoder;
    }

    /** The comma-separated names of the 'index' option. */
    List<String> indices() {
        return Arrays.stream(index.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<ScanSplit, List<ScanSplit>> createEnumerator(SplitEnumeratorContext<ScanSplit> context) {
        return new ScanEnumerator(context, List.of(new ScanSplit(index, 0)));
    }

    @Override
    public SplitEnumerator<ScanSplit, List<ScanSplit>> restoreEnumerator(SplitEnumeratorContext<ScanSplit> context,
                                                                        List<ScanSplit> checkpoint) {
        return new ScanEnumerator(context, checkpoint);
    }

    @Override
    public SourceReader<ScanSplit> createReader(SourceReaderContext context) {
        return new ScanReader(this, context);
    }

    @Override
    public SimpleVersionedSerializer<ScanSplit> splitSerializer() {
        return ScanSerializers.SPLIT;
    }

    @Override
    public SimpleVersionedSerializer<List<ScanSplit>> enumeratorStateSerializer() {
        return ScanSerializers.UNASSIGNED_SPLITS;
    }
}
