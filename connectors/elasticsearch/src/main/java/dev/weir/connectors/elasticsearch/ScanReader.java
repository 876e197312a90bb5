package dev.weir.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.elasticsearch.client.RestClient;

/**
 * Reads the scan's split: a fetch thread opens a point in time on the index and pages through the
 * query's hits with search_after (sorted by _shard_doc, the cheapest order), handing pages of
 * _source documents to the engine thread, which decodes them with the table's format. At most two
 * pages wait: that is the back-pressure on the fetch thread.
 *
 * <p>A document the format cannot decode (a value that does not fit its column, a missing NOT NULL
 * field, no _source at all) goes to the table's bad-record policy with its _source as sent and its
 * index and _id as location; it counts as read either way, so the split's position moves past it.
 */
final class ScanReader implements SourceReader<ScanSplit> {
    private static final int PAGES_AHEAD = 2;

    /** A page of documents; {@link #END} marks the end of the scan. */
    private record Page(List<SearchPage.Hit> documents) {
        static final Page END = new Page(List.of());
    }

    private final ElasticsearchSource source;
    private final SourceReaderContext context;
    /** The rows of the document being decoded: emitted only once the whole document decoded. */
    private final List<Row> decoded = new ArrayList<>();
    private final BlockingQueue<Page> handover = new ArrayBlockingQueue<>(PAGES_AHEAD);
    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private volatile Throwable fetchFailure;
    private Thread fetcher;
    private ScanSplit split;
    private SourceOutput splitOutput;
    private Iterator<SearchPage.Hit> current;
    private boolean noMoreSplits;

    ScanReader(ElasticsearchSource source, SourceReaderContext context) {
        this.source = source;
        this.context = context;
        source.decoder.open(context.metrics());
    }

    @Override
    public void start() {
    }

    @Override
    public void addSplits(List<ScanSplit> splits) {
        if (split != null || splits.size() != 1) {
            throw new IllegalStateException("An Elasticsearch scan has one split; this reader got " + splits + " besides " + split);
        }
        split = splits.get(0);
        ScanSplit toRead = split;
        fetcher = new Thread(() -> fetch(toRead), "weir-elasticsearch-scan-" + toRead.index());
        fetcher.setDaemon(true);
        fetcher.start();
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public InputStatus pollNext(ReaderOutput output) {
        if (fetchFailure != null) {
            throw new IllegalStateException("Scanning Elasticsearch index '" + split.index() + "' failed: "
                    + fetchFailure.getMessage(), fetchFailure);
        }
        if (current != null && current.hasNext()) {
            SearchPage.Hit document = current.next();
            if (splitOutput == null) {
                splitOutput = output.createOutputForSplit(split.splitId());
            }
            read(document, splitOutput);
            split = split.advancedBy(1);
            return InputStatus.MORE_AVAILABLE;
        }
        Page page = handover.poll();
        if (page == Page.END) {
            output.releaseOutputForSplit(split.splitId());
            split = null;
            current = null;
        } else if (page != null) {
            current = page.documents().iterator();
            return InputStatus.MORE_AVAILABLE;
        }
        return split == null && noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }

    /** Where a document is, in decode errors and dead letters: {@code index 'logs-1', document _id 'a7'}. */
    private static RecordLocation location(String index, String id) {
        return new RecordLocation("index '" + index + "', document _id '" + id + "'");
    }

    /**
     * Emits the document's rows, or hands it to the bad-record policy: under 'fail' that throws and
     * the job fails naming the document; otherwise it was skipped or dead-lettered and nothing is
     * emitted for it.
     */
    private void read(SearchPage.Hit document, SourceOutput out) {
        RecordLocation location = location(document.index(), document.id());
        if (document.source() == null) {
            context.badRecords().handle(new byte[0], new RecordDecodeException(location,
                    "the document has no _source (its index's mapping disables _source), so there is nothing to decode"));
            return;
        }
        decoded.clear();
        try {
            source.decoder.decode(document.source(), location, decoded::add);
        } catch (RecordDecodeException bad) {
            decoded.clear();
            context.badRecords().handle(document.source(), bad);
            return;
        }
        for (Row row : decoded) {
            out.collect(row);
        }
        decoded.clear();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (!handover.isEmpty() || fetchFailure != null || (current != null && current.hasNext())
                || (split == null && noMoreSplits)) {
            return CompletableFuture.completedFuture(null);
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
            // The fetcher may have handed over a page between the check above and the new future.
            if (!handover.isEmpty() || fetchFailure != null) {
                available.complete(null);
            }
        }
        return available;
    }

    /** Runs on the fetch thread until the scan ends, fails, or the reader is closed. */
    private void fetch(ScanSplit toRead) {
        ElasticsearchClient client = source.connection.createClient();
        String pit = null;
        try {
            // The query as the typed client writes it (the factory checked that it parses).
            Query query = Query.of(q -> q.withJson(new StringReader(source.query)));
            String queryJson = JsonpUtils.toJsonString(query, client._jsonpMapper());
            String keepAlive = source.keepAlive.toMillis() + "ms";
            pit = client.openPointInTime(p -> p.index(source.indices()).keepAlive(t -> t.time(keepAlive))).id();
            // Pages go through the low-level client, which hands over the response's bytes (SearchPage).
            RestClient rest = ((RestClientTransport) client._transport()).restClient();
            long toSkip = toRead.documentsRead();
            String searchAfter = null;
            while (true) {
                SearchPage response = SearchPage.fetch(rest, pit, keepAlive, queryJson, source.pageSize, searchAfter);
                pit = response.pitId() == null ? pit : response.pitId();
                List<SearchPage.Hit> hits = response.hits();
                if (hits.isEmpty()) {
                    handover.put(Page.END);
                    break;
                }
                searchAfter = hits.get(hits.size() - 1).sort();
                List<SearchPage.Hit> documents = new ArrayList<>(hits.size());
                for (SearchPage.Hit hit : hits) {
                    if (toSkip > 0) {
                        toSkip--; // read before the checkpoint this reader was restored from
                    } else {
                        documents.add(hit);
                    }
                }
                handover.put(new Page(documents));
                available.complete(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fetchFailure = t;
        } finally {
            available.complete(null);
            closeQuietly(client, pit);
        }
    }

    /** Frees the point in time early (it would expire after the keep-alive anyway) and the connections. */
    private static void closeQuietly(ElasticsearchClient client, String pit) {
        try {
            if (pit != null) {
                String id = pit;
                client.closePointInTime(c -> c.id(id));
            }
        } catch (IOException | RuntimeException e) {
            // The point in time expires by itself; failing to close it early is no reason to fail the job.
        }
        try {
            client._transport().close();
        } catch (IOException e) {
            // Nothing is in flight any more.
        }
    }

    @Override
    public List<ScanSplit> snapshotState(long checkpointId) {
        return split == null ? List.of() : List.of(split);
    }

    @Override
    public void close() throws InterruptedException {
        if (fetcher != null) {
            fetcher.interrupt();
            fetcher.join(10_000);
        }
    }
}
