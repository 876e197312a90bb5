package dev.weir.connectors.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/**
 * One page of a scan: a search request in a point in time, sent with the low-level client, and its
 * response read with a streaming parser that keeps each hit's {@code _source} as the bytes
 * Elasticsearch sent (for a document indexed as JSON: the bytes it was indexed with). The typed
 * client would rebuild the source through its own JSON model, which fails a whole page on an
 * integer beyond the range of a long and normalizes the rest; the table's format decodes the exact
 * document instead, and a bad one reaches the bad-record policy (a dead letter) as it is stored.
 *
 * @param pitId the point in time's id for the next request (Elasticsearch may change it)
 * @param hits the page's hits in the order of the sort
 */
record SearchPage(String pitId, List<Hit> hits) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * A hit: its index (the concrete index, also when the table names a pattern or alias), its
     * {@code _id}, its {@code _source} as sent (null when the index does not keep sources) and its
     * sort values as JSON text, for the next page's {@code search_after}.
     */
    record Hit(String index, String id, byte[] source, String sort) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Hit h && index.equals(h.index) && id.equals(h.id) && Arrays.equals(source, h.source)
                    && sort.equals(h.sort);
        }

        @Override
        public int hashCode() {
            return (index.hashCode() * 31 + id.hashCode()) * 31 + Arrays.hashCode(source);
        }

        @Override
        public String toString() {
            return "Hit[" + index + "/" + id + ", " + (source == null ? "no _source" : new String(source, StandardCharsets.UTF_8))
                    + ", sort " + sort + "]";
        }
    }

    /**
     * Searches the point in time for the page after {@code searchAfter} (null for the first page),
     * sorted by {@code _shard_doc}. A failure of any shard fails the request, rather than returning
     * a page that silently lacks that shard's documents.
     */
    static SearchPage fetch(RestClient client, String pitId, String keepAlive, String queryJson, int size,
                            String searchAfter) throws IOException {
        Request request = new Request("POST", "/_search");
        request.addParameter("allow_partial_search_results", "false");
        request.setEntity(new ByteArrayEntity(requestBody(pitId, keepAlive, queryJson, size, searchAfter),
                ContentType.APPLICATION_JSON));
        Response response = client.performRequest(request); // throws a ResponseException for an error status
        return parse(EntityUtils.toByteArray(response.getEntity()));
    }

    /** The search request's body; {@code queryJson} and {@code searchAfter} are JSON texts, inserted as they are. */
    static byte[] requestBody(String pitId, String keepAlive, String queryJson, int size, String searchAfter) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(body)) {
            g.writeStartObject();
            g.writeObjectFieldStart("pit");
            g.writeStringField("id", pitId);
            g.writeStringField("keep_alive", keepAlive);
            g.writeEndObject();
            g.writeFieldName("query");
            g.writeRawValue(queryJson);
            g.writeNumberField("size", size);
            g.writeArrayFieldStart("sort");
            g.writeStartObject();
            g.writeStringField("_shard_doc", "asc");
            g.writeEndObject();
            g.writeEndArray();
            g.writeBooleanField("track_total_hits", false);
            if (searchAfter != null) {
                g.writeFieldName("search_after");
                g.writeRawValue(searchAfter);
            }
            g.writeEndObject();
        }
        return body.toByteArray();
    }

    /** Reads a search response; throws if it reports failed shards or a timeout (an incomplete page). */
    static SearchPage parse(byte[] response) throws IOException {
        String pitId = null;
        List<Hit> hits = List.of();
        try (JsonParser p = JSON.createParser(response)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "the response");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "pit_id" -> pitId = value == JsonToken.VALUE_NULL ? null : p.getText();
                    case "timed_out" -> {
                        if (value == JsonToken.VALUE_TRUE) {
                            throw new IOException("The search timed out, so the page may lack documents");
                        }
                    }
                    case "_shards" -> checkShards(p, response);
                    case "hits" -> hits = outerHits(p, response);
                    default -> p.skipChildren();
                }
            }
        }
        return new SearchPage(pitId, hits);
    }

    /** {@code _shards}: fails unless every shard answered. */
    private static void checkShards(JsonParser p, byte[] response) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "_shards");
        long failed = 0;
        String failures = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("failed") && value == JsonToken.VALUE_NUMBER_INT) {
                failed = p.getLongValue();
            } else if (name.equals("failures")) {
                failures = ": " + new String(raw(p, response), StandardCharsets.UTF_8);
            } else {
                p.skipChildren();
            }
        }
        if (failed > 0) {
            throw new IOException("The search failed on " + failed + " shard(s), so the page would lack their documents"
                    + failures);
        }
    }

    /** The {@code hits} object: its {@code hits} array. */
    private static List<Hit> outerHits(JsonParser p, byte[] response) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "hits");
        List<Hit> hits = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("hits")) {
                expect(p, value, JsonToken.START_ARRAY, "hits.hits");
                hits = new ArrayList<>();
                JsonToken token;
                while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                    hits.add(hit(p, token, response));
                }
            } else {
                p.skipChildren();
            }
        }
        return hits;
    }

    private static Hit hit(JsonParser p, JsonToken token, byte[] response) throws IOException {
        expect(p, token, JsonToken.START_OBJECT, "a hit");
        String index = null;
        String id = null;
        byte[] source = null;
        String sort = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "_index" -> index = p.getText();
                case "_id" -> id = p.getText();
                case "_source" -> source = raw(p, response);
                case "sort" -> sort = new String(raw(p, response), StandardCharsets.UTF_8);
                default -> p.skipChildren();
            }
        }
        if (index == null || id == null || sort == null) {
            throw new IOException("A hit of the search response lacks _index, _id or sort values: index " + index
                    + ", _id " + id + ", sort " + sort);
        }
        return new Hit(index, id, source, sort);
    }

    /** The bytes of the value the parser is on, exactly as they are in the response. */
    private static byte[] raw(JsonParser p, byte[] response) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end < start || end > response.length) {
            throw new IllegalStateException("The JSON parser did not report byte offsets (" + start + ", " + end + ")");
        }
        return Arrays.copyOfRange(response, (int) start, (int) end);
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("Unexpected search response: " + what + " is " + actual + " where " + expected
                    + " was expected, at byte " + p.currentTokenLocation().getByteOffset());
        }
    }
}
