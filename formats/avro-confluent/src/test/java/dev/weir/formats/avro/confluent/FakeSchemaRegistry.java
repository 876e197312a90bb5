package dev.weir.formats.avro.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A TEST DOUBLE of Confluent Schema Registry, not a registry: an in-memory implementation of the
 * part of its REST API that Weir's client and Confluent's JavaScript client use, answering as the
 * real registry does (status codes, error codes and the JSON shapes). Its faithfulness is checked
 * by {@code JavaScriptClientInteropTest} with Confluent's official client.
 *
 * <p>Implemented: {@code POST /subjects/{s}/versions} (register; an identical schema keeps its id,
 * across subjects too), {@code GET /schemas/ids/{id}}, {@code GET /subjects},
 * {@code GET /subjects/{s}/versions}, {@code GET /subjects/{s}/versions/{v|latest}},
 * {@code POST /subjects/{s}} (look a schema up). Not implemented: compatibility checks (every schema
 * is accepted), deletes, config and mode endpoints, schema references and types other than Avro.
 *
 * <p>Binds to 127.0.0.1 on an ephemeral port; HTTP or HTTPS; optionally requires Basic auth or a
 * bearer token. Records every request, headers included, so tests can assert what a client sent.
 * Other modules get it from this module's test jar ({@code <type>test-jar</type>}).
 */
public final class FakeSchemaRegistry implements AutoCloseable {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the double received it; header names are lower-case. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final String url;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Schemas by id - 1, each in Avro's normalized JSON. */
    private final List<String> schemas = new ArrayList<>();
    /** Schema ids by subject, by version - 1. */
    private final Map<String, List<Integer>> subjects = new TreeMap<>();
    private volatile String requiredAuthorization;

    private FakeSchemaRegistry(HttpServer server, String scheme) {
        this.server = server;
        this.url = scheme + "://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.start();
    }

    /** A registry on http://127.0.0.1 with an ephemeral port. */
    public static FakeSchemaRegistry start() {
        try {
            return new FakeSchemaRegistry(HttpServer.create(loopback(), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A registry on https://127.0.0.1, presenting the certificate of the given server context; with
     * {@code requireClientCertificate}, only clients whose certificate the context trusts get in.
     */
    public static FakeSchemaRegistry startHttps(SSLContext serverContext, boolean requireClientCertificate) {
        try {
            HttpsServer server = HttpsServer.create(loopback(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = serverContext.getDefaultSSLParameters();
                    ssl.setNeedClientAuth(requireClientCertificate);
                    parameters.setSSLParameters(ssl);
                }
            });
            return new FakeSchemaRegistry(server, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** From now on, answer 401 to requests without these Basic credentials. */
    public FakeSchemaRegistry requireBasicAuth(String user, String password) {
        requiredAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** From now on, answer 401 to requests without this bearer token. */
    public FakeSchemaRegistry requireBearerToken(String token) {
        requiredAuthorization = "Bearer " + token;
        return this;
    }

    public String url() {
        return url;
    }

    /** Registers a schema as {@code POST /subjects/{subject}/versions} does, without HTTP; returns its id. */
    public synchronized int register(String subject, String schemaJson) {
        String normalized = new Schema.Parser().parse(schemaJson).toString();
        int id = schemas.indexOf(normalized) + 1;
        if (id == 0) {
            schemas.add(normalized);
            id = schemas.size();
        }
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    /** Every request received so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests had this method and path (without the query). */
    public long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- the REST API ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(method, path, exchange.getRequestURI().getRawQuery(), Map.copyOf(headers), body));
            Answer answer;
            String authorization = requiredAuthorization;
            if (authorization != null && !authorization.equals(headers.get("authorization"))) {
                answer = error(401, 401, "Unauthorized");
            } else {
                answer = route(method, segments(path), body);
            }
            byte[] bytes = JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private record Answer(int status, Object body) {
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private synchronized Answer route(String method, List<String> path, String body) {
        int n = path.size();
        if (n == 3 && method.equals("GET") && path.get(0).equals("schemas") && path.get(1).equals("ids")) {
            return schemaById(path.get(2));
        }
        if (n >= 1 && path.get(0).equals("subjects")) {
            if (n == 1 && method.equals("GET")) {
                return new Answer(200, List.copyOf(subjects.keySet()));
            }
            String subject = path.get(1);
            if (n == 2 && method.equals("POST")) {
                return lookUp(subject, body);
            }
            if (n == 3 && path.get(2).equals("versions")) {
                if (method.equals("POST")) {
                    return registerOverHttp(subject, body);
                }
                if (method.equals("GET")) {
                    return subjects.containsKey(subject)
                            ? new Answer(200, versionNumbers(subject)) : subjectNotFound(subject);
                }
            }
            if (n == 4 && path.get(2).equals("versions") && method.equals("GET")) {
                return version(subject, path.get(3));
            }
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Answer schemaById(String idText) {
        int id = parseInt(idText);
        if (id < 1 || id > schemas.size()) {
            return error(404, 40403, "Schema " + idText + " not found");
        }
        return new Answer(200, Map.of("schema", schemas.get(id - 1)));
    }

    private Answer registerOverHttp(String subject, String body) {
        String schema;
        try {
            schema = avroSchemaOf(body);
        } catch (IllegalArgumentException invalid) {
            return error(422, 42201, invalid.getMessage());
        }
        return new Answer(200, Map.of("id", register(subject, schema)));
    }

    private Answer lookUp(String subject, String body) {
        if (!subjects.containsKey(subject)) {
            return subjectNotFound(subject);
        }
        String normalized;
        try {
            normalized = new Schema.Parser().parse(avroSchemaOf(body)).toString();
        } catch (IllegalArgumentException invalid) {
            return error(422, 42201, invalid.getMessage());
        }
        List<Integer> versions = subjects.get(subject);
        for (int v = 0; v < versions.size(); v++) {
            if (schemas.get(versions.get(v) - 1).equals(normalized)) {
                return new Answer(200, versionBody(subject, v + 1));
            }
        }
        return error(404, 40403, "Schema not found");
    }

    private Answer version(String subject, String versionText) {
        List<Integer> versions = subjects.get(subject);
        if (versions == null) {
            return subjectNotFound(subject);
        }
        int version = versionText.equals("latest") || versionText.equals("-1") ? versions.size() : parseInt(versionText);
        if (version < 1 || version > versions.size()) {
            return error(404, 40402, "Version " + versionText + " not found.");
        }
        return new Answer(200, versionBody(subject, version));
    }

    private Map<String, Object> versionBody(String subject, int version) {
        int id = subjects.get(subject).get(version - 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject);
        body.put("version", version);
        body.put("id", id);
        body.put("schema", schemas.get(id - 1));
        return body;
    }

    private List<Integer> versionNumbers(String subject) {
        List<Integer> numbers = new ArrayList<>();
        for (int v = 1; v <= subjects.get(subject).size(); v++) {
            numbers.add(v);
        }
        return numbers;
    }

    /** The Avro schema of a registration or look-up body, as the registry validates it. */
    private static String avroSchemaOf(String body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid request body: " + e.getMessage());
        }
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new IllegalArgumentException("Schema type " + type + " is not supported by this test double");
        }
        if (request.path("references").size() > 0) {
            throw new IllegalArgumentException("Schema references are not supported by this test double");
        }
        String schema = request.path("schema").asText(null);
        if (schema == null) {
            throw new IllegalArgumentException("Empty schema");
        }
        try {
            new Schema.Parser().parse(schema);
        } catch (SchemaParseException e) {
            throw new IllegalArgumentException("Invalid schema " + schema + ", details: " + e.getMessage());
        }
        return schema;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Answer subjectNotFound(String subject) {
        return error(404, 40401, "Subject '" + subject + "' not found.");
    }

    private static Answer error(int status, int errorCode, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error_code", errorCode);
        body.put("message", message);
        return new Answer(status, body);
    }
}
