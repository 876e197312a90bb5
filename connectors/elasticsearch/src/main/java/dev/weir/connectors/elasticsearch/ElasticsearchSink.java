package dev.weir.connectors.elasticsearch;

import dev.weir.api.format.RowEncoder;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.Sink;
import dev.weir.api.sink.SinkWriter;
import dev.weir.api.sink.WriterInitContext;
import dev.weir.connectors.elasticsearch.ElasticsearchOptions.FailureHandler;
import java.time.Duration;

/**
 * Writes rows as documents with bulk requests; see {@link ElasticsearchSinkWriter}. Nothing is
 * committed: with at-least-once, each checkpoint waits until every buffered document is
 * acknowledged, so a restart from it replays only rows that came later.
 */
final class ElasticsearchSink implements Sink {
    private static final long serialVersionUID = 1L;

    final String tableName;
    final ConnectionSettings connection;
    final IndexGenerator index;
    /** Null without a primary key: Elasticsearch picks the ids, and the sink only appends. */
    final DocumentIds documentIds;
    final RowEncoder encoder;
    final int maxActions;
    final long maxBytes;
    final Duration flushInterval;
    final Backoff backoff;
    final FailureHandler failureHandler;
    final DeliveryGuarantee guarantee;

    ElasticsearchSink(String tableName, ConnectionSettings connection, IndexGenerator index, DocumentIds documentIds,
                      RowEncoder encoder, int maxActions, long maxBytes, Duration flushInterval, Backoff backoff,
                      FailureHandler failureHandler, DeliveryGuarantee guarantee) {
        this.tableName = tableName;
        this.connection = connection;
        this.index = index;
        this.documentIds = documentIds;
        this.encoder = encoder;
        this.maxActions = maxActions;
        this.maxBytes = maxBytes;
        this.flushInterval = flushInterval;
        this.backoff = backoff;
        this.failureHandler = failureHandler;
        this.guarantee = guarantee;
    }

    @Override
    public SinkWriter createWriter(WriterInitContext context) {
        return new ElasticsearchSinkWriter(this, context);
    }
}
