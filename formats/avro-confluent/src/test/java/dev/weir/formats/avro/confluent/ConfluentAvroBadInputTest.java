package dev.weir.formats.avro.confluent;

import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.INT;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.formats.avro.confluent.ConfluentAvro.LOCATION;
import static dev.weir.formats.avro.confluent.ConfluentAvro.decode;
import static dev.weir.formats.avro.confluent.ConfluentAvro.decoder;
import static dev.weir.formats.avro.confluent.ConfluentAvro.encoder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.types.DataType;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each kind of bad input fails with the record's location and the cause, or is skipped and counted. */
class ConfluentAvroBadInputTest {
    private static final DataType ORDERS = ROW(FIELD("id", BIGINT().notNull()), FIELD("customer", STRING()));

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    private final byte[] good = encoder(ORDERS, "url", registry.url(), "topic", "orders").encode(Row.of(1L, "ann"));

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertDecodeError(RowDecoder decoder, byte[] message) {
        return assertThatThrownBy(() -> decode(decoder, message))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageStartingWith("Cannot decode the record at topic 'orders', partition 0, offset 42: ")
                .satisfies(e -> assertThat(((RecordDecodeException) e).location()).isEqualTo(LOCATION));
    }

    @Test
    void corruptAvroBytes() {
        assertDecodeError(decoder(ORDERS, "url", registry.url()), Arrays.copyOf(good, good.length - 2))
                .hasMessageEndingWith("schema id 1: field 'customer': truncated or corrupt Avro data: the data ends too"
                        + " early");
        assertDecodeError(decoder(ORDERS, "url", registry.url()), Arrays.copyOf(good, good.length + 3))
                .hasMessageEndingWith("schema id 1: truncated or corrupt Avro data: bytes are left over after the"
                        + " record; was it written with another schema?");
    }

    @Test
    void aWrongMagicByte() {
        byte[] json = "{\"id\": 1}".getBytes();
        assertDecodeError(decoder(ORDERS, "url", registry.url()), json)
                .hasMessageEndingWith("wrong magic byte 0x7B: a Confluent Avro message starts with 0x00 and a 4-byte"
                        + " schema id");
        assertDecodeError(decoder(ORDERS, "url", registry.url()), new byte[] {0, 0, 1})
                .hasMessageEndingWith("the message has 3 bytes, too few for the Confluent wire format (the magic byte 0,"
                        + " a 4-byte schema id, then Avro data)");
    }

    @Test
    void anUnknownSchemaId() {
        byte[] unknown = good.clone();
        unknown[4] = 99;

        assertDecodeError(decoder(ORDERS, "url", registry.url()), unknown)
                .hasMessageEndingWith("unknown schema id 99: the schema registry at " + registry.url() + " answered"
                        + " GET /schemas/ids/99 with HTTP 404 (error 40403: Schema 99 not found)");
    }

    @Test
    void aWriterSchemaThatDoesNotFitTheTable() {
        assertDecodeError(decoder(ROW(FIELD("id", INT())), "url", registry.url()), good)
                .hasMessageEndingWith("schema id 1: the writer schema record cannot be read as the row type: field 'id':"
                        + " the column is INT but the writer's Avro type is \"long\"");
    }

    @Test
    void anUnreachableRegistry() {
        RowDecoder decoder = decoder(ORDERS, "url", registry.url(), "ignore-parse-errors", "true");
        registry.close();

        // Not skipped even with ignore-parse-errors: every record would be lost until the registry is back.
        assertDecodeError(decoder, good)
                .hasMessageContaining("cannot fetch the writer schema id 1: cannot reach the schema registry at "
                        + registry.url() + " (GET /schemas/ids/1): ConnectException");
    }

    @Test
    void aRegistryThatRefusesTheCredentialsIsNotTheRecordsFault() {
        registry.requireBasicAuth("reader", "right");
        RowDecoder decoder = decoder(ORDERS, "url", registry.url(), "ignore-parse-errors", "true",
                "basic-auth.user-info", "reader:wrong-secret");

        assertDecodeError(decoder, good)
                .hasMessageEndingWith("cannot fetch the writer schema id 1: the schema registry at " + registry.url()
                        + " answered GET /schemas/ids/1 with HTTP 401 (error 401: Unauthorized)")
                .message().doesNotContain("wrong-secret");
    }

    @Test
    void ignoreParseErrorsSkipsAndCountsEachBadRecord() {
        RowDecoder decoder = decoder(ORDERS, "url", registry.url(), "ignore-parse-errors", "true");
        InMemoryMetricGroup metrics = new InMemoryMetricGroup();
        decoder.open(metrics);
        byte[] unknownId = good.clone();
        unknownId[4] = 99;
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 1;

        assertThat(decode(decoder, Arrays.copyOf(good, good.length - 1))).isEmpty();
        assertThat(decode(decoder, wrongMagic)).isEmpty();
        assertThat(decode(decoder, unknownId)).isEmpty();
        assertThat(decode(decoder, new byte[] {0})).isEmpty();
        assertThat(decode(decoder, good)).containsExactly(Row.of(1L, "ann"));
        assertThat(decode(decoder, new byte[0])).isEmpty(); // a tombstone: no row, and nothing skipped

        assertThat(metrics.count("numRecordsSkipped")).isEqualTo(4);
    }

    @Test
    void aNullInANotNullColumnNamesTheField() {
        DataType nullableIds = ROW(FIELD("id", BIGINT()), FIELD("customer", STRING()));
        byte[] nullId = encoder(nullableIds, "url", registry.url(), "subject", "other").encode(Row.of(null, "x"));

        assertDecodeError(decoder(ORDERS, "url", registry.url()), nullId)
                .hasMessageEndingWith("schema id 2: field 'id': NULL, but the column is BIGINT NOT NULL");
    }
}
