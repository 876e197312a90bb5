package dev.weir.formats.json;

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
import static dev.weir.api.types.DataTypes.VARCHAR;
import static dev.weir.formats.json.Json.decode;
import static dev.weir.formats.json.Json.decoder;
import static dev.weir.formats.json.Json.encode;
import static dev.weir.formats.json.Json.encoder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.RowEncoder;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRoundTripTest {
    private static final DataType ALL_TYPES = ROW(
            FIELD("b", BOOLEAN()),
            FIELD("ti", TINYINT()),
            FIELD("si", SMALLINT()),
            FIELD("i", INT().notNull()),
            FIELD("bi", BIGINT()),
            FIELD("f", FLOAT()),
            FIELD("d", DOUBLE()),
            FIELD("dec", DECIMAL(10, 3)),
            FIELD("s", STRING()),
            FIELD("vc", VARCHAR(5)),
            FIELD("bytes", BYTES()),
            FIELD("date", DATE()),
            FIELD("time", TIME(3)),
            FIELD("ts", TIMESTAMP(3)),
            FIELD("ltz", TIMESTAMP_LTZ(6)),
            FIELD("ints", ARRAY(INT())),
            FIELD("prices", MAP(STRING(), DOUBLE())),
            FIELD("by_id", MAP(INT(), STRING())),
            FIELD("address", ROW(FIELD("city", STRING()), FIELD("zip", INT().notNull()))),
            FIELD("people", ARRAY(ROW(FIELD("name", STRING()), FIELD("tags", ARRAY(STRING()))))));

    private static Row fullRow() {
        Map<String, Double> prices = new LinkedHashMap<>();
        prices.put("apple", 1.25);
        prices.put("pear", null);
        Map<Integer, String> byId = new LinkedHashMap<>();
        byId.put(7, "seven");
        byId.put(-1, "minus one");
        return Row.of(true, (byte) -8, (short) 300, 42, 9_000_000_000L, 1.5f, -2.75e-3,
                new BigDecimal("1234567.891"), "héllo \"world\"\n", "abc", new byte[] {0, 1, (byte) 0xFF},
                LocalDate.of(2024, 1, 2), LocalTime.of(3, 4, 5, 123_000_000),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000), Instant.parse("2024-01-02T03:04:05.123456Z"),
                Arrays.asList(1, null, 3), prices, byId, Row.of("Oslo", 150),
                List.of(Row.of("ann", List.of("a", "b")), Row.of(null, List.of())));
    }

    @Test
    void everyLogicalTypeRoundTrips() {
        Row row = fullRow();
        byte[] message = encoder(ALL_TYPES).encode(row);

        List<Row> decoded = decode(decoder(ALL_TYPES), new String(message, StandardCharsets.UTF_8));

        assertThat(decoded).containsExactly(row);
    }

    @Test
    void encodesTheTextualFormsFlinkUses() {
        String json = encode(encoder(ALL_TYPES), fullRow());

        assertThat(json).isEqualTo("{\"b\":true,\"ti\":-8,\"si\":300,\"i\":42,\"bi\":9000000000,\"f\":1.5,"
                + "\"d\":-0.00275,\"dec\":1234567.891,\"s\":\"héllo \\\"world\\\"\\n\",\"vc\":\"abc\","
                + "\"bytes\":\"AAH/\",\"date\":\"2024-01-02\",\"time\":\"03:04:05.123\","
                + "\"ts\":\"2024-01-02 03:04:05.123\",\"ltz\":\"2024-01-02 03:04:05.123456Z\","
                + "\"ints\":[1,null,3],\"prices\":{\"apple\":1.25,\"pear\":null},"
                + "\"by_id\":{\"7\":\"seven\",\"-1\":\"minus one\"},\"address\":{\"city\":\"Oslo\",\"zip\":150},"
                + "\"people\":[{\"name\":\"ann\",\"tags\":[\"a\",\"b\"]},{\"name\":null,\"tags\":[]}]}");
    }

    @Test
    void isoTimestampStandardUsesTheTSeparatorForBothTimestampTypes() {
        DataType type = ROW(FIELD("ts", TIMESTAMP(3)), FIELD("ltz", TIMESTAMP_LTZ(3)));
        Row row = Row.of(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000), Instant.parse("2024-01-02T03:04:05.123Z"));

        String iso = encode(encoder(type, "timestamp-format.standard", "ISO-8601"), row);
        String sql = encode(encoder(type), row);

        assertThat(iso).isEqualTo("{\"ts\":\"2024-01-02T03:04:05.123\",\"ltz\":\"2024-01-02T03:04:05.123Z\"}");
        assertThat(sql).isEqualTo("{\"ts\":\"2024-01-02 03:04:05.123\",\"ltz\":\"2024-01-02 03:04:05.123Z\"}");
        assertThat(decode(decoder(type, "timestamp-format.standard", "ISO-8601"), iso)).containsExactly(row);
        assertThat(decode(decoder(type), sql)).containsExactly(row);
    }

    @Test
    void wholeSecondsHaveNoFractionAndDecodingTruncatesToThePrecision() {
        DataType type = ROW(FIELD("ts", TIMESTAMP(0)), FIELD("time", TIME(0)), FIELD("ltz", TIMESTAMP_LTZ(1)));
        Row row = Row.of(LocalDateTime.of(2024, 1, 2, 3, 4, 5), LocalTime.of(23, 0), Instant.parse("2024-01-02T00:00:00Z"));

        assertThat(encode(encoder(type), row))
                .isEqualTo("{\"ts\":\"2024-01-02 03:04:05\",\"time\":\"23:00:00\",\"ltz\":\"2024-01-02 00:00:00Z\"}");
        assertThat(decode(decoder(type),
                "{\"ts\":\"2024-01-02 03:04:05.999\",\"time\":\"23:00:00.5\",\"ltz\":\"2024-01-02 00:00:00.987Z\"}"))
                .containsExactly(Row.of(LocalDateTime.of(2024, 1, 2, 3, 4, 5), LocalTime.of(23, 0),
                        Instant.parse("2024-01-02T00:00:00.900Z")));
    }

    @Test
    void nullsAreWrittenAsJsonNullOrLeftOut() {
        DataType type = ROW(FIELD("id", BIGINT()), FIELD("name", STRING()), FIELD("tags", ARRAY(STRING())));
        Row row = Row.of(1L, null, null);

        assertThat(encode(encoder(type), row)).isEqualTo("{\"id\":1,\"name\":null,\"tags\":null}");
        assertThat(encode(encoder(type, "encode.ignore-null-fields", "true"), row)).isEqualTo("{\"id\":1}");
        assertThat(decode(decoder(type), "{\"id\":1,\"name\":null}")).containsExactly(row);
    }

    @Test
    void decimalsAreWrittenInScientificNotationUnlessAskedForPlainNumbers() {
        DataType type = ROW(FIELD("dec", DECIMAL(12, 10)));
        Row row = Row.of(new BigDecimal("2.7E-8"));

        assertThat(encode(encoder(type), row)).isEqualTo("{\"dec\":2.7E-8}");
        assertThat(encode(encoder(type, "encode.decimal-as-plain-number", "true"), row))
                .isEqualTo("{\"dec\":0.000000027}");
        assertThat(decode(decoder(type), "{\"dec\":2.7E-8}"))
                .containsExactly(Row.of(new BigDecimal("0.0000000270")));
    }

    @Test
    void decimalsAreRoundedHalfUpToTheScale() {
        DataType type = ROW(FIELD("dec", DECIMAL(5, 2)));

        assertThat(decode(decoder(type), "{\"dec\":1.005}")).containsExactly(Row.of(new BigDecimal("1.01")));
        assertThat(decode(decoder(type), "{\"dec\":\"-3\"}")).containsExactly(Row.of(new BigDecimal("-3.00")));
    }

    @Test
    void acceptsScalarsAsStringsAndAnyJsonForStringColumnsAsFlinkDoes() {
        DataType type = ROW(FIELD("i", INT()), FIELD("b", BOOLEAN()), FIELD("d", DOUBLE()), FIELD("s", STRING()),
                FIELD("raw", STRING()));

        List<Row> rows = decode(decoder(type),
                "{\"i\":\" 42\",\"b\":\"TRUE\",\"d\":\"NaN\",\"s\":12.50,\"raw\":{\"a\":[1,true,null]}}");

        assertThat(rows).containsExactly(Row.of(42, true, Double.NaN, "12.50", "{\"a\":[1,true,null]}"));
    }

    @Test
    void mapNullKeysFailOrAreDroppedOrWrittenAsTheLiteral() {
        DataType type = ROW(FIELD("m", MAP(STRING(), INT())));
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put(null, 1);
        map.put("k", 2);
        Row row = Row.of(map);

        assertThatThrownBy(() -> encoder(type).encode(row))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'm'")
                .hasMessageContaining("NULL key")
                .hasMessageContaining("map-null-key.mode");
        assertThat(encode(encoder(type, "map-null-key.mode", "DROP"), row)).isEqualTo("{\"m\":{\"k\":2}}");
        assertThat(encode(encoder(type, "map-null-key.mode", "LITERAL", "map-null-key.literal", "N/A"), row))
                .isEqualTo("{\"m\":{\"N/A\":1,\"k\":2}}");
    }

    @Test
    void theEncoderRecoversAfterARowItCannotEncode() {
        DataType type = ROW(FIELD("id", BIGINT()), FIELD("tags", ARRAY(BIGINT())));
        RowEncoder encoder = encoder(type);

        assertThatThrownBy(() -> encoder.encode(Row.of(1L, List.of(2L, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'tags[1]'")
                .hasMessageContaining("java.lang.Integer");
        assertThat(encode(encoder, Row.of(4L, List.of(5L)))).isEqualTo("{\"id\":4,\"tags\":[5]}");
    }

    @Test
    void successiveRowsAreIndependentMessages() {
        DataType type = ROW(FIELD("id", BIGINT()), FIELD("name", STRING()), FIELD("price", DOUBLE()));
        RowEncoder encoder = encoder(type);

        assertThat(encode(encoder, Row.of(1L, "a", 0.5))).isEqualTo("{\"id\":1,\"name\":\"a\",\"price\":0.5}");
        assertThat(encode(encoder, Row.of(2L, "b".repeat(2000), 1.0)))
                .isEqualTo("{\"id\":2,\"name\":\"" + "b".repeat(2000) + "\",\"price\":1.0}");
        assertThat(encode(encoder, Row.of(3L, null, -1.0))).isEqualTo("{\"id\":3,\"name\":null,\"price\":-1.0}");
    }

    @Test
    void decodersAndEncodersWorkAfterJavaSerialization() throws Exception {
        Row row = fullRow();
        RowEncoder encoder = roundTripSerialization(encoder(ALL_TYPES));
        RowDecoder decoder = roundTripSerialization(decoder(ALL_TYPES));

        assertThat(decode(decoder, encode(encoder, row))).containsExactly(row);
    }

    @Test
    void rejectsMapKeysThatJsonCannotExpress() {
        DataType type = ROW(FIELD("m", MAP(ARRAY(INT()), INT())));

        assertThatThrownBy(() -> decoder(type)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAP<ARRAY<INT>, INT>");
        assertThatThrownBy(() -> encoder(type)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAP keys must be of a scalar type");
    }

    @Test
    void factoryDeclaresFlinksOptionKeys() {
        assertThat(Json.factory().optionalOptions()).extracting(o -> o.key()).containsExactlyInAnyOrder(
                "fail-on-missing-field", "ignore-parse-errors", "timestamp-format.standard", "map-null-key.mode",
                "map-null-key.literal", "encode.decimal-as-plain-number", "encode.ignore-null-fields", "max-record-size");
        assertThat(JsonFormatOptions.TIMESTAMP_FORMAT.enumValues()).containsExactly("SQL", "ISO-8601");
        assertThat(DataTypes.parse(ALL_TYPES.toString())).isEqualTo(ALL_TYPES);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTripSerialization(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
