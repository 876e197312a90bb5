package dev.weir.engine.expr;

import static dev.weir.engine.expr.Rows.eval;
import static dev.weir.engine.expr.Rows.typeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class ParsingTest {
    @Test
    void integerLiteralsAreIntWhenTheyFitElseBigintElseDecimal() {
        assertThat(typeOf("2147483647")).isEqualTo(DataTypes.INT().notNull());
        assertThat(typeOf("-2147483648")).isEqualTo(DataTypes.INT().notNull());
        assertThat(eval("-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(typeOf("2147483648")).isEqualTo(DataTypes.BIGINT().notNull());
        assertThat(eval("2147483648")).isEqualTo(2147483648L);
        assertThat(typeOf("99999999999999999999")).isEqualTo(DataTypes.DECIMAL(20, 0).notNull());
    }

    @Test
    void exactAndApproximateNumbers() {
        assertThat(typeOf("1.50")).isEqualTo(DataTypes.DECIMAL(3, 2).notNull());
        assertThat(eval("1.50")).isEqualTo(new BigDecimal("1.50"));
        assertThat(typeOf("0.05")).isEqualTo(DataTypes.DECIMAL(2, 2).notNull());
        assertThat(typeOf(".5")).isEqualTo(DataTypes.DECIMAL(1, 1).notNull());
        assertThat(typeOf("1.5e0")).isEqualTo(DataTypes.DOUBLE().notNull());
        assertThat(eval("1.5e0")).isEqualTo(1.5);
        assertThat(eval("2E3")).isEqualTo(2000.0);
        assertThat(eval("-1.25e-1")).isEqualTo(-0.125);
    }

    @Test
    void stringsBooleansAndNull() {
        assertThat(eval("'it''s'")).isEqualTo("it's");
        assertThat(eval("''")).isEqualTo("");
        assertThat(typeOf("'x'")).isEqualTo(DataTypes.STRING().notNull());
        assertThat(eval("TRUE")).isEqualTo(true);
        assertThat(eval("false")).isEqualTo(false);
        assertThat(eval("CAST(NULL AS INT)")).isNull();
    }

    @Test
    void temporalLiterals() {
        assertThat(eval("DATE '2024-01-31'")).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(typeOf("DATE '2024-01-31'")).isEqualTo(DataTypes.DATE().notNull());
        assertThat(eval("TIME '12:00:00'")).isEqualTo(LocalTime.NOON);
        assertThat(typeOf("TIME '12:00:00'")).isEqualTo(DataTypes.TIME(0).notNull());
        assertThat(eval("TIMESTAMP '2024-01-31 12:00:00.123'"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 0, 0, 123_000_000));
        assertThat(typeOf("TIMESTAMP '2024-01-31 12:00:00.123'")).isEqualTo(DataTypes.TIMESTAMP(3).notNull());
        assertThat(typeOf("TIMESTAMP '2024-01-31 12:00:00'")).isEqualTo(DataTypes.TIMESTAMP(0).notNull());
    }

    @Test
    void invalidTemporalLiteralIsAPlanError() {
        assertThatThrownBy(() -> eval("DATE '2024-02-30'")).isInstanceOf(PlanException.class)
                .hasMessageContaining("DATE '2024-01-31'");
    }

    @Test
    void intervalsShiftTimestamps() {
        assertThat(eval("ts + INTERVAL '5' SECOND")).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30, 50, 123_000_000));
        assertThat(eval("ts - INTERVAL '2' MINUTE")).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 28, 45, 123_000_000));
        assertThat(eval("INTERVAL '1' HOUR + ts")).isEqualTo(LocalDateTime.of(2024, 1, 31, 13, 30, 45, 123_000_000));
        assertThat(eval("ts + INTERVAL '250' MILLISECOND"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30, 45, 373_000_000));
        assertThat(eval("day + INTERVAL '1' DAY")).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(eval("clock - INTERVAL '9' HOUR")).isEqualTo(LocalTime.of(23, 15));
        assertThat(eval("ltz + INTERVAL '1' DAY")).hasToString("2024-02-01T12:30:45.123Z");
        assertThat(Rows.evalNulls("ts + INTERVAL '5' SECOND")).isNull();
    }

    @Test
    void intervalsAreOnlyAllowedBesideTemporalValues() {
        assertThatThrownBy(() -> eval("INTERVAL '5' SECOND")).isInstanceOf(PlanException.class)
                .hasMessageContaining("INTERVAL is only allowed added to or subtracted from");
        assertThatThrownBy(() -> eval("id + INTERVAL '5' SECOND")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Cannot apply '+' to INT and INTERVAL");
        assertThatThrownBy(() -> eval("INTERVAL '5' SECOND - ts")).isInstanceOf(PlanException.class);
        assertThatThrownBy(() -> eval("day + INTERVAL '1' HOUR")).isInstanceOf(PlanException.class)
                .hasMessageContaining("CAST it to TIMESTAMP");
        assertThatThrownBy(() -> eval("ts + INTERVAL '1' WEEK")).isInstanceOf(PlanException.class)
                .hasMessageContaining("MILLISECOND, SECOND, MINUTE, HOUR or DAY");
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        assertThat(eval("1 + 2 * 3")).isEqualTo(7);
        assertThat(eval("(1 + 2) * 3")).isEqualTo(9);
        assertThat(eval("10 - 4 - 3")).isEqualTo(3);
        assertThat(eval("100 / 10 / 5")).isEqualTo(2);
        assertThat(eval("7 - -2")).isEqualTo(9);
        assertThat(eval("- id * 2")).isEqualTo(-14);
        assertThat(eval("2 * 3 % 4")).isEqualTo(2);
    }

    @Test
    void comparisonsBindTighterThanNotThenAndThenOr() {
        assertThat(eval("TRUE OR FALSE AND FALSE")).isEqualTo(true);
        assertThat(eval("(TRUE OR FALSE) AND FALSE")).isEqualTo(false);
        assertThat(eval("NOT 1 = 2")).isEqualTo(true);
        assertThat(eval("NOT FALSE AND FALSE")).isEqualTo(false);
        assertThat(eval("1 + 1 = 2 AND 'a' || 'b' = 'ab'")).isEqualTo(true);
        assertThat(eval("id = 7 IS TRUE")).isEqualTo(true);
        assertThat(eval("id BETWEEN 1 AND 10 AND name LIKE 'A%'")).isEqualTo(true);
        assertThat(eval("NOT id IN (1, 2)")).isEqualTo(true);
    }

    @Test
    void keywordsAreCaseInsensitiveButColumnsAreCaseSensitive() {
        assertThat(eval("case when Id = 7 then 'x' else 'y' end".replace("Id", "id"))).isEqualTo("x");
        assertThat(eval("upper(name)")).isEqualTo("ALICE");
        assertThatThrownBy(() -> eval("NAME")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Unknown column 'NAME'").hasMessageContaining("Did you mean 'name'?");
    }

    @Test
    void backquotedNamesAndDottedColumnNames() {
        assertThat(eval("`name`")).isEqualTo("Alice");
        assertThat(eval("w.start")).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 0));
        assertThat(eval("`w.start`")).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 0));
        assertThat(eval("address.city")).isEqualTo("Paris");
        assertThat(eval("`address`.`zip` + 1")).isEqualTo(75002);
    }

    @Test
    void reservedWordsCanBeBackquotedColumnNames() {
        DataType input = DataTypes.ROW(DataTypes.FIELD("end", DataTypes.INT()), DataTypes.FIELD("date", DataTypes.INT()));
        Row row = Row.of(5, 6);
        assertThat(Rows.COMPILER.compile("`end` + 1", input).eval(row)).isEqualTo(6);
        assertThat(Rows.COMPILER.compile("date * 2", input).eval(row)).isEqualTo(12);
        assertThatThrownBy(() -> Rows.COMPILER.compile("end + 1", input)).isInstanceOf(PlanException.class)
                .hasMessageContaining("expected an expression but found 'end'");
    }

    @Test
    void nestedFieldOfNullRowIsNull() {
        assertThat(Rows.evalNulls("address.city")).isNull();
        assertThat(typeOf("address.zip")).isEqualTo(DataTypes.INT());
    }

    @Test
    void lineCommentsAndWhitespaceAreIgnored() {
        assertThat(eval("  id\n  + 1 -- plus one\n")).isEqualTo(8);
    }

    @Test
    void parseErrorsNamePositionAndExpectation() {
        assertThatThrownBy(() -> eval("id +")).isInstanceOf(PlanException.class)
                .hasMessage("Cannot parse 'id +' at position 4: expected an expression but found the end of the expression");
        assertThatThrownBy(() -> eval("(id + 1")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> eval("'open")).hasMessageContaining("unterminated string literal");
        assertThatThrownBy(() -> eval("id # 2")).hasMessageContaining("unexpected character '#'");
        assertThatThrownBy(() -> eval("id 2")).hasMessageContaining("expected the end of the expression but found '2'");
        assertThatThrownBy(() -> eval("CASE END")).hasMessageContaining("expected WHEN");
        assertThatThrownBy(() -> eval("id IS 5")).hasMessageContaining("NULL, TRUE or FALSE after IS");
        assertThatThrownBy(() -> eval("CAST(id AS NUMBERS)")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Unknown type 'NUMBERS' in 'CAST(id AS NUMBERS)'");
        assertThatThrownBy(() -> eval(" ")).isInstanceOf(PlanException.class).hasMessageContaining("empty");
    }

    @Test
    void selectItemsRequireAsForAliases() {
        assertThat(Rows.COMPILER.compileNamed("price * 2 AS doubled", Rows.INPUT, 0).name()).isEqualTo("doubled");
        assertThat(Rows.COMPILER.compileNamed("id as `my id`", Rows.INPUT, 0).name()).isEqualTo("my id");
        assertThatThrownBy(() -> Rows.COMPILER.compileNamed("price doubled", Rows.INPUT, 0))
                .isInstanceOf(PlanException.class).hasMessageContaining("write 'AS doubled' to name the column");
        assertThatThrownBy(() -> eval("id AS x")).isInstanceOf(PlanException.class);
    }

    @Test
    void unaliasedSelectItemsAreNamedAfterTheColumnOrByIndex() {
        assertThat(Rows.COMPILER.compileNamed("name", Rows.INPUT, 3).name()).isEqualTo("name");
        assertThat(Rows.COMPILER.compileNamed("`w.start`", Rows.INPUT, 3).name()).isEqualTo("w.start");
        assertThat(Rows.COMPILER.compileNamed("address.city", Rows.INPUT, 3).name()).isEqualTo("city");
        assertThat(Rows.COMPILER.compileNamed("id + 1", Rows.INPUT, 3).name()).isEqualTo("EXPR$3");
        assertThat(Rows.COMPILER.compileNamed("(name)", Rows.INPUT, 1).name()).isEqualTo("name");
    }

    @Test
    void compiledExpressionKeepsItsText() {
        CompiledExpression expression = Rows.COMPILER.compile("id  +  1", Rows.INPUT);
        assertThat(expression.sql()).isEqualTo("id  +  1");
        assertThat(expression.copy().eval(Rows.sample())).isEqualTo(8);
    }
}
