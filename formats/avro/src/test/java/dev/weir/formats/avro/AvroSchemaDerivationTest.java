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
import static dev.weir.api.types.DataTypes.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.config.Configuration;
import dev.weir.api.factory.FactoryHelper;
import dev.weir.api.factory.TableContext;
import dev.weir.api.types.DataType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSchemaDerivationTest {
    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of(BOOLEAN(), "\"boolean\""),
                Arguments.of(TINYINT(), "\"int\""),
                Arguments.of(SMALLINT(), "\"int\""),
                Arguments.of(INT(), "\"int\""),
                Arguments.of(BIGINT(), "\"long\""),
                Arguments.of(FLOAT(), "\"float\""),
                Arguments.of(DOUBLE(), "\"double\""),
                Arguments.of(DECIMAL(10, 2), "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}"),
                Arguments.of(STRING(), "\"string\""),
                Arguments.of(VARCHAR(20), "\"string\""),
                Arguments.of(BYTES(), "\"bytes\""),
                Arguments.of(DATE(), "{\"type\":\"int\",\"logicalType\":\"date\"}"),
                Arguments.of(TIME(0), "{\"type\":\"int\",\"logicalType\":\"time-millis\"}"),
                Arguments.of(TIME(3), "{\"type\":\"int\",\"logicalType\":\"time-millis\"}"),
                Arguments.of(TIME(6), "{\"type\":\"long\",\"logicalType\":\"time-micros\"}"),
                Arguments.of(TIMESTAMP(3), "{\"type\":\"long\",\"logicalType\":\"local-timestamp-millis\"}"),
                Arguments.of(TIMESTAMP(6), "{\"type\":\"long\",\"logicalType\":\"local-timestamp-micros\"}"),
                Arguments.of(TIMESTAMP(9), "{\"type\":\"long\",\"logicalType\":\"local-timestamp-nanos\"}"),
                Arguments.of(TIMESTAMP_LTZ(0), "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}"),
                Arguments.of(TIMESTAMP_LTZ(6), "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}"),
                Arguments.of(TIMESTAMP_LTZ(9), "{\"type\":\"long\",\"logicalType\":\"timestamp-nanos\"}"),
                Arguments.of(ARRAY(INT().notNull()), "{\"type\":\"array\",\"items\":\"int\"}"),
                Arguments.of(ARRAY(INT()), "{\"type\":\"array\",\"items\":[\"null\",\"int\"]}"),
                Arguments.of(MAP(STRING(), DOUBLE()), "{\"type\":\"map\",\"values\":[\"null\",\"double\"]}"));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyTypeHasItsAvroForm(DataType type, String expected) {
        Schema notNull = AvroSchemaConverter.deriveSchema(ROW(FIELD("v", type.notNull())), "record", null);
        Schema nullable = AvroSchemaConverter.deriveSchema(ROW(FIELD("v", type)), "record", null);

        assertThat(notNull.getField("v").schema().toString()).isEqualTo(expected);
        assertThat(notNull.getField("v").hasDefaultValue()).isFalse();
        assertThat(nullable.getField("v").schema().toString()).isEqualTo("[\"null\"," + expected + "]");
        assertThat(nullable.getField("v").defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
    }

    @Test
    void nestedRowsAreRecordsNamedAfterTheirParentAndField() {
        DataType type = ROW(FIELD("id", BIGINT().notNull()),
                FIELD("address", ROW(FIELD("city", STRING()), FIELD("geo", ROW(FIELD("lat", DOUBLE()))))),
                FIELD("lines", ARRAY(ROW(FIELD("qty", INT())).notNull())));

        Schema schema = AvroSchemaConverter.deriveSchema(type, "Order", "com.acme");

        assertThat(schema.toString()).isEqualTo("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\","
                + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                + "{\"name\":\"address\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"Order_address\",\"fields\":["
                + "{\"name\":\"city\",\"type\":[\"null\",\"string\"],\"default\":null},"
                + "{\"name\":\"geo\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"Order_address_geo\",\"fields\":["
                + "{\"name\":\"lat\",\"type\":[\"null\",\"double\"],\"default\":null}]}],\"default\":null}]}],"
                + "\"default\":null},"
                + "{\"name\":\"lines\",\"type\":[\"null\",{\"type\":\"array\",\"items\":{\"type\":\"record\","
                + "\"name\":\"Order_lines\",\"fields\":[{\"name\":\"qty\",\"type\":[\"null\",\"int\"],\"default\":null}]}}],"
                + "\"default\":null}]}");
    }

    @Test
    void nestedRecordNamesNeverCollide() {
        DataType type = ROW(FIELD("a", ROW(FIELD("b", ROW(FIELD("x", INT()))))), FIELD("a_b", ROW(FIELD("y", INT()))));

        Schema schema = AvroSchemaConverter.deriveSchema(type, "record", null);

        assertThat(AvroSchemaConverter.nonNull(schema.getField("a_b").schema()).getName()).isEqualTo("record_a_b_2");
        assertThat(new Schema.Parser().parse(schema.toString())).isEqualTo(schema);
    }

    @Test
    void recordNameAndNamespaceAreOptions() {
        Schema schema = AvroFormatOptions.tableSchema(Avro.context(ROW(FIELD("id", INT())),
                "record-name", "Order", "namespace", "com.acme.orders"));

        assertThat(schema.getFullName()).isEqualTo("com.acme.orders.Order");
        assertThat(AvroFormatOptions.tableSchema(Avro.context(ROW(FIELD("id", INT())))).getFullName()).isEqualTo("record");
    }

    @Test
    void mapsNeedStringKeys() {
        assertThatThrownBy(() -> Avro.encoder(ROW(FIELD("by_id", MAP(INT(), STRING())))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot derive an Avro schema from the row type: column 'by_id' has the type MAP<INT, STRING>,"
                        + " but Avro map keys are strings: use MAP<STRING, ...> (or give one with 'avro.schema')");
    }

    @Test
    void namesMustBeAvroNames() {
        assertThatThrownBy(() -> AvroSchemaConverter.deriveSchema(ROW(FIELD("order-id", INT())), "record", null))
                .hasMessage("the column name 'order-id' is not a valid Avro name: use letters, digits and '_',"
                        + " not starting with a digit");
        assertThatThrownBy(() -> Avro.decoder(ROW(FIELD("id", INT())), "record-name", "my record"))
                .hasMessageContaining("the record name 'my record' is not a valid Avro name");
        assertThatThrownBy(() -> Avro.decoder(ROW(FIELD("id", INT())), "namespace", "com..acme"))
                .hasMessageContaining("the namespace 'com..acme' is not a valid Avro namespace");
    }

    @Test
    void optionErrorsNameTheTableAndTheFormat() {
        TableContext table = new TableContext("orders",
                dev.weir.api.schema.Schema.of(ROW(FIELD("id", INT()))),
                Configuration.of(Map.of("connector", "x", "format", "avro", "avro.schema", "{\"type\":\"string\"}")),
                List.of(), getClass().getClassLoader(), true);
        FactoryHelper helper = FactoryHelper.of(new TestConnector(), table);

        assertThatThrownBy(() -> helper.decoder(TestConnector.FORMAT, table.physicalRowType()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Table 'orders', format 'avro': the option 'avro.schema': the Avro schema must be a record,"
                        + " found \"string\"");
    }
}
