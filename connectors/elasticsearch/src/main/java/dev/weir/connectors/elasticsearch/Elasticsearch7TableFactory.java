package dev.weir.connectors.elasticsearch;

/**
 * {@code 'connector' = 'elasticsearch-7'}, Flink's identifier, so that Flink table definitions work
 * unchanged. The same connector as 'elasticsearch': it talks to Elasticsearch 8 clusters.
 */
public final class Elasticsearch7TableFactory extends ElasticsearchTableFactory {

    @Override
    public String identifier() {
        return "elasticsearch-7";
    }

    @Override
    public String description() {
        return "Alias of 'elasticsearch' under Flink's identifier (the cluster must run Elasticsearch 8).";
    }
}
