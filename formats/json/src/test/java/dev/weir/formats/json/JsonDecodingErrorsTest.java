package dev.weir.formats.json;

import static dev.weir.api.types.DataTypes.ARRAY;
import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.BYTES;
import static dev.weir.api.types.DataTypes.DECIMAL;
import static dev.weir.api.types.DataTypes.DOUBLE;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.INT;
import static dev.weir.api.types.DataTypes.MAP;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.api.types.DataTypes.TIMESTAMP;
import static dev.weir.api.types.DataTypes.TIMESTAMP_LTZ;
import static dev.weir.api.types.DataTypes.TINYINT;
import static dev.weir.formats.json.Json.LOCATION;
import static dev.weir.formats.json.Json.decode;
import static dev.weir.formats.json.Json.decoder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class JsonDecodingErrorsTest {
    private static final DataType ORDERS = ROW(FIELD("id", BIGINT().notNull()), FIELD("name", STRING()),
            FIELD("price", DOUBLE()));

    private static AbstractThrowableAssert<?, ? extends Throwable> assertDecodeError(RowDecoder decoder, String json) {
        return assertThatThrownBy(() -> decode(decoder, json))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageStartingWith("Cannot decode the record at topic 'orders', partition 2, offset 17: ")
                .satisfies(e -> assertThat(((RecordDecodeException) e).location()).isEqualTo(LOCATION));
    }

    @Test
    void wrongTypeNamesTheFieldTheValueAndTheExpectedType() {
        assertDecodeError(decoder(ORDERS), "{\"id\":1,\"name\":\"a\",\"price\":\"abc\"}")
                .hasMessageEndingWith("field 'price': expected DOUBLE, found string \"abc\"");
        assertDecodeError(decoder(ORDERS), "{\"id\":[1],\"name\":\"a\"}")
                .hasMessageEndingWith("field 'id': expected BIGINT, found an array");
        assertDecodeError(decoder(ORDERS), "{\"id\":1.5}")
                .hasMessageEndingWith("field 'id': expected BIGINT, found number 1.5");
    }

    @Test
    void outOfRangeNumbersAreErrors() {
        assertDecodeError(decoder(ROW(FIELD("t", TINYINT()))), "{\"t\":200}")
                .hasMessageEndingWith("field 't': expected TINYINT, found number 200");
        assertDecodeError(decoder(ORDERS), "{\"id\":99999999999999999999}")
                .hasMessageEndingWith("field 'id': expected BIGINT, found number 99999999999999999999");
        assertDecodeError(decoder(ROW(FIELD("d", DECIMAL(4, 2)))), "{\"d\":123.4}")
                .hasMessageEndingWith("field 'd': expected DECIMAL(4, 2), found number 123.4,"
                        + " which has more than 2 digits before the point");
    }

    @Test
    void nestedValuesAreNamedByTheirPath() {
        DataType type = ROW(FIELD("order", ROW(FIELD("lines", ARRAY(ROW(FIELD("qty", INT())))))),
                FIELD("attrs", MAP(STRING(), INT())), FIELD("by_id", MAP(INT(), STRING())));

        assertDecodeError(decoder(type), "{\"order\":{\"lines\":[{\"qty\":1},{\"qty\":true}]}}")
                .hasMessageEndingWith("field 'order.lines[1].qty': expected INT, found boolean true");
        assertDecodeError(decoder(type), "{\"attrs\":{\"a\":1,\"b\":\"x\"}}")
                .hasMessageEndingWith("field 'attrs[\"b\"]': expected INT, found string \"x\"");
        assertDecodeError(decoder(type), "{\"by_id\":{\"one\":\"x\"}}")
                .hasMessageEndingWith("field 'by_id': expected a key of type INT, found \"one\"");
    }

    @Test
    void nullInANotNullColumnIsAnError() {
        assertDecodeError(decoder(ORDERS), "{\"id\":null,\"name\":\"a\"}")
                .hasMessageEndingWith("field 'id': expected BIGINT NOT NULL, found null");
        assertDecodeError(decoder(ROW(FIELD("xs", ARRAY(INT().notNull())))), "{\"xs\":[1,null]}")
                .hasMessageEndingWith("field 'xs[1]': expected INT NOT NULL, found null");
    }

    @Test
    void missingFieldsAreNullUnlessRequiredOrFailOnMissingField() {
        assertThat(decode(decoder(ORDERS), "{\"id\":7,\"unknown\":{\"deep\":[1,2]}}"))
                .containsExactly(Row.of(7L, null, null));
        assertDecodeError(decoder(ORDERS), "{\"name\":\"a\"}")
                .hasMessageEndingWith("field 'id': the field is missing, but its type is BIGINT NOT NULL");
        assertDecodeError(decoder(ORDERS, "fail-on-missing-field", "true"), "{\"id\":7,\"name\":\"a\"}")
                .hasMessageEndingWith("field 'price': the field is missing (fail-on-missing-field is true)");
    }

    @Test
    void malformedJsonIsAnErrorNamingTheLocation() {
        assertDecodeError(decoder(ORDERS), "{\"id\":1,\"name\":\"a\"")
                .hasMessageContaining("malformed JSON at column");
        assertDecodeError(decoder(ORDERS), "{\"id\":1,\"price\":12x}")
                .hasMessageContaining("field 'price': malformed JSON at column");
        assertDecodeError(decoder(ORDERS), "[1,2]")
                .hasMessageEndingWith("expected a JSON object, found an array");
        assertDecodeError(decoder(ORDERS), "{\"id\":1} {\"id\":2}")
                .hasMessageEndingWith("unexpected content after the JSON object at column 10");
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheLocation() {
        byte[] latin1 = "{\"id\":1,\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] inAnUnknownField = "{\"id\":1,\"note\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);

        for (byte[] message : List.of(latin1, inAnUnknownField)) {
            assertThatThrownBy(() -> decoder(ORDERS).decode(message, LOCATION, row -> { }))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageStartingWith("Cannot decode the record at topic 'orders', partition 2, offset 17: ")
                    .hasMessageContaining("Invalid UTF-8");
        }
    }

    @Test
    void recordsLongerThanMaxRecordSizeAreErrorsNamingTheOption() {
        assertDecodeError(decoder(ORDERS, "max-record-size", "16 b"), "{\"id\":1,\"name\":\"long enough\"}")
                .hasMessageEndingWith(": the record is 29 bytes long, more than 'json.max-record-size' (16 b)");
        assertThat(decode(decoder(ORDERS, "max-record-size", "16 b"), "{\"id\":1}")).containsExactly(Row.of(1L, null, null));
    }

    @Test
    void maxRecordSizeAlsoRaisesTheParsersLimitForOneValue() {
        String name = "x".repeat(21_000_000); // over Jackson's default of 20,000,000 characters

        assertThat(decode(decoder(ORDERS, "max-record-size", "32 mb"), "{\"id\":1,\"name\":\"" + name + "\"}"))
                .containsExactly(Row.of(1L, name, null));
    }

    @Test
    void theParsersOtherLimitsMakeDecodeErrorsNotFailures() {
        assertDecodeError(decoder(ORDERS), "{\"id\":1,\"price\":1" + "0".repeat(1500) + "}")
                .hasMessageContaining("beyond a limit of the JSON parser: Number value length (1501) exceeds");
        RowDecoder skipping = decoder(ORDERS, "ignore-parse-errors", "true");
        assertThat(decode(skipping, "{\"id\":1,\"extra\":" + "[".repeat(2000) + "]".repeat(2000) + "}")).isEmpty();
    }

    @Test
    void everyDamagedRecordIsARowOrADecodeError() {
        DataType everyKind = ROW(FIELD("id", BIGINT()), FIELD("name", STRING()), FIELD("price", DECIMAL(10, 2)),
                FIELD("at", TIMESTAMP(3)), FIELD("ltz", TIMESTAMP_LTZ(3)), FIELD("tags", ARRAY(STRING())),
                FIELD("m", MAP(INT(), DOUBLE())), FIELD("b", BYTES()), FIELD("r", ROW(FIELD("x", TINYINT()))));
        byte[] good = ("{\"id\":1,\"name\":\"a\",\"price\":12.34,\"at\":\"2024-01-02 03:04:05.123\","
                + "\"ltz\":\"2024-01-02 03:04:05.123Z\",\"tags\":[\"x\"],\"m\":{\"1\":2.5},\"b\":\"AAE=\",\"r\":{\"x\":3}}")
                .getBytes(StandardCharsets.UTF_8);
        String jsonish = "0123456789-:.eE+\"{}[],tfnul \\ZT";
        RowDecoder decoder = decoder(everyKind);
        Random random = new Random(42); // fixed: a failure reproduces
        for (int i = 0; i < 5000; i++) {
            byte[] damaged = good.clone();
            for (int edits = 1 + random.nextInt(3); edits > 0 && damaged.length > 0; edits--) {
                int at = random.nextInt(damaged.length);
                switch (random.nextInt(3)) {
                    case 0 -> damaged[at] = (byte) jsonish.charAt(random.nextInt(jsonish.length()));
                    case 1 -> damaged[at] = (byte) random.nextInt(256);
                    default -> damaged = Arrays.copyOf(damaged, at);
                }
            }
            try {
                decoder.decode(damaged, LOCATION, row -> { });
            } catch (RecordDecodeException expected) {
                // a bad record, for the policy to handle
            }
        }
    }

    @Test
    void timestampsMustUseTheConfiguredStandard() {
        DataType type = ROW(FIELD("ts", TIMESTAMP(3)), FIELD("ltz", TIMESTAMP_LTZ(3)));

        assertDecodeError(decoder(type), "{\"ts\":\"2024-01-02T03:04:05.123\"}")
                .hasMessageEndingWith("field 'ts': expected TIMESTAMP(3) as 'yyyy-MM-dd HH:mm:ss[.fffffffff]',"
                        + " found string \"2024-01-02T03:04:05.123\"");
        assertDecodeError(decoder(type, "timestamp-format.standard", "ISO-8601"), "{\"ltz\":\"2024-01-02 03:04:05Z\"}")
                .hasMessageEndingWith("field 'ltz': expected TIMESTAMP_LTZ(3) as 'yyyy-MM-ddTHH:mm:ss[.fffffffff]Z',"
                        + " found string \"2024-01-02 03:04:05Z\"");
    }

    @Test
    void bytesMustBeBase64() {
        assertDecodeError(decoder(ROW(FIELD("b", BYTES()))), "{\"b\":\"not base64!\"}")
                .hasMessageEndingWith("field 'b': expected BYTES (base64), found string \"not base64!\"");
    }

    @Test
    void ignoreParseErrorsSkipsAndCountsBadRecords() {
        RowDecoder decoder = decoder(ORDERS, "ignore-parse-errors", "true");
        InMemoryMetricGroup metrics = new InMemoryMetricGroup();
        decoder.open(metrics);

        List<Row> good = decode(decoder, "{\"id\":1,\"price\":2.5}");
        List<Row> wrongType = decode(decoder, "{\"id\":2,\"price\":\"abc\"}");
        List<Row> malformed = decode(decoder, "{\"id\":");
        List<Row> missingRequired = decode(decoder, "{\"price\":1}");

        assertThat(good).containsExactly(Row.of(1L, null, 2.5));
        assertThat(wrongType).isEmpty();
        assertThat(malformed).isEmpty();
        assertThat(missingRequired).isEmpty();
        assertThat(metrics.count("numRecordsSkipped")).isEqualTo(3);
    }

    @Test
    void ignoreParseErrorsWorksBeforeOpen() {
        RowDecoder decoder = decoder(ORDERS, "ignore-parse-errors", "true");

        assertThat(decode(decoder, "{\"id\":\"x\"}")).isEmpty();
        assertThat(decode(decoder, "{\"id\":3}")).containsExactly(Row.of(3L, null, null));
    }

    @Test
    void anEmptyMessageCarriesNoRow() {
        assertThat(decode(decoder(ORDERS), "")).isEmpty();
        assertThat(decode(decoder(ORDERS), "  \n")).isEmpty();
    }
}
