package dev.weir.connectors.elasticsearch;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of the three endpoints a scan uses (open a point in time, search in it with
 * search_after, close it), serving fixed documents whose {@code _source} is any JSON text, for what
 * a real node does not store: a _source that is not an object. Each hit's sort value is its
 * position. Records each request's method and URI.
 */
final class ScanEndpointTestDouble implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHARDS = "{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0}";

    /** A stored document; {@code source} is JSON text put into the response as it is, or null for none. */
    record Document(String index, String id, String source) {
    }

    private final HttpServer server;
    private final List<Document> documents;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private ScanEndpointTestDouble(List<Document> documents) throws IOException {
        this.documents = List.copyOf(documents);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    static ScanEndpointTestDouble serving(List<Document> documents) throws IOException {
        return new ScanEndpointTestDouble(documents);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "METHOD /path?query" of every request so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(method + " " + exchange.getRequestURI());
            String response;
            int status = 200;
            if (method.equals("POST") && path.endsWith("/_pit")) {
                response = "{\"id\":\"pit-1\",\"_shards\":" + SHARDS + "}";
            } else if (method.equals("POST") && path.equals("/_search")) {
                response = search(JSON.readTree(body));
            } else if (method.equals("DELETE") && path.equals("/_pit")) {
                response = "{\"succeeded\":true,\"num_freed\":1}";
            } else {
                status = 404;
                response = "{\"error\":{\"type\":\"not_found\",\"reason\":\"not served by the test double\"},\"status\":404}";
            }
            byte[] bytes = response.getBytes(UTF_8);
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private String search(JsonNode request) throws IOException {
        int size = request.get("size").asInt();
        int from = request.has("search_after") ? request.get("search_after").get(0).asInt() + 1 : 0;
        StringBuilder hits = new StringBuilder();
        for (int i = from; i < Math.min(documents.size(), from + size); i++) {
            Document document = documents.get(i);
            hits.append(hits.isEmpty() ? "" : ",").append("{\"_index\":").append(JSON.writeValueAsString(document.index()))
                    .append(",\"_id\":").append(JSON.writeValueAsString(document.id())).append(",\"_score\":null");
            if (document.source() != null) {
                hits.append(",\"_source\":").append(document.source());
            }
            hits.append(",\"sort\":[").append(i).append("]}");
        }
        return "{\"pit_id\":\"pit-1\",\"took\":1,\"timed_out\":false,\"_shards\":" + SHARDS
                + ",\"hits\":{\"max_score\":null,\"hits\":[" + hits + "]}}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
