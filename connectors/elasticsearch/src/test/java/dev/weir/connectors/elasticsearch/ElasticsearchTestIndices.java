package dev.weir.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.descriptor.TableDescriptor;
import dev.weir.api.schema.Schema;
import dev.weir.it.containers.ElasticsearchContainer;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

/**
 * Indices of the shared node for the ITs: created with a unique name, read back with a plain
 * client (not the connector under test) after a refresh, so what the sink acknowledged is visible.
 */
final class ElasticsearchTestIndices implements AutoCloseable {

    private final ElasticsearchContainer elasticsearch = ElasticsearchContainer.shared();
    private final ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(
            RestClient.builder(HttpHost.create(elasticsearch.httpUrl())).build(), new JacksonJsonpMapper()));

    String url() {
        return elasticsearch.httpUrl();
    }

    /** A unique index name (lower case, as Elasticsearch wants) that does not exist yet. */
    static String uniqueName(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates an index with one shard and these mappings (the JSON of 'properties'), e.g. {"n":{"type":"integer"}}. */
    String create(String purpose, String properties) throws IOException {
        return createWithMappings(purpose, "{\"dynamic\":\"strict\",\"properties\":" + properties + "}");
    }

    /** Creates an index with one shard and these mappings (the JSON of 'mappings'), e.g. {"_source":{"enabled":false}}. */
    String createWithMappings(String purpose, String mappings) throws IOException {
        String index = uniqueName(purpose);
        String body = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},\"mappings\":" + mappings + "}";
        client.indices().create(c -> c.index(index).withJson(new StringReader(body)));
        return index;
    }

    /**
     * Indexes a document with this id whose _source is exactly this JSON text (whitespace included):
     * sent with the low-level client, which does not rewrite it.
     */
    void index(String index, String id, String json) throws IOException {
        Request request = new Request("PUT", "/" + index + "/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        request.setEntity(new NStringEntity(json, ContentType.APPLICATION_JSON));
        ((RestClientTransport) client._transport()).restClient().performRequest(request);
    }

    /** Makes what was written searchable now rather than after the index's refresh interval (1 s). */
    void refresh(String index) throws IOException {
        client.indices().refresh(r -> r.index(index).ignoreUnavailable(true).allowNoIndices(true));
    }

    /** Every document of the index (or pattern) by id, after a refresh; at most 10000. */
    Map<String, ObjectNode> documents(String index) throws IOException {
        refresh(index);
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        for (Hit<ObjectNode> hit : client.search(s -> s.index(index).size(10_000).ignoreUnavailable(true)
                .allowNoIndices(true), ObjectNode.class).hits().hits()) {
            documents.put(hit.id(), hit.source());
        }
        return documents;
    }

    /** The names of the indices matching the pattern. */
    List<String> indicesMatching(String pattern) throws IOException {
        return client.indices().get(g -> g.index(pattern).allowNoIndices(true)).result().keySet().stream().sorted().toList();
    }

    /** An 'elasticsearch' table of the shared node. */
    TableDescriptor.Builder table(String index, Schema schema) {
        return TableDescriptor.forConnector("elasticsearch").schema(schema).option("hosts", url()).option("index", index);
    }

    @Override
    public void close() throws IOException {
        client._transport().close();
    }
}
