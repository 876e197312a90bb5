package dev.weir.formats.avro;

import static dev.weir.api.types.DataTypes.ARRAY;
import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.INT;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.api.types.DataTypes.TINYINT;
import static dev.weir.formats.avro.Avro.LOCATION;
import static dev.weir.formats.avro.Avro.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.format.RecordDecodeException;
import dev.weir.api.format.RowDecoder;
import dev.weir.api.format.StreamDecoder;
import dev.weir.api.metrics.InMemoryMetricGroup;
import dev.weir.api.types.DataType;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class AvroDecodingErrorsTest {
    private static final DataType ORDERS = ROW(FIELD("id", BIGINT().notNull()), FIELD("name", STRING()),
            FIELD("lines", ARRAY(INT())));
    private static final byte[] GOOD = Avro.encoder(ORDERS).encode(Row.of(1L, "apple", List.of(1, 2)));

    private static AbstractThrowableAssert<?, ? extends Throwable> assertDecodeError(RowDecoder decoder, byte[] message) {
        return assertThatThrownBy(() -> decode(decoder, message))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageStartingWith("Cannot decode the record at topic 'orders', partition 2, offset 17: ")
                .satisfies(e -> assertThat(((RecordDecodeException) e).location()).isEqualTo(LOCATION));
    }

    @Test
    void truncatedDataNamesTheFieldItEndedIn() {
        assertDecodeError(Avro.decoder(ORDERS), Arrays.copyOf(GOOD, 4))
                .hasMessageEndingWith("field 'name': truncated or corrupt Avro data: the data ends too early");
    }

    @Test
    void corruptDataIsAnError() {
        byte[] badUnion = GOOD.clone();
        badUnion[1] = 9; // the union index of 'name'
        assertDecodeError(Avro.decoder(ORDERS), badUnion)
                .hasMessageContaining("field 'name': truncated or corrupt Avro data");
        byte[] negativeLength = GOOD.clone();
        negativeLength[2] = 3; // the string length as zig-zag: -2
        assertDecodeError(Avro.decoder(ORDERS), negativeLength)
                .hasMessageContaining("field 'name': truncated or corrupt Avro data: Malformed data. Length is negative: -2");
    }

    @Test
    void bytesLeftOverAreAnError() {
        byte[] longer = Arrays.copyOf(GOOD, GOOD.length + 2);
        assertDecodeError(Avro.decoder(ORDERS), longer)
                .hasMessageEndingWith("truncated or corrupt Avro data: bytes are left over after the record; was it"
                        + " written with another schema?");
    }

    @Test
    void valuesThatDoNotFitTheirColumnAreErrors() {
        byte[] nullId = Avro.encoder(ROW(FIELD("id", BIGINT()), FIELD("name", STRING()), FIELD("lines", ARRAY(INT()))))
                .encode(Row.of(null, "x", null));
        assertDecodeError(Avro.decoder(ORDERS, "schema", derivedNullableIds()), nullId)
                .hasMessageEndingWith("field 'id': NULL, but the column is BIGINT NOT NULL");

        DataType small = ROW(FIELD("v", TINYINT()));
        byte[] big = Avro.encoder(ROW(FIELD("v", INT()))).encode(Row.of(300));
        assertDecodeError(Avro.decoder(small), big)
                .hasMessageEndingWith("field 'v': 300 is out of the range of TINYINT");
    }

    /** The schema of a table where 'id' is nullable: the writer of a row whose 'id' is NULL. */
    private static String derivedNullableIds() {
        return AvroSchemaConverter.deriveSchema(ROW(FIELD("id", BIGINT()), FIELD("name", STRING()),
                FIELD("lines", ARRAY(INT()))), "record", null).toString();
    }

    @Test
    void ignoreParseErrorsSkipsAndCountsBadRecords() {
        RowDecoder decoder = Avro.decoder(ORDERS, "ignore-parse-errors", "true");
        InMemoryMetricGroup metrics = new InMemoryMetricGroup();
        decoder.open(metrics);

        assertThat(decode(decoder, Arrays.copyOf(GOOD, 3))).isEmpty();
        assertThat(decode(decoder, Arrays.copyOf(GOOD, GOOD.length + 1))).isEmpty();
        assertThat(decode(decoder, GOOD)).containsExactly(Row.of(1L, "apple", List.of(1, 2)));
        assertThat(metrics.count("numRecordsSkipped")).isEqualTo(2);
    }

    @Test
    void anEmptyMessageCarriesNoRow() {
        assertThat(decode(Avro.decoder(ORDERS), new byte[0])).isEmpty();
        assertThat(decode(Avro.decoder(ORDERS), null)).isEmpty();
    }

    @Test
    void aFileThatIsNotAnAvroDataFileIsNamed() {
        StreamDecoder decoder = Avro.factory().createStreamDecoder(Avro.context(ORDERS));

        assertThatThrownBy(() -> decoder.open(new ByteArrayInputStream("id,name\n".getBytes()), "orders.csv"))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageStartingWith("Cannot decode the record at file 'orders.csv': not an Avro data file");
    }
}
