package dev.weir.connectors.elasticsearch;

import dev.weir.api.data.ChangelogMode;
import static dev.weir.connectors.elasticsearch.ElasticsearchOptions.*;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.weir.api.ValidationException;
import dev.weir.api.config.ConfigOption;
import dev.weir.api.config.Configuration;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.SinkFactory;
import dev.weir.api.factory.SourceFactory;
import dev.weir.api.factory.TableContext;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.sink.DeliveryGuarantee;
import dev.weir.api.sink.Sink;
import dev.weir.api.source.Source;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code 'connector' = 'elasticsearch'}: writes rows into Elasticsearch 8 indices with bulk
 * requests, options as Flink's Elasticsearch connector, and scans an index as a bounded source.
 */
public class ElasticsearchTableFactory implements SourceFactory, SinkFactory {

    @Override
    public String identifier() {
        return "elasticsearch";
    }

    @Override
    public String description() {
        return "Writes rows as Elasticsearch documents (upserts and deletes by primary key, or appends with generated"
                + " ids; fixed or time-based index names) and reads an index with a query as a bounded source.";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(HOSTS, INDEX);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(DOCUMENT_ID_KEY_DELIMITER, FORMAT, USERNAME, PASSWORD, API_KEY, PATH_PREFIX,
                CONNECTION_REQUEST_TIMEOUT, CONNECTION_TIMEOUT, SOCKET_TIMEOUT, SSL_CERTIFICATE_AUTHORITIES,
                SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, DELIVERY_GUARANTEE, BULK_FLUSH_MAX_ACTIONS,
                BULK_FLUSH_MAX_SIZE, BULK_FLUSH_INTERVAL, BULK_FLUSH_BACKOFF_STRATEGY, BULK_FLUSH_BACKOFF_MAX_RETRIES,
                BULK_FLUSH_BACKOFF_DELAY, FAILURE_HANDLER, SCAN_QUERY, SCAN_PAGE_SIZE, SCAN_KEEP_ALIVE);
    }

    /** Upserts by document id with a primary key; without one Elasticsearch picks ids, so rows can only be appended. */
    @Override
    public ChangelogMode acceptedChangelogMode(TableContext context) {
        return context.schema().primaryKey().isEmpty() ? ChangelogMode.insertOnly() : ChangelogMode.upsert();
    }

    @Override
    public Sink createSink(TableContext context) {
        FactoryHelper helper = FactoryHelper.of(this, context);
        RowEncoder encoder = helper.encoder(FORMAT, context.physicalRowType());
        helper.validate();
        Configuration options = context.options();
        List<String> problems = new ArrayList<>();
        ConnectionSettings connection = ConnectionSettings.from(options, problems);
        IndexGenerator index = IndexGenerator.parse(options.get(INDEX), context.physicalRowType(), Clock.systemUTC(), problems);
        List<String> primaryKey = context.schema().primaryKey();
        DocumentIds ids = primaryKey.isEmpty() ? null
                : DocumentIds.of(primaryKey, context.physicalRowType(), options.get(DOCUMENT_ID_KEY_DELIMITER), problems);
        if (!context.schema().metadataColumns().isEmpty()) {
            problems.add("the sink writes no metadata; remove the metadata columns.");
        }
        int maxActions = options.get(BULK_FLUSH_MAX_ACTIONS);
        Duration interval = options.get(BULK_FLUSH_INTERVAL);
        int maxRetries = options.get(BULK_FLUSH_BACKOFF_MAX_RETRIES);
        Duration delay = options.get(BULK_FLUSH_BACKOFF_DELAY);
        nonNegative(BULK_FLUSH_MAX_ACTIONS, maxActions, problems);
        nonNegative(BULK_FLUSH_INTERVAL, interval.toMillis(), problems);
        nonNegative(BULK_FLUSH_BACKOFF_MAX_RETRIES, maxRetries, problems);
        nonNegative(BULK_FLUSH_BACKOFF_DELAY, delay.toMillis(), problems);
        DeliveryGuarantee guarantee = options.get(DELIVERY_GUARANTEE);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            problems.add("'" + DELIVERY_GUARANTEE.key() + "' = 'exactly-once' is not offered: Elasticsearch has no"
                    + " transactions. Declare a PRIMARY KEY with 'at-least-once': replayed rows then overwrite the same"
                    + " documents, and the index ends up as with exactly-once.");
        }
        fail(context, problems);
        return new ElasticsearchSink(context.tableName(), connection, index, ids, encoder, maxActions,
                options.get(BULK_FLUSH_MAX_SIZE).bytes(), interval,
                new Backoff(options.get(BULK_FLUSH_BACKOFF_STRATEGY), maxRetries, delay), options.get(FAILURE_HANDLER),
                guarantee);
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        FactoryHelper helper = FactoryHelper.of(this, context);
        RowDecoder decoder = helper.decoder(FORMAT, context.physicalRowType());
        helper.validate();
        Configuration options = context.options();
        List<String> problems = new ArrayList<>();
        ConnectionSettings connection = ConnectionSettings.from(options, problems);
        String index = options.get(INDEX);
        if (index.contains("{")) {
            problems.add("'" + INDEX.key() + "' '" + index + "' has a {...} part, which only a sink can fill in; a source"
                    + " reads an index, a pattern such as 'logs-*', or an alias.");
        }
        String query = options.get(SCAN_QUERY);
        try {
            Query.of(q -> q.withJson(new StringReader(query)));
        } catch (RuntimeException e) {
            problems.add("'" + SCAN_QUERY.key() + "' is not a query of the search API: " + e.getMessage() + ".");
        }
        int pageSize = options.get(SCAN_PAGE_SIZE);
        if (pageSize < 1 || pageSize > 10_000) {
            problems.add("'" + SCAN_PAGE_SIZE.key() + "' must be between 1 and 10000 (Elasticsearch's index.max_result_window).");
        }
        Duration keepAlive = options.get(SCAN_KEEP_ALIVE);
        if (keepAlive.toMillis() < 1) {
            problems.add("'" + SCAN_KEEP_ALIVE.key() + "' must be positive.");
        }
        if (!context.schema().metadataColumns().isEmpty()) {
            problems.add("the source reads no metadata; remove the metadata columns.");
        }
        fail(context, problems);
        return new ElasticsearchSource(connection, index, query, pageSize, keepAlive, decoder);
    }

    private static void nonNegative(ConfigOption<?> option, long value, List<String> problems) {
        if (value < 0) {
            problems.add("'" + option.key() + "' must not be negative.");
        }
    }

    private static void fail(TableContext context, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems.stream()
                    .map(p -> "Table '" + context.tableName() + "', connector 'elasticsearch': " + p).toList());
        }
    }
}
