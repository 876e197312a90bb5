package dev.weir.formats.avro.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.formats.avro.AvroSchemaConverter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;

/**
 * A small client of the Confluent Schema Registry REST API (Confluent's own Java client is not
 * available to Weir): fetch a schema by id, register a schema under a subject, fetch a subject's
 * latest version. Schemas by id and ids by subject and schema are cached for the client's life:
 * the registry never changes either mapping once made.
 *
 * <p>Thread-safe. Errors are {@link SchemaRegistryException}s naming the registry (without
 * credentials), the request and the registry's own error; the Authorization header never appears
 * in them.
 */
final class SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json,"
            + " application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(SchemaRegistryClient.class.getName());

    /** A schema as registered under a subject. */
    record RegisteredSchema(String subject, int version, int id, Schema schema) {
    }

    private final RegistrySettings settings;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    SchemaRegistryClient(RegistrySettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.requestTimeout());
        if (settings.truststoreLocation() != null || settings.keystoreLocation() != null) {
            builder.sslContext(sslContext(settings));
        }
        this.http = builder.build();
    }

    /** The writer schema a message names. */
    Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(answer, "schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    /** Registers the schema under the subject, or finds it there, and returns its id. */
    int register(String subject, Schema schema) {
        String key = subject + '\u0000' + schema;
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", body);
        int id = requireInt(answer, "id", "registering under subject '" + subject + "'");
        LOG.log(System.Logger.Level.INFO, "Schema " + schema.getFullName() + " is id " + id + " under subject '"
                + subject + "' in " + settings.url());
        idsBySubjectAndSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** The subject's latest version. Not cached: the latest version is what changes. */
    RegisteredSchema latest(String subject) {
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        String what = "the latest version of subject '" + subject + "'";
        int id = requireInt(answer, "id", what);
        Schema schema = parse(answer, what);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(subject, requireInt(answer, "version", what), id, schema);
    }

    String url() {
        return settings.url();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUri() + path))
                .timeout(settings.requestTimeout())
                .header("Accept", ACCEPT);
        if (settings.authorization() != null) {
            request.header("Authorization", settings.authorization());
        }
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw SchemaRegistryException.unreachable(settings.url(), method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SchemaRegistryException.unreachable(settings.url(), method + " " + path, e);
        }
        JsonNode answer;
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            answer = bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
        } catch (IOException notJson) {
            answer = JSON.nullNode(); // a proxy's HTML error page, say: the status says enough
        }
        if (response.statusCode() / 100 != 2) {
            throw SchemaRegistryException.refused(settings.url(), method + " " + path, response.statusCode(),
                    answer.path("error_code").asInt(0), answer.path("message").asText(null));
        }
        return answer;
    }

    private Schema parse(JsonNode answer, String what) {
        JsonNode type = answer.path("schemaType");
        if (!type.isMissingNode() && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw SchemaRegistryException.unusable(settings.url(), what + " is a " + type.asText()
                    + " schema, not an Avro schema");
        }
        if (answer.path("references").size() > 0) {
            throw SchemaRegistryException.unusable(settings.url(), what + " refers to other schemas (references),"
                    + " which Weir's registry client does not resolve yet");
        }
        JsonNode text = answer.path("schema");
        if (!text.isTextual()) {
            throw SchemaRegistryException.unusable(settings.url(), "the answer for " + what + " has no schema");
        }
        try {
            return AvroSchemaConverter.parseSchema(text.asText());
        } catch (IllegalArgumentException e) {
            throw SchemaRegistryException.unusable(settings.url(), what + ": " + e.getMessage());
        }
    }

    private int requireInt(JsonNode answer, String field, String what) {
        JsonNode value = answer.path(field);
        if (!value.canConvertToInt()) {
            throw SchemaRegistryException.unusable(settings.url(), "the answer for " + what + " has no '" + field + "'");
        }
        return value.asInt();
    }

    private static SSLContext sslContext(RegistrySettings settings) {
        try {
            TrustManagerFactory trust = null;
            if (settings.truststoreLocation() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(settings.truststoreLocation(), settings.truststorePassword()));
            }
            KeyManagerFactory keys = null;
            if (settings.keystoreLocation() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(settings.keystoreLocation(), settings.keystorePassword()),
                        settings.keystorePassword().toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            // The message of a wrong password says so without the password; the location is no secret.
            throw new IllegalArgumentException("cannot set up TLS for the schema registry " + settings.url() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The JVM's default keystore type (PKCS12) also reads JKS files. */
    private static KeyStore load(String location, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
