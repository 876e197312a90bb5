package dev.weir.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import dev.weir.api.format.RecordLocation;
import dev.weir.api.source.InputStatus;
import dev.weir.api.source.ReaderOutput;
import dev.weir.api.source.SourceOutput;
import dev.weir.api.source.SourceReader;
import dev.weir.api.source.SourceReaderContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the scan's split: a fetch thread opens a point in time on the index and pages through the
 * query's hits with search_after (sorted by _shard_doc, the cheapest order), handing pages of
 * _source documents to the engine thread, which decodes them with the table's format. At most two
 * pages wait: that is the back-pressure on the fetch thread.
 */
final class ScanReader implements SourceReader<ScanSplit> {
    private static final int PAGES_AHEAD = 2;

    /** A page of documents; {@link #END} marks the end of the scan. */
    private record Page(List<Document> documents) {
        static final Page END = new Page(List.of());
    }

    private record Document(String index, String id, byte[] source) {
    }

    private final ElasticsearchSource source;
    private final BlockingQueue<Page> handover = new ArrayBlockingQueue<>(PAGES_AHEAD);
    private volatile CompletableFuture<Void> available = new CompletableFuture<>();
    private volatile Throwable fetchFailure;
    private Thread fetcher;
    private ScanSplit split;
    private SourceOutput splitOutput;
    private Iterator<Document> current;
    private boolean noMoreSplits;

    ScanReader(ElasticsearchSource source, SourceReaderContext context) {
        this.source = source;
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
            Document document = current.next();
            if (splitOutput == null) {
                splitOutput = output.createOutputForSplit(split.splitId());
            }
            source.decoder.decode(document.source(), new RecordLocation("index '" + document.index() + "', document '"
                    + document.id() + "'"), splitOutput::collect);
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
            Query query = Query.of(q -> q.withJson(new StringReader(source.query)));
            String keepAlive = source.keepAlive.toMillis() + "ms";
            pit = client.openPointInTime(p -> p.index(source.indices()).keepAlive(t -> t.time(keepAlive))).id();
            long toSkip = toRead.documentsEmitted();
            List<FieldValue> searchAfter = null;
            while (true) {
                String pitId = pit;
                List<FieldValue> after = searchAfter;
                SearchResponse<BinaryData> response = client.search(s -> {
                    s.pit(p -> p.id(pitId).keepAlive(t -> t.time(keepAlive))).query(query).size(source.pageSize)
                            .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)))
                            .trackTotalHits(t -> t.enabled(false));
                    return after == null ? s : s.searchAfter(after);
                }, BinaryData.class);
                pit = response.pitId() == null ? pit : response.pitId();
                List<Hit<BinaryData>> hits = response.hits().hits();
                if (hits.isEmpty()) {
                    handover.put(Page.END);
                    break;
                }
                searchAfter = hits.get(hits.size() - 1).sort();
                List<Document> documents = new ArrayList<>(hits.size());
                for (Hit<BinaryData> hit : hits) {
                    if (toSkip > 0) {
                        toSkip--; // emitted before the checkpoint this reader was restored from
                    } else {
                        documents.add(new Document(hit.index(), hit.id(), bytesOf(hit.source())));
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

    private static byte[] bytesOf(BinaryData source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(16, source.size()));
        source.writeTo(bytes);
        return bytes.toByteArray();
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
