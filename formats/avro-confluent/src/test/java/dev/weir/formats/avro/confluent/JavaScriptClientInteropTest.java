package dev.weir.formats.avro.confluent;

import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.DECIMAL;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.api.types.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.data.Row;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves FakeSchemaRegistry and the format faithful to Confluent's official JavaScript client
 * (@confluentinc/schemaregistry, pinned in src/test/js/package.json): messages its AvroSerializer
 * writes are decoded by Weir, and messages Weir writes are read by its AvroDeserializer, both
 * through the fake registry with Basic auth. Needs Node.js 18+ and npm; installs the client with
 * 'npm ci' when src/test/js/node_modules is missing.
 */
class JavaScriptClientInteropTest {
    private static final Path SCRIPT_DIR = Path.of(System.getProperty("basedir", ".")).resolve("src/test/js");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_INFO = "interop:pa55word";

    private static final String PAYMENT_SCHEMA = """
            {"type": "record", "name": "Payment", "namespace": "com.acme.payments", "fields": [
              {"name": "id", "type": "long"},
              {"name": "payer", "type": ["null", "string"], "default": null},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "paid_at", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["PENDING", "PAID", "REFUNDED"]}}
            ]}""";
    private static final DataType PAYMENTS = ROW(FIELD("id", BIGINT().notNull()), FIELD("payer", STRING()),
            FIELD("amount", DECIMAL(10, 2)), FIELD("paid_at", TIMESTAMP_LTZ(3)), FIELD("status", STRING()));
    private static final Instant PAID_AT = Instant.parse("2024-05-06T07:08:09.123Z");

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start().requireBasicAuth("interop", "pa55word");

    @BeforeAll
    static void installTheJavaScriptClient() throws Exception {
        String version = run(List.of("node", "--version"), Path.of("."), null,
                "Node.js is needed for the interop tests with Confluent's JavaScript client: install Node.js 18 or newer"
                        + " and npm (Debian: apt-get install -y nodejs npm) and make sure 'node' is on the PATH").trim();
        assertThat(Integer.parseInt(version.replaceAll("^v(\\d+)\\..*", "$1")))
                .as("Node.js version %s; the interop tests need 18 or newer", version).isGreaterThanOrEqualTo(18);
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), SCRIPT_DIR, null,
                    "npm is needed to install Confluent's JavaScript client for the interop tests: install npm (Debian:"
                            + " apt-get install -y npm), which comes with Node.js elsewhere");
        }
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void weirDecodesWhatTheJavaScriptSerializerWrites() throws Exception {
        ObjectNode request = request("payments").put("schema", PAYMENT_SCHEMA);
        ArrayNode records = request.putArray("records");
        records.addObject().put("id", 1).put("payer", "ann").put("paid_at", PAID_AT.toEpochMilli()).put("status", "PAID")
                .putObject("amount").put("$bytes", "04d2"); // 1234 unscaled: 12.34
        records.addObject().put("id", 2).putNull("payer").putNull("paid_at").put("status", "REFUNDED")
                .putObject("amount").put("$bytes", "ff38"); // -200 unscaled: -2.00

        JsonNode answer = node("produce", request);

        RowDecoder decoder = ConfluentAvro.decoder(PAYMENTS, "url", registry.url(), "basic-auth.user-info", USER_INFO);
        List<Row> rows = new ArrayList<>();
        for (JsonNode message : answer.get("messages")) {
            rows.addAll(ConfluentAvro.decode(decoder, Base64.getDecoder().decode(message.asText())));
        }
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).containsExactly(1L, "ann", new BigDecimal("12.34"), PAID_AT, "PAID");
        assertThat(rows.get(1).values()).containsExactly(2L, null, new BigDecimal("-2.00"), null, "REFUNDED");
        assertThat(registry.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).startsWith("Basic "));
        // The endpoints the JavaScript client used; it asks for topic associations first and, answered 404 as
        // by registries without them, falls back to the topic name strategy.
        assertThat(registry.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /subjects/payments-value/versions", "GET /associations/resources/-/payments",
                "GET /subjects/payments-value/versions/latest", "GET /associations/resources/-/payments",
                "GET /schemas/ids/1");
    }

    @Test
    void theJavaScriptDeserializerReadsWhatWeirWrites() throws Exception {
        RowEncoder encoder = ConfluentAvro.encoder(PAYMENTS, "url", registry.url(), "basic-auth.user-info", USER_INFO,
                "topic", "payments", "schema", PAYMENT_SCHEMA);
        List<byte[]> messages = List.of(
                encoder.encode(Row.of(1L, "ann", new BigDecimal("12.34"), PAID_AT, "PAID")),
                encoder.encode(Row.of(2L, null, new BigDecimal("-2.00"), null, "PENDING")));

        JsonNode records = consume("payments", messages);

        assertThat(records.get(0).toString()).isEqualTo("{\"id\":1,\"payer\":\"ann\",\"amount\":{\"$bytes\":\"04d2\"},"
                + "\"paid_at\":" + PAID_AT.toEpochMilli() + ",\"status\":\"PAID\"}");
        assertThat(records.get(1).toString()).isEqualTo("{\"id\":2,\"payer\":null,\"amount\":{\"$bytes\":\"ff38\"},"
                + "\"paid_at\":null,\"status\":\"PENDING\"}");
    }

    @Test
    void theJavaScriptDeserializerReadsTheSchemaWeirDerives() throws Exception {
        RowEncoder encoder = ConfluentAvro.encoder(PAYMENTS, "url", registry.url(), "basic-auth.user-info", USER_INFO,
                "topic", "derived", "record-name", "Payment", "namespace", "dev.weir.test");

        JsonNode records = consume("derived", List.of(encoder.encode(Row.of(3L, "cy", new BigDecimal("0.05"), PAID_AT,
                "whatever")), encoder.encode(Row.of(4L, null, null, null, null))));

        assertThat(records.get(0).toString()).isEqualTo("{\"id\":3,\"payer\":\"cy\",\"amount\":{\"$bytes\":\"05\"},"
                + "\"paid_at\":" + PAID_AT.toEpochMilli() + ",\"status\":\"whatever\"}");
        assertThat(records.get(1).toString()).isEqualTo(
                "{\"id\":4,\"payer\":null,\"amount\":null,\"paid_at\":null,\"status\":null}");
    }

    private ObjectNode request(String topic) {
        return JSON.createObjectNode().put("registry", registry.url()).put("userInfo", USER_INFO).put("topic", topic);
    }

    private JsonNode consume(String topic, List<byte[]> messages) throws Exception {
        ObjectNode request = request(topic);
        ArrayNode encoded = request.putArray("messages");
        messages.forEach(m -> encoded.add(Base64.getEncoder().encodeToString(m)));
        return node("consume", request).get("records");
    }

    private static JsonNode node(String mode, JsonNode request) throws Exception {
        String output = run(List.of("node", "interop.js", mode), SCRIPT_DIR, request.toString(), null);
        return JSON.readTree(output);
    }

    /** Runs a command and returns its standard output; fails the test, with the hint when given, if it cannot run. */
    private static String run(List<String> command, Path directory, String input, String missingHint) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).start();
        } catch (IOException notInstalled) {
            return fail(missingHint + " (running " + String.join(" ", command) + " failed: " + notInstalled.getMessage()
                    + ")");
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return fail(String.join(" ", command) + " did not finish within 5 minutes");
        }
        if (process.exitValue() != 0) {
            return fail(String.join(" ", command) + " in " + directory + " exited with " + process.exitValue() + ":\n"
                    + stderr.get() + stdout.get());
        }
        return stdout.get();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read the output: " + e.getMessage() + ")";
        }
    }
}
