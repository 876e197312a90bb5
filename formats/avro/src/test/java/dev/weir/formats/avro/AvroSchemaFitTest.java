package dev.weir.formats.avro;

import static dev.weir.api.types.DataTypes.ARRAY;
import static dev.weir.api.types.DataTypes.BIGINT;
import static dev.weir.api.types.DataTypes.DECIMAL;
import static dev.weir.api.types.DataTypes.DOUBLE;
import static dev.weir.api.types.DataTypes.FIELD;
import static dev.weir.api.types.DataTypes.INT;
import static dev.weir.api.types.DataTypes.ROW;
import static dev.weir.api.types.DataTypes.STRING;
import static dev.weir.api.types.DataTypes.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/** An explicit or writer schema against the table's row type: what fits, what evolves, and the errors. */
class AvroSchemaFitTest {
    private static final String ORDER_V1 = """
            {"type": "record", "name": "Order", "namespace": "com.acme", "fields": [
              {"name": "id", "type": "int"},
              {"name": "customer", "type": "string"},
              {"name": "legacy_code", "type": "string"},
              {"name": "price", "type": "float"},
              {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}}
            ]}""";

    @Test
    void evolutionAddedNullableColumnsRemovedFieldsAndPromotedTypes() {
        Schema writer = Avro.schema(ORDER_V1);
        // The table is newer: 'id' is BIGINT, 'price' DOUBLE, 'legacy_code' gone, 'discount' added.
        DataType table = ROW(FIELD("id", BIGINT().notNull()), FIELD("customer", STRING()), FIELD("price", DOUBLE()),
                FIELD("discount", DECIMAL(5, 2)), FIELD("color", STRING()));
        byte[] bytes = Avro.write(writer, Avro.record(writer, "id", 7, "customer", "ann", "legacy_code", "X1",
                "price", 2.5f, "color", new GenericData.EnumSymbol(
                        writer.getField("color").schema(), "GREEN")));

        Row row = AvroRowReader.create(writer, table).read(bytes, 0);

        assertThat(row).isEqualTo(Row.of(7L, "ann", 2.5, null, "GREEN"));
    }

    @Test
    void writerFieldOrderDoesNotMatter() {
        Schema writer = Avro.schema("""
                {"type": "record", "name": "x", "fields": [
                  {"name": "b", "type": "string"}, {"name": "a", "type": "int"}]}""");

        Row row = AvroRowReader.create(writer, ROW(FIELD("a", INT()), FIELD("b", STRING())))
                .read(Avro.write(writer, Avro.record(writer, "b", "two", "a", 1)), 0);

        assertThat(row).isEqualTo(Row.of(1, "two"));
    }

    @Test
    void aNotNullColumnTheWriterLacksCannotBeRead() {
        assertThatThrownBy(() -> AvroRowReader.create(Avro.schema(ORDER_V1), ROW(FIELD("id", INT()),
                FIELD("region", STRING().notNull()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the writer schema com.acme.Order cannot be read as the row type: field 'region': the"
                        + " column is STRING NOT NULL, but the writer's record com.acme.Order has no such field (its"
                        + " fields: id, customer, legacy_code, price, color)");
    }

    @Test
    void aNarrowingReadNamesTheFieldAndBothTypes() {
        assertThatThrownBy(() -> AvroRowReader.create(Avro.schema(ORDER_V1), ROW(FIELD("customer", INT()))))
                .hasMessage("the writer schema com.acme.Order cannot be read as the row type: field 'customer': the"
                        + " column is INT but the writer's Avro type is \"string\"");
        Schema nested = Avro.schema("""
                {"type": "record", "name": "x", "fields": [{"name": "lines", "type": {"type": "array", "items":
                  {"type": "record", "name": "line", "fields": [{"name": "qty", "type": ["null", "long"]}]}}}]}""");
        assertThatThrownBy(() -> AvroRowReader.create(nested, ROW(FIELD("lines", ARRAY(ROW(FIELD("qty", INT())))))))
                .hasMessageEndingWith("field 'lines[].qty': the column is INT but the writer's Avro type is \"long\"");
    }

    @Test
    void anExplicitSchemaIsCheckedAgainstTheRowTypeWhenTheFormatIsCreated() {
        DataType table = ROW(FIELD("id", BIGINT()), FIELD("customer", STRING()));

        assertThatThrownBy(() -> Avro.encoder(table, "schema", ORDER_V1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the Avro schema com.acme.Order does not fit the row type: field 'id': the column is BIGINT"
                        + " but the Avro type is \"int\"");
        assertThatThrownBy(() -> Avro.encoder(ROW(FIELD("id", INT()), FIELD("customer", STRING()),
                FIELD("legacy_code", STRING()), FIELD("price", DOUBLE()), FIELD("color", STRING())),
                "schema", ORDER_V1))
                .hasMessageEndingWith("field 'price': the column is DOUBLE but the Avro type is \"float\"");
        assertThatThrownBy(() -> Avro.encoder(ROW(FIELD("id", INT())), "schema", ORDER_V1))
                .hasMessageEndingWith("field 'customer': no column has this name and the Avro field has no default"
                        + " value");
        assertThatThrownBy(() -> Avro.encoder(ROW(FIELD("id", INT()), FIELD("customer", STRING()),
                FIELD("legacy_code", STRING()), FIELD("price", DOUBLE()), FIELD("color", STRING()),
                FIELD("extra", STRING())), "schema", ORDER_V1.replace("\"float\"", "\"double\"")))
                .hasMessageEndingWith("the Avro record com.acme.Order has no field for the column 'extra' (its fields:"
                        + " id, customer, legacy_code, price, color)");
        assertThatThrownBy(() -> Avro.decoder(table, "schema", ORDER_V1.replace("\"string\"", "\"boolean\"")))
                .hasMessageEndingWith("field 'customer': the column is STRING but the writer's Avro type is"
                        + " \"boolean\"");
    }

    @Test
    void timestampsNeedATimestampLogicalType() {
        assertThatThrownBy(() -> Avro.decoder(ROW(FIELD("ts", TIMESTAMP(3))), "schema",
                "{\"type\": \"record\", \"name\": \"r\", \"fields\": [{\"name\": \"ts\", \"type\": \"long\"}]}"))
                .hasMessageEndingWith("field 'ts': the column is TIMESTAMP(3) but the writer's Avro type is \"long\"");
    }

    @Test
    void decimalsOfAnotherScaleAreReadWhenNoDigitIsLost() {
        Schema writer = Avro.schema("""
                {"type": "record", "name": "r", "fields": [{"name": "d", "type":
                  {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 3}}]}""");
        AvroRowReader reader = AvroRowReader.create(writer, ROW(FIELD("d", DECIMAL(5, 2))));

        byte[] exact = Avro.write(writer, Avro.record(writer, "d", ByteBuffer.wrap(new byte[] {0x04, -80})));
        assertThat(reader.read(exact, 0)).isEqualTo(Row.of(new BigDecimal("1.20"))); // 1200 at scale 3
        assertThatThrownBy(() -> reader.read(Avro.write(writer, Avro.record(writer, "d",
                ByteBuffer.wrap(new byte[] {0x04, -79}))), 0))
                .isInstanceOf(AvroDataException.class)
                .hasMessage("field 'd': 1.201 has more fraction digits than DECIMAL(5, 2) keeps");
    }

    @Test
    void aWriterUnionIsReadThroughTheBranchThatFits() {
        Schema writer = Avro.schema("""
                {"type": "record", "name": "r", "fields": [{"name": "v", "type": ["null", "int", "string"]}]}""");
        AvroRowReader reader = AvroRowReader.create(writer, ROW(FIELD("v", BIGINT())));

        assertThat(reader.read(Avro.write(writer, Avro.record(writer, "v", 5)), 0)).isEqualTo(Row.of(5L));
        assertThat(reader.read(Avro.write(writer, Avro.record(writer, "v", null)), 0)).isEqualTo(Row.of((Object) null));
        assertThatThrownBy(() -> reader.read(Avro.write(writer, Avro.record(writer, "v", "five")), 0))
                .isInstanceOf(AvroDataException.class)
                .hasMessageStartingWith("field 'v': the writer's data does not fit the reader's type");
    }

    @Test
    void enumColumnsNeedKnownSymbols() {
        DataType table = ROW(FIELD("id", INT()), FIELD("customer", STRING()), FIELD("legacy_code", STRING()),
                FIELD("price", DOUBLE()), FIELD("color", STRING()));
        var encoder = Avro.encoder(table, "schema", ORDER_V1.replace("\"float\"", "\"double\""));

        assertThatThrownBy(() -> encoder.encode(Row.of(1, "a", "b", 1.0, "PURPLE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot encode the row as Avro: field 'color': 'PURPLE' is not a symbol of the Avro enum"
                        + " com.acme.Color (RED, GREEN)");
        assertThat(encoder.encode(Row.of(1, "a", "b", 1.0, "RED"))).isNotEmpty(); // the encoder recovers
    }

    @Test
    void valuesThatCannotBeWrittenAreNamed() {
        var encoder = Avro.encoder(ROW(FIELD("d", DECIMAL(4, 2)), FIELD("xs", ARRAY(INT()))), "schema", """
                {"type": "record", "name": "r", "fields": [
                  {"name": "d", "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}},
                  {"name": "xs", "type": {"type": "array", "items": "int"}}]}""");

        assertThatThrownBy(() -> encoder.encode(Row.of(null, List.of())))
                .hasMessage("Cannot encode the row as Avro: field 'd': NULL, but the Avro type \"bytes\""
                        + " (decimal(4, 2)) does not allow null");
        assertThatThrownBy(() -> encoder.encode(Row.of(new BigDecimal("1.00"), Arrays.asList(1, null))))
                .hasMessage("Cannot encode the row as Avro: field 'xs[1]': NULL, but the Avro type \"int\" does not"
                        + " allow null");
        assertThatThrownBy(() -> encoder.encode(Row.of(new BigDecimal("123.4"), List.of())))
                .hasMessage("Cannot encode the row as Avro: field 'd': 123.4 has more digits than \"bytes\""
                        + " (decimal(4, 2)) allows");
    }
}
