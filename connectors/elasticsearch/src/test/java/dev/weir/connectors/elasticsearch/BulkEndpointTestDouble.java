package dev.weir.connectors.elasticsearch;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of Elasticsearch's {@code POST /_bulk}, for what a real node cannot be made to do on
 * demand: answer 429 or 503 to a whole request, or reject single documents with 429. Each request
 * takes the next scripted answer; without one, every document succeeds. It answers with the
 * product header the client checks, and records each request's path, Authorization header and
 * action lines.
 */
final class BulkEndpointTestDouble implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Request(String path, String authorization, List<String> actionLines) {
    }

    /** A whole-request error status, or per-document statuses (documents beyond the list succeed). */
    private record Answer(int requestStatus, int[] documentStatuses) {
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private BulkEndpointTestDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    static BulkEndpointTestDouble start() throws IOException {
        return new BulkEndpointTestDouble();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request fails as a whole with this status (e.g. 429, 503). */
    synchronized BulkEndpointTestDouble thenRequestFails(int status) {
        script.add(new Answer(status, new int[0]));
        return this;
    }

    /** The next request answers 200 with these statuses for its first documents. */
    synchronized BulkEndpointTestDouble thenDocumentsAnswer(int... statuses) {
        script.add(new Answer(200, statuses));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private synchronized Answer nextAnswer() {
        return script.isEmpty() ? new Answer(200, new int[0]) : script.poll();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            List<JsonNode> actions = new ArrayList<>();
            List<String> actionLines = new ArrayList<>();
            String[] lines = body.split("\n");
            for (int i = 0; i < lines.length; i++) {
                JsonNode action = JSON.readTree(lines[i]);
                actions.add(action);
                actionLines.add(lines[i]);
                if (!action.has("delete")) {
                    i++; // the document line
                }
            }
            requests.add(new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), actionLines));
            Answer answer = nextAnswer();
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] response = (answer.requestStatus() == 200 ? bulkResponse(actions, answer.documentStatuses())
                    : errorResponse(answer.requestStatus())).getBytes(UTF_8);
            exchange.sendResponseHeaders(answer.requestStatus(), response.length);
            exchange.getResponseBody().write(response);
        }
    }

    private static String errorResponse(int status) {
        String type = status == 429 ? "es_rejected_execution_exception" : "unavailable_shards_exception";
        return "{\"error\":{\"type\":\"" + type + "\",\"reason\":\"scripted by the test double\"},\"status\":" + status + "}";
    }

    private static String bulkResponse(List<JsonNode> actions, int[] statuses) {
        ObjectNode response = JSON.createObjectNode();
        response.put("took", 1);
        ArrayNode items = response.putArray("items");
        boolean errors = false;
        for (int i = 0; i < actions.size(); i++) {
            String operation = actions.get(i).fieldNames().next();
            JsonNode metadata = actions.get(i).get(operation);
            int status = i < statuses.length ? statuses[i] : (operation.equals("delete") ? 200 : 201);
            ObjectNode item = items.addObject().putObject(operation);
            item.put("_index", metadata.get("_index").asText());
            item.put("_id", metadata.has("_id") ? metadata.get("_id").asText() : "generated-" + i);
            item.put("status", status);
            if (status >= 300) {
                errors = true;
                item.putObject("error").put("type", status == 429 ? "es_rejected_execution_exception" : "mapper_parsing_exception")
                        .put("reason", "scripted by the test double");
            } else {
                item.put("result", operation.equals("delete") ? "deleted" : "created");
            }
        }
        response.put("errors", errors);
        return response.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
