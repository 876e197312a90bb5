package dev.weir.engine.expr;

import static dev.weir.engine.expr.Rows.typeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Result types with nullability: {@code id} is the only NOT NULL column of the input. */
class TypeInferenceTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "id => INT NOT NULL", "big => BIGINT", "id + 1 => INT NOT NULL", "id + big => BIGINT", "id + 1.5e0 => DOUBLE NOT NULL",
        "id / 2 => INT NOT NULL", "id % 3 => INT NOT NULL", "big % id => INT", "id % big => BIGINT", "tiny + tiny => TINYINT",
        "tiny * small => SMALLINT", "ratio + id => FLOAT", "ratio + score => DOUBLE", "ratio + price => DOUBLE",
        "id + price => DECIMAL(13, 2)", "price + price => DECIMAL(11, 2)", "price - 1.005 => DECIMAL(12, 3)",
        "price * price => DECIMAL(21, 4)", "price / price => DECIMAL(23, 13)", "price % 3 => DECIMAL(10, 2)",
        "big * price => DECIMAL(30, 2)", "CAST(1 AS DECIMAL(38, 10)) * price => DECIMAL(38, 6)",
        "-id => INT NOT NULL", "-price => DECIMAL(10, 2)",
        "id = 1 => BOOLEAN NOT NULL", "big = 1 => BOOLEAN", "id = NULL => BOOLEAN", "name IS NULL => BOOLEAN NOT NULL",
        "flag IS TRUE => BOOLEAN NOT NULL", "id > 1 AND id < 5 => BOOLEAN NOT NULL", "id > 1 AND flag => BOOLEAN",
        "NOT flag => BOOLEAN", "name LIKE 'a%' => BOOLEAN", "'a' LIKE 'a%' => BOOLEAN NOT NULL",
        "id BETWEEN 1 AND 5 => BOOLEAN NOT NULL", "id IN (1, 2) => BOOLEAN NOT NULL", "id IN (1, NULL) => BOOLEAN",
        "big IN (1, 2) => BOOLEAN", "name || 'x' => STRING", "'a' || 'b' => STRING NOT NULL",
        "CASE WHEN id > 1 THEN 1 ELSE 2 END => INT NOT NULL", "CASE WHEN id > 1 THEN 1 END => INT",
        "CASE WHEN id > 1 THEN 1 ELSE big END => BIGINT", "CASE WHEN flag THEN 1 ELSE 2.5 END => DECIMAL(11, 1) NOT NULL",
        "CASE WHEN id > 1 THEN 'a' ELSE NULL END => STRING", "IF(id > 1, day, ts) => TIMESTAMP(3)",
        "COALESCE(big, 0) => BIGINT NOT NULL", "COALESCE(big, id) => BIGINT NOT NULL", "COALESCE(big, big) => BIGINT",
        "NULLIF(id, 1) => INT", "UPPER(name) => STRING", "UPPER('a') => STRING NOT NULL", "CHAR_LENGTH('a') => INT NOT NULL",
        "SUBSTRING('abc', id) => STRING NOT NULL", "SUBSTRING('abc', tiny) => STRING", "POSITION('a' IN name) => INT",
        "CAST(id AS BIGINT) => BIGINT NOT NULL", "CAST(name AS DATE) => DATE", "TRY_CAST('1' AS INT) => INT",
        "ts + INTERVAL '1' SECOND => TIMESTAMP(3)", "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '1' MILLISECOND => TIMESTAMP(3) NOT NULL",
        "day + INTERVAL '2' DAY => DATE", "address.city => STRING", "address.zip => INT",
        "`w.start` => TIMESTAMP(3) NOT NULL", "ABS(tiny) => TINYINT", "POWER(id, 2) => DOUBLE NOT NULL",
        "EXTRACT(YEAR FROM w.start) => BIGINT NOT NULL", "JSON_OBJECT('a' VALUE big) => STRING NOT NULL"})
    void resultTypes(String sql, String expected) {
        DataType type = typeOf(sql);
        assertThat(type.toString()).as(sql).isEqualTo(expected);
        assertThat(type).isEqualTo(DataTypes.parse(expected));
    }
}
