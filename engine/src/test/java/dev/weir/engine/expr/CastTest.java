package dev.weir.engine.expr;

import static dev.weir.engine.expr.Rows.eval;
import static dev.weir.engine.expr.Rows.evalNulls;
import static dev.weir.engine.expr.Rows.typeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class CastTest {
    @Test
    void stringsToNumbers() {
        assertThat(eval("CAST('42' AS INT)")).isEqualTo(42);
        assertThat(eval("CAST(' 42 ' AS BIGINT)")).isEqualTo(42L);
        assertThat(eval("CAST('-7' AS TINYINT)")).isEqualTo((byte) -7);
        assertThat(eval("CAST('300' AS SMALLINT)")).isEqualTo((short) 300);
        assertThat(eval("CAST('2.5' AS DOUBLE)")).isEqualTo(2.5);
        assertThat(eval("CAST('2.5' AS FLOAT)")).isEqualTo(2.5f);
        assertThat(eval("CAST('3.14159' AS DECIMAL(5, 2))")).isEqualTo(new BigDecimal("3.14"));
        assertThat(eval("CAST('2.345' AS DECIMAL(5, 2))")).isEqualTo(new BigDecimal("2.35"));
    }

    @Test
    void failingCastsNameTheValueAndTryCastGivesNull() {
        assertThatThrownBy(() -> eval("CAST(name AS INT)")).isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("Cannot cast 'Alice' to INT in 'CAST(name AS INT)'");
        assertThatThrownBy(() -> eval("CAST('300' AS TINYINT)")).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("'300'");
        assertThatThrownBy(() -> eval("CAST('1.5' AS INT)")).isInstanceOf(EvaluationException.class);
        assertThatThrownBy(() -> eval("CAST(price AS DECIMAL(3, 2))")).isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("Cannot cast 12.50 to DECIMAL(3, 2)");
        assertThatThrownBy(() -> eval("CAST('maybe' AS BOOLEAN)")).isInstanceOf(EvaluationException.class);
        assertThatThrownBy(() -> eval("CAST('2024-13-01' AS DATE)")).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("'2024-13-01'");
        assertThat(eval("TRY_CAST(name AS INT)")).isNull();
        assertThat(eval("TRY_CAST('12' AS INT)")).isEqualTo(12);
        assertThat(eval("TRY_CAST(price AS DECIMAL(3, 2))")).isNull();
        assertThat(eval("TRY_CAST('x' AS DATE)")).isNull();
    }

    @Test
    void tryCastIsAlwaysNullable() {
        assertThat(typeOf("TRY_CAST(id AS STRING)")).isEqualTo(DataTypes.STRING());
        assertThat(typeOf("CAST(id AS STRING)")).isEqualTo(DataTypes.STRING().notNull());
        assertThat(typeOf("CAST(name AS INT)")).isEqualTo(DataTypes.INT());
    }

    @Test
    void numbersToStrings() {
        assertThat(eval("CAST(id AS STRING)")).isEqualTo("7");
        assertThat(eval("CAST(big AS VARCHAR)")).isEqualTo("10000000000");
        assertThat(eval("CAST(price AS STRING)")).isEqualTo("12.50");
        assertThat(eval("CAST(score AS STRING)")).isEqualTo("2.5");
        assertThat(eval("CAST(flag AS STRING)")).isEqualTo("TRUE");
        assertThat(eval("CAST(name AS VARCHAR(3))")).isEqualTo("Ali");
        assertThat(evalNulls("CAST(big AS STRING)")).isNull();
    }

    @Test
    void temporalToStrings() {
        assertThat(eval("CAST(day AS STRING)")).isEqualTo("2024-01-31");
        assertThat(eval("CAST(ts AS STRING)")).isEqualTo("2024-01-31 12:30:45.123");
        assertThat(eval("CAST(TIMESTAMP '2024-01-31 12:00:00' AS STRING)")).isEqualTo("2024-01-31 12:00:00");
        assertThat(eval("CAST(clock AS STRING)")).isEqualTo("08:15:00");
        assertThat(eval("CAST(ltz AS STRING)")).isEqualTo("2024-01-31 12:30:45.123");
    }

    @Test
    void stringsToTemporalAndBoolean() {
        assertThat(eval("CAST('2024-01-31' AS DATE)")).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(eval("CAST('12:30:00' AS TIME)")).isEqualTo(LocalTime.of(12, 30));
        assertThat(eval("CAST('2024-01-31 12:30:00.5' AS TIMESTAMP(3))"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30, 0, 500_000_000));
        assertThat(eval("CAST('2024-01-31T12:30:00' AS TIMESTAMP)")).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30));
        assertThat(eval("CAST('2024-01-31' AS TIMESTAMP)")).isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
        assertThat(eval("CAST('2024-01-31 00:00:01' AS TIMESTAMP_LTZ(3))")).isEqualTo(Instant.parse("2024-01-31T00:00:01Z"));
        assertThat(eval("CAST('true' AS BOOLEAN)")).isEqualTo(true);
        assertThat(eval("CAST('No' AS BOOLEAN)")).isEqualTo(false);
    }

    @Test
    void numericWideningAndNarrowing() {
        assertThat(eval("CAST(id AS BIGINT)")).isEqualTo(7L);
        assertThat(eval("CAST(id AS DOUBLE)")).isEqualTo(7.0);
        assertThat(eval("CAST(id AS DECIMAL(4, 1))")).isEqualTo(new BigDecimal("7.0"));
        assertThat(eval("CAST(score AS INT)")).isEqualTo(2);
        assertThat(eval("CAST(-2.7e0 AS INT)")).isEqualTo(-2);
        assertThat(eval("CAST(price AS INT)")).isEqualTo(12);
        assertThat(eval("CAST(300 AS TINYINT)")).isEqualTo((byte) 44);
        assertThat(eval("CAST(big AS INT)")).isEqualTo((int) 10_000_000_000L);
        assertThat(eval("CAST(score AS DECIMAL(3, 1))")).isEqualTo(new BigDecimal("2.5"));
        assertThat(eval("CAST(flag AS INT)")).isEqualTo(1);
        assertThat(eval("CAST(0 AS BOOLEAN)")).isEqualTo(false);
        assertThat(eval("CAST(id AS BOOLEAN)")).isEqualTo(true);
    }

    @Test
    void temporalConversions() {
        assertThat(eval("CAST(ts AS DATE)")).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(eval("CAST(ts AS TIME)")).isEqualTo(LocalTime.of(12, 30, 45));
        assertThat(eval("CAST(ts AS TIMESTAMP(0))")).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30, 45));
        assertThat(eval("CAST(day AS TIMESTAMP(3))")).isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
        assertThat(eval("CAST(ts AS TIMESTAMP_LTZ(3))")).isEqualTo(Instant.parse("2024-01-31T12:30:45.123Z"));
        assertThat(eval("CAST(ltz AS TIMESTAMP(3))")).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30, 45, 123_000_000));
        assertThat(eval("CAST(ltz AS DATE)")).isEqualTo(LocalDate.of(2024, 1, 31));
    }

    @Test
    void nullCastsToAnyType() {
        assertThat(eval("CAST(NULL AS DATE)")).isNull();
        assertThat(typeOf("CAST(NULL AS DATE)")).isEqualTo(DataTypes.DATE());
        assertThat(evalNulls("CAST(name AS INT)")).isNull();
    }

    @Test
    void impossibleCastsArePlanErrors() {
        assertThatThrownBy(() -> eval("CAST(day AS INT)")).isInstanceOf(PlanException.class)
                .hasMessage("Cannot cast DATE to INT in 'CAST(day AS INT)'");
        assertThatThrownBy(() -> eval("CAST(id AS TIMESTAMP)")).isInstanceOf(PlanException.class);
        assertThatThrownBy(() -> eval("CAST(address AS STRING)")).isInstanceOf(PlanException.class);
        assertThatThrownBy(() -> eval("CAST(day AS TIME)")).isInstanceOf(PlanException.class);
    }

    @Test
    void castToBytesAndBack() {
        assertThat(eval("CAST('hé' AS BYTES)")).isEqualTo("hé".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(eval("CAST(CAST('hé' AS BYTES) AS STRING)")).isEqualTo("hé");
    }
}
