package dev.weir.formats.avro.confluent;

import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.DECIMAL;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.INT;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.api.types.DataTypes.TIMESTAMP_LTZ;
import static dev.weir.formats.avro.confluent.ConfluentAvro.decode;
import static dev.weir.formats.avro.confluent.ConfluentAvro.decoder;
import static dev.weir.formats.avro.confluent.ConfluentAvro.encoder;
import static dev.weir.formats.avro.confluent.ConfluentAvro.message;
import static dev.weir.formats.avro.confluent.ConfluentAvro.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfluentAvroFormatTest {
    private static final DataType ORDERS = ROW(FIELD("id", BIGINT().notNull()), FIELD("customer", STRING()),
            FIELD("amount", DECIMAL(10, 2)), FIELD("placed_at", TIMESTAMP_LTZ(3)));
    private static final Row ORDER = Row.of(1L, "ann", new BigDecimal("12.50"), Instant.parse("2024-05-06T07:08:09.123Z"));

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void rowsRoundTripInTheConfluentWireFormat() {
        RowEncoder encoder = encoder(ORDERS, "url", registry.url(), "topic", "orders");

        byte[] message = encoder.encode(ORDER);

        assertThat(message[0]).isZero();
        assertThat(ConfluentAvro.schemaId(message)).isEqualTo(1);
        assertThat(registry.requests()).singleElement().satisfies(r -> {
            assertThat(r.method() + " " + r.path()).isEqualTo("POST /subjects/orders-value/versions");
            assertThat(r.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        });
        assertThat(decode(decoder(ORDERS, "url", registry.url()), message)).containsExactly(ORDER);
    }

    @Test
    void idsAndSchemasAreFetchedOncePerDecoderAndEncoder() {
        RowEncoder encoder = encoder(ORDERS, "url", registry.url(), "subject", "orders-value");
        RowDecoder decoder = decoder(ORDERS, "url", registry.url());

        for (int i = 0; i < 5; i++) {
            assertThat(decode(decoder, encoder.encode(ORDER))).containsExactly(ORDER);
        }

        assertThat(registry.count("POST", "/subjects/orders-value/versions")).isEqualTo(1);
        assertThat(registry.count("GET", "/schemas/ids/1")).isEqualTo(1);
    }

    @Test
    void aKeyFormatUsesTheKeySubject() {
        DataType key = ROW(FIELD("id", BIGINT().notNull()));
        RowEncoder keyEncoder = ConfluentAvro.factory().createEncoder(ConfluentAvro.context("key.avro-confluent.", key,
                "url", registry.url(), "topic", "orders", "record-name", "OrderKey"));
        RowEncoder valueEncoder = encoder(ORDERS, "url", registry.url(), "topic", "orders");

        byte[] keyMessage = keyEncoder.encode(Row.of(1L));
        byte[] valueMessage = valueEncoder.encode(ORDER);

        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path)
                .containsExactly("/subjects/orders-key/versions", "/subjects/orders-value/versions");
        assertThat(ConfluentAvro.schemaId(keyMessage)).isNotEqualTo(ConfluentAvro.schemaId(valueMessage));
    }

    @Test
    void subjectNameStrategies() {
        assertThat(subjectOf("subject.name-strategy", "record", "namespace", "com.acme", "record-name", "Order"))
                .isEqualTo("com.acme.Order");
        assertThat(subjectOf("subject.name-strategy", "topic-record", "topic", "orders", "record-name", "Order"))
                .isEqualTo("orders-Order");
        assertThat(subjectOf("subject", "explicit", "topic", "orders")).isEqualTo("explicit");
        assertThatThrownBy(() -> subjectOf())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the encoder needs a subject: set 'value.avro-confluent.subject', or"
                        + " 'value.avro-confluent.topic' for the 'topic' subject name strategy (the Kafka connector sets"
                        + " 'value.avro-confluent.topic' itself), or choose 'value.avro-confluent.subject.name-strategy'"
                        + " = 'record'");
    }

    private String subjectOf(String... options) {
        String[] all = new String[options.length + 2];
        all[0] = "url";
        all[1] = registry.url();
        System.arraycopy(options, 0, all, 2, options.length);
        encoder(ORDERS, all).encode(ORDER);
        String path = registry.requests().get(registry.requests().size() - 1).path();
        return path.substring("/subjects/".length(), path.length() - "/versions".length());
    }

    @Test
    void useLatestWritesWithTheRegisteredSchemaWhateverItsRecordName() {
        // Registered by another team: another record name, another field order, an enum and a field with a default.
        String registered = """
                {"type": "record", "name": "OrderPlaced", "namespace": "com.acme.events", "fields": [
                  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
                  {"name": "id", "type": "long"},
                  {"name": "channel", "type": "string", "default": "web"},
                  {"name": "customer", "type": ["null", "string"], "default": null}
                ]}""";
        int id = registry.register("orders-value", registered);
        DataType table = ROW(FIELD("id", BIGINT().notNull()), FIELD("customer", STRING()), FIELD("status", STRING()));
        RowEncoder encoder = encoder(table, "url", registry.url(), "topic", "orders", "schema.registration", "use-latest");

        byte[] message = encoder.encode(Row.of(7L, null, "PAID"));

        assertThat(ConfluentAvro.schemaId(message)).isEqualTo(id);
        GenericRecord written = ConfluentAvro.read(new Schema.Parser().parse(registered), message);
        assertThat(written.toString()).isEqualTo(
                "{\"status\": \"PAID\", \"id\": 7, \"channel\": \"web\", \"customer\": null}");
        assertThat(registry.count("POST", "/subjects/orders-value/versions")).isZero();
        assertThat(decode(decoder(table, "url", registry.url()), message)).containsExactly(Row.of(7L, null, "PAID"));
        assertThatThrownBy(() -> encoder.encode(Row.of(8L, "bob", "SHIPPED")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot encode the row as Avro: field 'status': 'SHIPPED' is not a symbol of the Avro enum"
                        + " com.acme.events.Status (NEW, PAID)");
    }

    @Test
    void useLatestReportsAColumnTheRegisteredSchemaLacks() {
        registry.register("orders-value", """
                {"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}""");
        RowEncoder encoder = encoder(ORDERS, "url", registry.url(), "topic", "orders", "schema.registration", "use-latest");

        assertThatThrownBy(() -> encoder.encode(ORDER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot encode rows with the latest schema of subject 'orders-value' (version 1, id 1) from "
                        + registry.url() + ": the Avro schema Order does not fit the row type: the Avro record Order has"
                        + " no field for the column 'customer' (its fields: id)");
    }

    @Test
    void fixedIdWritesWithThatSchema() {
        int id = registry.register("anything", """
                {"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"},
                  {"name": "customer", "type": ["null", "string"]}]}""");
        DataType table = ROW(FIELD("id", BIGINT().notNull()), FIELD("customer", STRING()));

        byte[] message = encoder(table, "url", registry.url(), "schema.registration", "fixed-id",
                "schema.id", String.valueOf(id)).encode(Row.of(3L, "cy"));

        assertThat(ConfluentAvro.schemaId(message)).isEqualTo(id);
        assertThat(decode(decoder(table, "url", registry.url()), message)).containsExactly(Row.of(3L, "cy"));
        assertThatThrownBy(() -> encoder(table, "url", registry.url(), "schema.registration", "fixed-id"))
                .hasMessage("'value.avro-confluent.schema.registration' is 'fixed-id', so"
                        + " 'value.avro-confluent.schema.id' must name the schema id to write with");
    }

    @Test
    void readersFollowTheSubjectsEvolution() {
        String v1 = """
                {"type": "record", "name": "Customer", "fields": [
                  {"name": "id", "type": "int"}, {"name": "name", "type": "string"},
                  {"name": "fax", "type": ["null", "string"], "default": null}]}""";
        String v2 = """
                {"type": "record", "name": "Customer", "fields": [
                  {"name": "id", "type": "long"}, {"name": "name", "type": "string"},
                  {"name": "email", "type": ["null", "string"], "default": null}]}""";
        Schema s1 = new Schema.Parser().parse(v1);
        Schema s2 = new Schema.Parser().parse(v2);
        int id1 = registry.register("customers-value", v1);
        int id2 = registry.register("customers-value", v2);
        // Today's table: 'fax' dropped, 'email' and 'tier' added, 'id' widened to BIGINT.
        DataType table = ROW(FIELD("id", BIGINT().notNull()), FIELD("name", STRING()), FIELD("email", STRING()),
                FIELD("tier", INT()));
        RowDecoder decoder = decoder(table, "url", registry.url());

        assertThat(decode(decoder, message(id1, s1, record(s1, "id", 1, "name", "ann", "fax", "555"))))
                .containsExactly(Row.of(1L, "ann", null, null));
        assertThat(decode(decoder, message(id2, s2, record(s2, "id", 2L, "name", "bob", "email", "b@x"))))
                .containsExactly(Row.of(2L, "bob", "b@x", null));
    }

    @Test
    void enumsAreReadAsStrings() {
        String schema = """
                {"type": "record", "name": "Shipment", "fields": [
                  {"name": "state", "type": {"type": "enum", "name": "State", "symbols": ["PACKED", "SENT"]}}]}""";
        Schema parsed = new Schema.Parser().parse(schema);
        int id = registry.register("shipments-value", schema);

        byte[] message = message(id, parsed, record(parsed, "state",
                new GenericData.EnumSymbol(parsed.getField("state").schema(), "SENT")));

        assertThat(decode(decoder(ROW(FIELD("state", STRING())), "url", registry.url()), message))
                .containsExactly(Row.of("SENT"));
    }

    @Test
    void anExplicitSchemaIsRegisteredAndChecked() {
        String schema = """
                {"type": "record", "name": "Order", "namespace": "com.acme", "fields": [
                  {"name": "id", "type": "long"},
                  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}}]}""";
        DataType table = ROW(FIELD("id", BIGINT().notNull()), FIELD("status", STRING()));

        byte[] message = encoder(table, "url", registry.url(), "topic", "orders", "schema", schema).encode(Row.of(1L, "NEW"));

        assertThat(registry.requests().get(0).body()).contains("\"name\\\":\\\"Status\\\"");
        assertThat(decode(decoder(table, "url", registry.url()), message)).containsExactly(Row.of(1L, "NEW"));
        assertThatThrownBy(() -> encoder(ROW(FIELD("id", STRING()), FIELD("status", STRING())), "url", registry.url(),
                "topic", "orders", "schema", schema))
                .hasMessage("the Avro schema com.acme.Order does not fit the row type: field 'id': the column is STRING"
                        + " but the Avro type is \"long\"");
    }

    @Test
    void codersSurviveSerialization() throws Exception {
        RowEncoder encoder = javaRoundTrip(encoder(ORDERS, "url", registry.url(), "topic", "orders",
                "basic-auth.user-info", "u:p"));
        RowDecoder decoder = javaRoundTrip(decoder(ORDERS, "url", registry.url(), "basic-auth.user-info", "u:p"));
        registry.requireBasicAuth("u", "p");

        assertThat(decode(decoder, encoder.encode(ORDER))).containsExactly(ORDER);
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
