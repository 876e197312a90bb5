package dev.weir.engine.expr;

import static dev.weir.engine.expr.Rows.eval;
import static dev.weir.engine.expr.Rows.evalNulls;
import static dev.weir.engine.expr.Rows.typeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionsTest {
    @Test
    void caseConversion() {
        assertThat(eval("UPPER(name)")).isEqualTo("ALICE");
        assertThat(eval("lower(name)")).isEqualTo("alice");
        assertThat(eval("Upper('straße')")).isEqualTo("STRASSE");
    }

    @Test
    void concat() {
        assertThat(eval("CONCAT(name, '-', CAST(id AS STRING))")).isEqualTo("Alice-7");
        assertThat(eval("CONCAT(name)")).isEqualTo("Alice");
        assertThat(evalNulls("CONCAT('a', name, 'b')")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SUBSTRING('Hello', 2)|ello", "SUBSTRING('Hello', 2, 3)|ell", "SUBSTRING('Hello' FROM 2 FOR 3)|ell",
        "SUBSTRING('Hello' FROM 3)|llo", "SUBSTRING('Hello', 0, 2)|He", "SUBSTRING('Hello', -3)|llo",
        "SUBSTRING('Hello', -3, 2)|ll", "SUBSTRING('Hello', 9)|''", "SUBSTRING('Hello', 2, 100)|ello",
        "SUBSTRING('Hello', 1, 0)|''", "SUBSTRING('a😀b', 2, 1)|😀", "SUBSTRING('a😀b', 3)|b"})
    void substring(String sql, String expected) {
        assertThat(eval(sql)).isEqualTo(expected.equals("''") ? "" : expected);
    }

    @Test
    void substringNullsAndNegativeLength() {
        assertThat(evalNulls("SUBSTRING(name, 1, 2)")).isNull();
        assertThat(eval("SUBSTRING(name, CAST(NULL AS INT))")).isNull();
        assertThat(eval("SUBSTRING(name, 1, NULL)")).isNull();
        assertThatThrownBy(() -> eval("SUBSTRING(name, 1, -1)")).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("Negative substring length -1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "TRIM('  a b  ')|a b", "TRIM(BOTH FROM '  a  ')|a", "TRIM(LEADING FROM '  a  ')|'a  '",
        "TRIM(TRAILING FROM '  a  ')|'  a'", "TRIM(BOTH 'x' FROM 'xxaxx')|a", "TRIM(LEADING 'x' FROM 'xxaxx')|axx",
        "TRIM(TRAILING 'xy' FROM 'axyyx')|a", "TRIM('x' FROM 'xax')|a", "LTRIM('  a  ')|'a  '", "RTRIM('  a  ')|'  a'"})
    void trim(String sql, String expected) {
        assertThat(eval(sql)).isEqualTo(expected.replace("'", ""));
    }

    @Test
    void trimOfNull() {
        assertThat(evalNulls("TRIM(name)")).isNull();
        assertThat(eval("TRIM(BOTH NULL FROM name)")).isNull();
    }

    @Test
    void lengthPositionReplace() {
        assertThat(eval("CHAR_LENGTH(name)")).isEqualTo(5);
        assertThat(eval("CHARACTER_LENGTH('a😀')")).isEqualTo(2);
        assertThat(evalNulls("CHAR_LENGTH(name)")).isNull();
        assertThat(eval("POSITION('ic' IN name)")).isEqualTo(3);
        assertThat(eval("POSITION('z' IN name)")).isEqualTo(0);
        assertThat(eval("POSITION('b' IN 'a😀b')")).isEqualTo(3);
        assertThat(evalNulls("POSITION('a' IN name)")).isNull();
        assertThat(eval("REPLACE(name, 'li', 'LI')")).isEqualTo("ALIce");
        assertThat(eval("REPLACE('aaa', 'a', '')")).isEqualTo("");
        assertThat(eval("REPLACE('abc', '', 'x')")).isEqualTo("abc");
        assertThat(evalNulls("REPLACE(name, 'a', 'b')")).isNull();
    }

    @Test
    void conditionalFunctions() {
        assertThat(eval("IF(id > 5, 'big', 'small')")).isEqualTo("big");
        assertThat(eval("IF(id > 50, 'big', 'small')")).isEqualTo("small");
        assertThat(evalNulls("IF(flag, 1, 2)")).isEqualTo(2);
        assertThat(eval("IF(flag, id, big)")).isEqualTo(7L);
        assertThat(evalNulls("COALESCE(name, 'none')")).isEqualTo("none");
        assertThat(eval("COALESCE(name, 'none')")).isEqualTo("Alice");
        assertThat(evalNulls("COALESCE(big, score, 1)")).isEqualTo(1.0);
        assertThat(evalNulls("COALESCE(big, NULL)")).isNull();
        assertThat(eval("NULLIF(id, 7)")).isNull();
        assertThat(eval("NULLIF(id, 8)")).isEqualTo(7);
        assertThat(evalNulls("NULLIF(name, 'x')")).isNull();
        assertThat(eval("NULLIF(name, NULL)")).isEqualTo("Alice");
    }

    @Test
    void absSignAndRounding() {
        assertThat(eval("ABS(-id)")).isEqualTo(7);
        assertThat(eval("ABS(-2.5)")).isEqualTo(new BigDecimal("2.5"));
        assertThat(eval("ABS(-score)")).isEqualTo(2.5);
        assertThat(eval("ABS(-big)")).isEqualTo(10_000_000_000L);
        assertThat(eval("SIGN(-id)")).isEqualTo(-1);
        assertThat(eval("SIGN(score)")).isEqualTo(1.0);
        assertThat(eval("SIGN(-price)")).isEqualTo(new BigDecimal("-1.00"));
        assertThat(eval("CEIL(price)")).isEqualTo(new BigDecimal("13"));
        assertThat(eval("CEILING(-price)")).isEqualTo(new BigDecimal("-12"));
        assertThat(eval("FLOOR(price)")).isEqualTo(new BigDecimal("12"));
        assertThat(eval("FLOOR(-score)")).isEqualTo(-3.0);
        assertThat(eval("CEIL(score)")).isEqualTo(3.0);
        assertThat(eval("CEIL(id)")).isEqualTo(7);
        assertThat(eval("ROUND(price)")).isEqualTo(new BigDecimal("13"));
        assertThat(eval("ROUND(12.345, 2)")).isEqualTo(new BigDecimal("12.35"));
        assertThat(eval("ROUND(-12.345, 2)")).isEqualTo(new BigDecimal("-12.35"));
        assertThat(eval("ROUND(12.345, 5)")).isEqualTo(new BigDecimal("12.345"));
        assertThat(eval("ROUND(score)")).isEqualTo(3.0);
        assertThat(eval("ROUND(2.675e0, 2)")).isEqualTo(2.68);
        assertThat(eval("ROUND(1250, -2)")).isEqualTo(1300);
        assertThat(eval("ROUND(big, -3)")).isEqualTo(10_000_000_000L);
        assertThat(eval("ROUND(1234.5, -2)")).isEqualTo(new BigDecimal("1200"));
        assertThat(evalNulls("ROUND(price, 1)")).isNull();
        assertThat(evalNulls("ABS(big)")).isNull();
    }

    @Test
    void roundingTypesFollowFlink() {
        assertThat(typeOf("CEIL(price)")).isEqualTo(DataTypes.DECIMAL(9, 0));
        assertThat(typeOf("ROUND(price, 1)")).isEqualTo(DataTypes.DECIMAL(10, 1));
        assertThat(typeOf("ROUND(price, 3)")).isEqualTo(DataTypes.DECIMAL(10, 2));
        assertThat(typeOf("ROUND(id)")).isEqualTo(DataTypes.INT().notNull());
        assertThat(typeOf("ABS(score)")).isEqualTo(DataTypes.DOUBLE());
        assertThatThrownBy(() -> eval("ROUND(price, id)")).isInstanceOf(PlanException.class)
                .hasMessageContaining("The number of digits of ROUND must be an integer literal");
    }

    @Test
    void doubleFunctions() {
        assertThat(eval("POWER(2, 10)")).isEqualTo(1024.0);
        assertThat(eval("POWER(price, 2)")).isEqualTo(156.25);
        assertThat(eval("SQRT(16)")).isEqualTo(4.0);
        assertThat(eval("LN(EXP(2))")).isEqualTo(2.0);
        assertThat(eval("LOG10(1000)")).isEqualTo(3.0);
        assertThat((Double) eval("SQRT(-1)")).isNaN();
        assertThat(evalNulls("POWER(score, 2)")).isNull();
        assertThat(eval("POWER(2, NULL)")).isNull();
        assertThat(evalNulls("SQRT(score)")).isNull();
        assertThat(typeOf("SQRT(id)")).isEqualTo(DataTypes.DOUBLE().notNull());
        assertThat(eval("MOD(id, 4)")).isEqualTo(3);
        assertThat(eval("MOD(price, 5)")).isEqualTo(new BigDecimal("2.50"));
    }

    @Test
    void extract() {
        assertThat(eval("EXTRACT(YEAR FROM ts)")).isEqualTo(2024L);
        assertThat(eval("EXTRACT(MONTH FROM ts)")).isEqualTo(1L);
        assertThat(eval("EXTRACT(DAY FROM day)")).isEqualTo(31L);
        assertThat(eval("EXTRACT(HOUR FROM ts)")).isEqualTo(12L);
        assertThat(eval("EXTRACT(MINUTE FROM ts)")).isEqualTo(30L);
        assertThat(eval("EXTRACT(SECOND FROM ts)")).isEqualTo(45L);
        assertThat(eval("EXTRACT(MILLISECOND FROM ts)")).isEqualTo(45_123L);
        assertThat(eval("EXTRACT(DOW FROM DATE '2024-01-28')")).isEqualTo(1L);
        assertThat(eval("EXTRACT(DOW FROM day)")).isEqualTo(4L);
        assertThat(eval("EXTRACT(DOY FROM DATE '2024-12-31')")).isEqualTo(366L);
        assertThat(eval("EXTRACT(WEEK FROM DATE '2024-01-01')")).isEqualTo(1L);
        assertThat(eval("EXTRACT(QUARTER FROM DATE '2024-08-01')")).isEqualTo(3L);
        assertThat(eval("EXTRACT(HOUR FROM clock)")).isEqualTo(8L);
        assertThat(eval("EXTRACT(HOUR FROM ltz)")).isEqualTo(12L);
        assertThat(evalNulls("EXTRACT(YEAR FROM ts)")).isNull();
        assertThat(typeOf("EXTRACT(YEAR FROM day)")).isEqualTo(DataTypes.BIGINT());
    }

    @Test
    void extractShorthands() {
        assertThat(eval("YEAR(day)")).isEqualTo(2024L);
        assertThat(eval("MONTH(ts)")).isEqualTo(1L);
        assertThat(eval("DAYOFMONTH(ts)")).isEqualTo(31L);
        assertThat(eval("HOUR(ts)")).isEqualTo(12L);
        assertThat(eval("MINUTE(clock)")).isEqualTo(15L);
        assertThat(eval("SECOND(ts)")).isEqualTo(45L);
        assertThat(eval("QUARTER(ts)")).isEqualTo(1L);
        assertThat(eval("WEEK(day)")).isEqualTo(5L);
        assertThat(eval("DAYOFYEAR(DATE '2024-02-01')")).isEqualTo(32L);
        assertThat(eval("DAYOFWEEK(DATE '2024-02-03')")).isEqualTo(7L);
    }

    @Test
    void extractRejectsUnitsTheTypeLacks() {
        assertThatThrownBy(() -> eval("EXTRACT(HOUR FROM day)")).isInstanceOf(PlanException.class)
                .hasMessage("Cannot extract HOUR from a DATE in 'EXTRACT(HOUR FROM day)'");
        assertThatThrownBy(() -> eval("EXTRACT(YEAR FROM clock)")).isInstanceOf(PlanException.class);
        assertThatThrownBy(() -> eval("EXTRACT(CENTURY FROM ts)")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Unknown time unit CENTURY");
        assertThatThrownBy(() -> eval("YEAR(name)")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Cannot apply 'YEAR' to STRING");
    }

    @Test
    void toTimestamp() {
        assertThat(eval("TO_TIMESTAMP('2024-01-31 12:30:00')")).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30));
        assertThat(eval("TO_TIMESTAMP('31/01/2024 12:30', 'dd/MM/yyyy HH:mm')"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30));
        assertThat(eval("TO_TIMESTAMP('20240131', 'yyyyMMdd')")).isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
        assertThat(eval("TO_TIMESTAMP('not a time')")).isNull();
        assertThat(evalNulls("TO_TIMESTAMP(name)")).isNull();
        assertThat(typeOf("TO_TIMESTAMP('2024-01-31 12:30:00')")).isEqualTo(DataTypes.TIMESTAMP(3));
        assertThatThrownBy(() -> eval("TO_TIMESTAMP(name, name)")).isInstanceOf(PlanException.class)
                .hasMessageContaining("The format of TO_TIMESTAMP must be a string literal");
    }

    @Test
    void toTimestampLtzAndUnixTimestamp() {
        assertThat(eval("TO_TIMESTAMP_LTZ(1706704245123, 3)")).isEqualTo(Instant.parse("2024-01-31T12:30:45.123Z"));
        assertThat(eval("TO_TIMESTAMP_LTZ(1706704245, 0)")).isEqualTo(Instant.parse("2024-01-31T12:30:45Z"));
        assertThat(eval("TO_TIMESTAMP_LTZ(1.5e0, 0)")).isEqualTo(Instant.ofEpochMilli(1500));
        assertThat(evalNulls("TO_TIMESTAMP_LTZ(big, 3)")).isNull();
        assertThat(typeOf("TO_TIMESTAMP_LTZ(id, 3)")).isEqualTo(DataTypes.TIMESTAMP_LTZ(3).notNull());
        assertThatThrownBy(() -> eval("TO_TIMESTAMP_LTZ(id, 6)")).isInstanceOf(PlanException.class)
                .hasMessageContaining("must be 0 (epoch seconds) or 3");
        assertThat(eval("UNIX_TIMESTAMP('2024-01-31 12:30:45')")).isEqualTo(1706704245L);
        assertThat(eval("UNIX_TIMESTAMP('2024/01/31', 'yyyy/MM/dd')")).isEqualTo(1706659200L);
        assertThat(eval("UNIX_TIMESTAMP('garbage')")).isNull();
        assertThatThrownBy(() -> eval("UNIX_TIMESTAMP()")).isInstanceOf(PlanException.class)
                .hasMessageContaining("reads the clock");
    }

    @Test
    void dateFormat() {
        assertThat(eval("DATE_FORMAT(ts, 'yyyy-MM-dd')")).isEqualTo("2024-01-31");
        assertThat(eval("DATE_FORMAT(ts, 'HH:mm:ss.SSS')")).isEqualTo("12:30:45.123");
        assertThat(eval("DATE_FORMAT(ltz, 'yyyy-MM-dd HH:mm')")).isEqualTo("2024-01-31 12:30");
        assertThat(eval("DATE_FORMAT(day, 'dd.MM.yyyy HH')")).isEqualTo("31.01.2024 00");
        assertThat(eval("DATE_FORMAT('2024-01-31 12:30:45', 'yyyyMMdd')")).isEqualTo("20240131");
        assertThat(eval("DATE_FORMAT('nope', 'yyyyMMdd')")).isNull();
        assertThat(evalNulls("DATE_FORMAT(ts, 'yyyy')")).isNull();
        assertThatThrownBy(() -> eval("DATE_FORMAT(id, 'yyyy')")).isInstanceOf(PlanException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER(id)", "SUBSTRING(id, 1)", "ABS(name)", "SQRT(name)", "CONCAT(name, id)",
        "POSITION(id IN name)", "REPLACE(name, 1, 'x')", "TRIM(id)", "CHAR_LENGTH(day)"})
    void argumentTypesAreChecked(String sql) {
        assertThatThrownBy(() -> eval(sql)).isInstanceOf(PlanException.class).hasMessageContaining("Cannot apply '")
                .hasMessageContaining("in '" + sql + "'");
    }
}
