package dev.weir.engine.expr;

import static dev.weir.engine.expr.Rows.eval;
import static dev.weir.engine.expr.Rows.evalNulls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorsTest {
    @Test
    void integerArithmeticIsIntegerArithmetic() {
        assertThat(eval("id + 1")).isEqualTo(8);
        assertThat(eval("id - 10")).isEqualTo(-3);
        assertThat(eval("id * 3")).isEqualTo(21);
        assertThat(eval("id / 2")).isEqualTo(3);
        assertThat(eval("-id / 2")).isEqualTo(-3);
        assertThat(eval("id % 4")).isEqualTo(3);
        assertThat(eval("-7 % 4")).isEqualTo(-3);
        assertThat(eval("big + id")).isEqualTo(10_000_000_007L);
        assertThat(eval("2147483647 + id")).isEqualTo(Integer.MIN_VALUE + 6);
    }

    @Test
    void smallIntegerArithmeticKeepsTheWiderOperandType() {
        assertThat(eval("tiny + tiny")).isEqualTo((byte) 6);
        assertThat(eval("small * tiny")).isEqualTo((short) 900);
        assertThat(eval("tiny + id")).isEqualTo(10);
    }

    @Test
    void moduloTakesTheDivisorsTypeAndComputesOnTheFullDividend() {
        assertThat(eval("big % 3")).isEqualTo(1);
        assertThat(eval("MOD(big, 7)")).isEqualTo((int) (10_000_000_000L % 7));
        assertThat(eval("id % big")).isEqualTo(7L);
    }

    @Test
    void approximateArithmetic() {
        assertThat(eval("score * 2")).isEqualTo(5.0);
        assertThat(eval("id / 2.0e0")).isEqualTo(3.5);
        assertThat(eval("ratio + ratio")).isEqualTo(3.0f);
        assertThat(eval("ratio * 2")).isEqualTo(3.0f);
        assertThat(eval("ratio + score")).isEqualTo(4.0);
        assertThat(eval("score / 0")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void decimalArithmeticFollowsFlinkPrecisionAndScale() {
        assertThat(eval("price + 1")).isEqualTo(new BigDecimal("13.50"));
        assertThat(eval("price - 0.125")).isEqualTo(new BigDecimal("12.375"));
        assertThat(eval("price * price")).isEqualTo(new BigDecimal("156.2500"));
        assertThat(eval("price / 4")).isEqualTo(new BigDecimal("3.1250000000000"));
        assertThat(eval("price % 5")).isEqualTo(new BigDecimal("2.50"));
        assertThat(eval("price * 2.0e0")).isEqualTo(25.0);
        assertThat(eval("-price")).isEqualTo(new BigDecimal("-12.50"));
        assertThat(eval("1.0 / 3")).isEqualTo(new BigDecimal("0.333333333333"));
    }

    @Test
    void divisionByZeroIsARuntimeErrorNamingTheExpression() {
        assertThatThrownBy(() -> eval("id / (id - 7)")).isInstanceOf(EvaluationException.class)
                .hasMessage("Division by zero in 'id / (id - 7)'");
        assertThatThrownBy(() -> eval("big % 0")).isInstanceOf(EvaluationException.class);
        assertThatThrownBy(() -> eval("price / 0")).isInstanceOf(EvaluationException.class);
    }

    @Test
    void arithmeticWithNullIsNull() {
        assertThat(evalNulls("big + 1")).isNull();
        assertThat(evalNulls("1 - big")).isNull();
        assertThat(evalNulls("price * 2")).isNull();
        assertThat(evalNulls("score / 2")).isNull();
        assertThat(evalNulls("-big")).isNull();
        assertThat(eval("id + NULL")).isNull();
        assertThat(evalNulls("big / 0")).isNull();
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "id = 7, true", "id <> 7, false", "id != 8, true", "id < 8, true", "id <= 7, true", "id > 7, false",
        "id >= 8, false", "8 > id, true", "7 <= id, true", "big > id, true", "score = 2.5, true",
        "price = 12.5, true", "price > 12.49, true", "price < score, false", "name = 'Alice', true",
        "name < 'Bob', true", "name > 'alice', false", "flag = TRUE, true", "FALSE < TRUE, true",
        "day = DATE '2024-01-31', true", "day < ts, true", "ts > '2024-01-31 12:00:00', true",
        "day = '2024-01-31', true", "clock < TIME '09:00:00', true", "tiny < small, true",
        "ratio = 1.5, true", "address = address, true"})
    void comparisons(String sql, boolean expected) {
        assertThat(eval(sql)).isEqualTo(expected);
    }

    @Test
    void comparisonsWithNullAreNull() {
        assertThat(evalNulls("big = 1")).isNull();
        assertThat(evalNulls("name <> 'x'")).isNull();
        assertThat(evalNulls("score < 1")).isNull();
        assertThat(evalNulls("1 < big")).isNull();
        assertThat(evalNulls("big = big")).isNull();
        assertThat(eval("id = NULL")).isNull();
        assertThat(eval("NULL = NULL")).isNull();
    }

    @Test
    void andOrNotUseThreeValuedLogic() {
        assertThat(evalNulls("flag AND FALSE")).isEqualTo(false);
        assertThat(evalNulls("FALSE AND flag")).isEqualTo(false);
        assertThat(evalNulls("flag AND TRUE")).isNull();
        assertThat(evalNulls("flag OR TRUE")).isEqualTo(true);
        assertThat(evalNulls("TRUE OR flag")).isEqualTo(true);
        assertThat(evalNulls("flag OR FALSE")).isNull();
        assertThat(evalNulls("NOT flag")).isNull();
        assertThat(eval("NOT flag")).isEqualTo(false);
        assertThat(eval("flag AND id > 3")).isEqualTo(true);
        assertThat(eval("NULL AND FALSE")).isEqualTo(false);
        assertThat(eval("NULL OR FALSE")).isNull();
    }

    @Test
    void isTests() {
        assertThat(evalNulls("name IS NULL")).isEqualTo(true);
        assertThat(evalNulls("name IS NOT NULL")).isEqualTo(false);
        assertThat(eval("name IS NULL")).isEqualTo(false);
        assertThat(eval("flag IS TRUE")).isEqualTo(true);
        assertThat(evalNulls("flag IS TRUE")).isEqualTo(false);
        assertThat(evalNulls("flag IS NOT TRUE")).isEqualTo(true);
        assertThat(evalNulls("flag IS FALSE")).isEqualTo(false);
        assertThat(evalNulls("flag IS NOT FALSE")).isEqualTo(true);
        assertThat(eval("flag IS NOT FALSE")).isEqualTo(true);
        assertThat(eval("flag IS FALSE")).isEqualTo(false);
        assertThat(eval("NULL IS NULL")).isEqualTo(true);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "'Alice' LIKE 'A%', true", "'Alice' LIKE '%ce', true", "'Alice' LIKE '%lic%', true",
        "'Alice' LIKE 'Alice', true", "'Alice' LIKE 'alice', false", "'Alice' LIKE 'A_ice', true",
        "'Alice' LIKE 'A_ce', false", "'Alice' LIKE '%', true", "'' LIKE '%', true", "'Alice' LIKE '', false",
        "'Alice' LIKE 'A%e', true", "'Alice' LIKE 'A%x', false", "'a.c' LIKE 'a.c', true", "'abc' LIKE 'a.c', false",
        "'Alice' NOT LIKE 'B%', true", "'100%' LIKE '100!%' ESCAPE '!', true", "'1000' LIKE '100!%' ESCAPE '!', false",
        "'a_b' LIKE 'a!_%' ESCAPE '!', true", "'line1\\nline2' LIKE 'line1%', true", "'(x)' LIKE '(%)', true"})
    void like(String sql, boolean expected) {
        assertThat(eval(sql.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @Test
    void likeWithColumnsAndNulls() {
        assertThat(eval("name LIKE 'Al%'")).isEqualTo(true);
        assertThat(eval("'Alice' LIKE name")).isEqualTo(true);
        assertThat(eval("'Alice and Bob' LIKE name || '%'")).isEqualTo(true);
        assertThat(evalNulls("name LIKE 'A%'")).isNull();
        assertThat(evalNulls("'A' LIKE name")).isNull();
        assertThatThrownBy(() -> eval("id LIKE 'A%'")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Cannot apply 'LIKE' to INT and STRING");
        assertThatThrownBy(() -> eval("name LIKE 'a' ESCAPE 'xy'")).isInstanceOf(PlanException.class)
                .hasMessageContaining("single-character");
    }

    @Test
    void between() {
        assertThat(eval("id BETWEEN 7 AND 8")).isEqualTo(true);
        assertThat(eval("id BETWEEN 8 AND 9")).isEqualTo(false);
        assertThat(eval("id NOT BETWEEN 8 AND 9")).isEqualTo(true);
        assertThat(eval("price BETWEEN 10 AND 12.5")).isEqualTo(true);
        assertThat(eval("name BETWEEN 'A' AND 'B'")).isEqualTo(true);
        assertThat(eval("ts BETWEEN DATE '2024-01-31' AND DATE '2024-02-01'")).isEqualTo(true);
        assertThat(evalNulls("big BETWEEN 1 AND 2")).isNull();
        assertThat(eval("id BETWEEN 8 AND NULL")).isEqualTo(false);
        assertThat(eval("id BETWEEN 1 AND NULL")).isNull();
        assertThatThrownBy(() -> eval("id BETWEEN 'a' AND 'b'")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Cannot apply 'BETWEEN' to INT, STRING and STRING");
    }

    @Test
    void inLists() {
        assertThat(eval("id IN (1, 7, 9)")).isEqualTo(true);
        assertThat(eval("id IN (1, 2)")).isEqualTo(false);
        assertThat(eval("id NOT IN (1, 2)")).isEqualTo(true);
        assertThat(eval("big IN (10000000000, 1)")).isEqualTo(true);
        assertThat(eval("id IN (7.0, 8.5)")).isEqualTo(true);
        assertThat(eval("name IN ('Bob', 'Alice')")).isEqualTo(true);
        assertThat(eval("name NOT IN ('Bob', 'Alice')")).isEqualTo(false);
        assertThat(eval("day IN (DATE '2024-01-31')")).isEqualTo(true);
        assertThat(eval("day IN ('2024-01-30', '2024-01-31')")).isEqualTo(true);
        assertThat(eval("id IN (big, id + 0)")).isEqualTo(true);
        assertThat(eval("score IN (2.5e0, 3)")).isEqualTo(true);
    }

    @Test
    void inListsWithNullFollowSql() {
        assertThat(eval("id IN (1, NULL)")).isNull();
        assertThat(eval("id IN (7, NULL)")).isEqualTo(true);
        assertThat(eval("id NOT IN (1, NULL)")).isNull();
        assertThat(evalNulls("big IN (1, 2)")).isNull();
        assertThat(eval("name IN ('x', NULL)")).isNull();
        assertThat(eval("id IN (big, NULL)")).isNull();
        assertThat(evalNulls("id IN (big, 1)")).isEqualTo(true);
        assertThat(evalNulls("id IN (big, 2)")).isNull();
        assertThatThrownBy(() -> eval("id IN (1, 'a')")).isInstanceOf(PlanException.class)
                .hasMessageContaining("Cannot apply 'IN' to INT, INT and STRING");
    }

    @Test
    void caseExpressions() {
        assertThat(eval("CASE WHEN id > 5 THEN 'big' WHEN id > 2 THEN 'mid' ELSE 'small' END")).isEqualTo("big");
        assertThat(eval("CASE WHEN id > 50 THEN 'big' WHEN id > 2 THEN 'mid' ELSE 'small' END")).isEqualTo("mid");
        assertThat(eval("CASE WHEN id > 50 THEN 'big' END")).isNull();
        assertThat(eval("CASE id WHEN 1 THEN 'one' WHEN 7 THEN 'seven' END")).isEqualTo("seven");
        assertThat(eval("CASE id WHEN 1 THEN 'one' ELSE 'other' END")).isEqualTo("other");
        assertThat(evalNulls("CASE WHEN flag THEN 1 ELSE 2 END")).isEqualTo(2);
        assertThat(evalNulls("CASE big WHEN NULL THEN 1 ELSE 2 END")).isEqualTo(2);
        assertThat(eval("CASE WHEN id = 7 THEN 1 ELSE 2.5 END")).isEqualTo(new BigDecimal("1.0"));
        assertThat(eval("CASE WHEN id = 7 THEN big ELSE id END")).isEqualTo(10_000_000_000L);
        assertThat(eval("CASE WHEN id = 8 THEN big ELSE id END")).isEqualTo(7L);
        assertThat(eval("CASE WHEN TRUE THEN name END")).isEqualTo("Alice");
        assertThat(eval("CASE WHEN FALSE THEN 1 ELSE NULL END")).isNull();
    }

    @Test
    void concatenation() {
        assertThat(eval("name || '-' || name")).isEqualTo("Alice-Alice");
        assertThat(evalNulls("name || 'x'")).isNull();
        assertThat(eval("'a' || NULL")).isNull();
    }
}
