package dev.weir.formats.avro;

import static dev.weir.api.types.DataTypes.ARRAY;
import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.BOOLEAN;
import static dev.weir.api.types.DataTypes.BYTES;
import static dev.weir.api.types.DataTypes.DATE;
import static dev.weir.api.types.DataTypes.DECIMAL;
import static dev.weir.api.types.DataTypes.DOUBLE;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.FLOAT;
import static dev.weir.api.types.DataTypes.INT;
import static dev.weir.api.types.DataTypes.MAP;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.SMALLINT;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.api.types.DataTypes.TIME;
import static dev.weir.api.types.DataTypes.TIMESTAMP;
import static dev.weir.api.types.DataTypes.TIMESTAMP_LTZ;
import static dev.weir.api.types.DataTypes.TINYINT;
import static dev.weir.formats.avro.Avro.decode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.format.StreamEncoder;
import dev.weir.api.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class AvroRoundTripTest {
    static final DataType EVERY_TYPE = ROW(
            FIELD("b", BOOLEAN()), FIELD("t", TINYINT()), FIELD("s", SMALLINT()), FIELD("i", INT().notNull()),
            FIELD("l", BIGINT()), FIELD("f", FLOAT()), FIELD("d", DOUBLE()), FIELD("dec", DECIMAL(10, 2)),
            FIELD("str", STRING()), FIELD("bin", BYTES()), FIELD("date", DATE()), FIELD("time3", TIME(3)),
            FIELD("time6", TIME(6)), FIELD("ts3", TIMESTAMP(3)), FIELD("ts6", TIMESTAMP(6)), FIELD("ts9", TIMESTAMP(9)),
            FIELD("ltz3", TIMESTAMP_LTZ(3)), FIELD("ltz6", TIMESTAMP_LTZ(6)),
            FIELD("tags", ARRAY(STRING())), FIELD("attrs", MAP(STRING(), BIGINT())),
            FIELD("address", ROW(FIELD("city", STRING()), FIELD("zip", INT().notNull()))));

    static Row everyValue() {
        Map<String, Long> attrs = new LinkedHashMap<>();
        attrs.put("a", 1L);
        attrs.put("b", null);
        return Row.of(true, (byte) -7, (short) 300, 42, 9_000_000_000L, 1.5f, -2.25, new BigDecimal("-12345678.90"),
                "héllo ✓", new byte[] {0, 1, -1}, LocalDate.of(1969, 12, 31), LocalTime.of(23, 59, 59, 123_000_000),
                LocalTime.of(0, 0, 1, 123_456_000), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000),
                LocalDateTime.of(1960, 1, 2, 3, 4, 5, 123_456_000), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_789),
                Instant.parse("2024-01-02T03:04:05.123Z"), Instant.parse("1950-01-02T03:04:05.123456Z"),
                Arrays.asList("x", null), attrs, Row.of("Köln", 50667));
    }

    @Test
    void everyTypeRoundTrips() {
        RowEncoder encoder = Avro.encoder(EVERY_TYPE);
        RowDecoder decoder = Avro.decoder(EVERY_TYPE);

        assertThat(decode(decoder, encoder.encode(everyValue()))).containsExactly(everyValue());
        Row nulls = new Row(EVERY_TYPE.fieldCount());
        nulls.setField(3, 0);
        assertThat(decode(decoder, encoder.encode(nulls))).containsExactly(nulls);
    }

    @Test
    void theBytesAreWhatAvrosOwnGenericReaderReads() {
        Schema schema = AvroFormatOptions.tableSchema(Avro.context(EVERY_TYPE));

        GenericRecord record = Avro.read(schema, Avro.encoder(EVERY_TYPE).encode(everyValue()));

        assertThat(record.get("i")).isEqualTo(42);
        assertThat(record.get("t")).isEqualTo(-7);
        assertThat(record.get("str")).isEqualTo(new Utf8("héllo ✓"));
        // decimal(10, 2): the unscaled value as big-endian two's complement
        assertThat(record.get("dec")).isEqualTo(ByteBuffer.wrap(new BigDecimal("-1234567890").toBigInteger().toByteArray()));
        assertThat(record.get("date")).isEqualTo(-1);
        assertThat(record.get("time3")).isEqualTo(86_399_123);
        assertThat(record.get("time6")).isEqualTo(1_123_456L);
        assertThat(record.get("ts3")).isEqualTo(1_704_164_645_123L);
        assertThat(record.get("ts9")).isEqualTo(1_704_164_645_123_456_789L);
        assertThat(record.get("ltz6")).isEqualTo(Instant.parse("1950-01-02T03:04:05.123456Z").getEpochSecond() * 1_000_000
                + 123_456);
        assertThat(((GenericRecord) record.get("address")).get("zip")).isEqualTo(50667);
    }

    @Test
    void anExplicitSchemaWithEnumAndFixedIsWrittenAndRead() {
        String schema = """
                {"type": "record", "name": "Payment", "namespace": "com.acme", "fields": [
                  {"name": "id", "type": "long"},
                  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
                  {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
                  {"name": "amount", "type": {"type": "fixed", "name": "Amount", "size": 8,
                                              "logicalType": "decimal", "precision": 18, "scale": 4}},
                  {"name": "note", "type": ["null", "string"], "default": null},
                  {"name": "source", "type": "string", "default": "weir"}
                ]}""";
        DataType type = ROW(FIELD("id", BIGINT()), FIELD("status", STRING()), FIELD("hash", BYTES()),
                FIELD("amount", DECIMAL(18, 2)), FIELD("note", STRING()));
        Row row = Row.of(7L, "PAID", new byte[] {1, 2, 3, 4}, new BigDecimal("-3.50"), null);

        byte[] bytes = Avro.encoder(type, "schema", schema).encode(row);

        GenericRecord record = Avro.read(Avro.schema(schema), bytes);
        assertThat(record.get("status").toString()).isEqualTo("PAID");
        assertThat(((GenericData.Fixed) record.get("amount")).bytes())
                .isEqualTo(new byte[] {-1, -1, -1, -1, -1, -1, 0x77, 0x48}); // -35000 at scale 4
        assertThat(record.get("source")).hasToString("weir"); // a field without a column gets its default
        assertThat(decode(Avro.decoder(type, "schema", schema), bytes)).containsExactly(row);
    }

    @Test
    void narrowerColumnsAreWrittenToWiderAvroTypes() {
        String schema = """
                {"type": "record", "name": "r", "fields": [
                  {"name": "qty", "type": "long"}, {"name": "ratio", "type": "double"},
                  {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""";
        DataType type = ROW(FIELD("qty", INT()), FIELD("ratio", FLOAT()), FIELD("ts", TIMESTAMP(3)));

        byte[] bytes = Avro.encoder(type, "schema", schema).encode(Row.of(5, 0.5f, LocalDateTime.of(1970, 1, 1, 0, 0, 1)));

        GenericRecord record = Avro.read(Avro.schema(schema), bytes);
        assertThat(record.get("qty")).isEqualTo(5L);
        assertThat(record.get("ratio")).isEqualTo(0.5);
        assertThat(record.get("ts")).isEqualTo(1000L);
    }

    @Test
    void fractionsBeyondTheColumnPrecisionAreCutWhenRead() {
        Schema micros = Avro.schema("""
                {"type": "record", "name": "r", "fields": [
                  {"name": "ts", "type": {"type": "long", "logicalType": "local-timestamp-micros"}}]}""");

        Row row = AvroRowReader.create(micros, ROW(FIELD("ts", TIMESTAMP(3))))
                .read(Avro.write(micros, Avro.record(micros, "ts", 1_123_456L)), 0);

        assertThat(row).isEqualTo(Row.of(LocalDateTime.of(1970, 1, 1, 0, 0, 1, 123_000_000)));
    }

    @Test
    void codersSurviveSerialization() throws Exception {
        RowEncoder encoder = roundTripJava(Avro.encoder(EVERY_TYPE));
        RowDecoder decoder = roundTripJava(Avro.decoder(EVERY_TYPE));

        assertThat(decode(decoder, encoder.encode(everyValue()))).containsExactly(everyValue());
    }

    @Test
    void dataFilesRoundTripWithEveryCodec() throws Exception {
        for (String codec : List.of("null", "deflate", "bzip2")) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            StreamEncoder encoder = Avro.factory().createStreamEncoder(Avro.context(EVERY_TYPE, "codec", codec));
            StreamEncoder.Writer writer = encoder.open(file);
            for (int i = 0; i < 3; i++) {
                writer.write(everyValue());
            }
            writer.finish();

            StreamDecoder decoder = Avro.factory().createStreamDecoder(Avro.context(EVERY_TYPE));
            List<Row> rows = new ArrayList<>();
            try (StreamDecoder.Reader reader = decoder.open(new ByteArrayInputStream(file.toByteArray()), "a.avro")) {
                for (Row row = reader.read(); row != null; row = reader.read()) {
                    rows.add(row);
                }
            }
            assertThat(rows).as(codec).containsExactly(everyValue(), everyValue(), everyValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTripJava(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
