package dev.weir.api.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataTypesTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT NOT NULL", "FLOAT", "DOUBLE", "DECIMAL(10, 2)",
        "STRING", "VARCHAR(20)", "BYTES", "DATE", "TIME(3)", "TIMESTAMP(3)", "TIMESTAMP_LTZ(6) NOT NULL",
        "ARRAY<INT NOT NULL>", "MAP<STRING, DOUBLE>", "ROW<a INT, `b c` ARRAY<STRING>, d ROW<x BIGINT>>"
    })
    void sqlFormRoundTrips(String sql) {
        assertThat(DataTypes.parse(sql).toString()).isEqualTo(sql);
    }

    @Test
    void acceptsSynonymsAndFlinkSpellings() {
        assertThat(DataTypes.parse("integer")).isEqualTo(DataTypes.INT());
        assertThat(DataTypes.parse("TIMESTAMP(3) WITH LOCAL TIME ZONE")).isEqualTo(DataTypes.TIMESTAMP_LTZ(3));
        assertThat(DataTypes.parse("TIMESTAMP")).isEqualTo(DataTypes.TIMESTAMP(6));
        assertThat(DataTypes.parse("DECIMAL")).isEqualTo(DataTypes.DECIMAL(10, 0));
        assertThat(DataTypes.parse("ROW(a INT)")).isEqualTo(DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT())));
    }

    @Test
    void errorsNamePositionAndExpectation() {
        assertThatThrownBy(() -> DataTypes.parse("ARRAY<INT"))
                .hasMessageContaining("position 9").hasMessageContaining("expected '>'");
        assertThatThrownBy(() -> DataTypes.parse("INTEGR"))
                .hasMessageContaining("not 'INTEGR'");
        assertThatThrownBy(() -> DataTypes.DECIMAL(40, 2)).hasMessageContaining("precision must be 1..38");
        assertThatThrownBy(() -> DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT()), DataTypes.FIELD("a", DataTypes.INT())))
                .hasMessageContaining("unique");
    }

    @Test
    void rowAccessorsAndNullability() {
        DataType row = DataTypes.parse("ROW<id BIGINT NOT NULL, name STRING>");
        assertThat(row.fieldNames()).containsExactly("id", "name");
        assertThat(row.fieldIndex("name")).isEqualTo(1);
        assertThat(row.fieldType(0).isNullable()).isFalse();
        assertThat(row.fieldType(0).equalsIgnoringNullability(DataTypes.BIGINT())).isTrue();
        assertThat(row.fieldType(0)).isNotEqualTo(DataTypes.BIGINT());
        assertThatThrownBy(() -> DataTypes.INT().fieldNames()).isInstanceOf(IllegalStateException.class);
    }
}
