package dev.weir.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compiled expressions can be shipped to other subtasks (serialized) and constants are folded. */
class CompiledFormTest {
    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void everyKindOfEvaluatorSurvivesSerialization() throws Exception {
        List<String> expressions = List.of("id % 2 = 0", "big + id > 3", "price * 2", "score / 2 < 1.5e0",
                "name LIKE 'A%c_'", "name LIKE name", "id IN (1, 2, 7)", "name IN ('Alice')", "id IN (big, 7)",
                "CASE WHEN flag THEN UPPER(name) ELSE LOWER(name) END", "CAST(CAST(id AS STRING) AS INT) IS NULL",
                "TRY_CAST(name AS DATE)", "DATE_FORMAT(ts, 'yyyy/MM/dd')", "TO_TIMESTAMP('01.02.2024', 'dd.MM.yyyy')",
                "EXTRACT(DOW FROM ts)", "ts + INTERVAL '1' HOUR", "JSON_OBJECT('a' VALUE id, 'b' VALUE name)",
                "COALESCE(big, 1)", "SUBSTRING(TRIM(name), 2)", "ROUND(price, 1)", "SQRT(score)", "address.city",
                "NOT flag OR id BETWEEN 1 AND 9");
        Row row = Rows.sample();
        for (String sql : expressions) {
            CompiledExpression expression = Rows.COMPILER.compile(sql, Rows.INPUT);
            CompiledExpression copy = (CompiledExpression) roundTrip(expression);
            assertThat(copy.eval(row)).as(sql).isEqualTo(expression.eval(row));
            assertThat(copy.sql()).isEqualTo(sql);
            assertThat(copy.type()).isEqualTo(expression.type());
        }
    }

    @Test
    void aggregationPlansSurviveSerialization() throws Exception {
        AggregationPlan plan = Rows.COMPILER.compileAggregation(List.of("name"),
                List.of("name", "COUNT(DISTINCT id) AS n", "MAX(price)"), Rows.INPUT, DataTypes.ROW());
        AggregationPlan copy = (AggregationPlan) roundTrip(plan);
        assertThat(copy.outputType()).isEqualTo(plan.outputType());
        assertThat(copy.keys().get(0).eval(Rows.sample())).isEqualTo("Alice");
        assertThat(copy.projection().get(1).expression().eval(Row.of("Alice", 3L, null))).isEqualTo(3L);
    }

    @Test
    void constantSubexpressionsAreFoldedWhenCompiling() {
        CompiledExpression folded = Rows.COMPILER.compile("1 + 2 * 3", Rows.INPUT);
        assertThat(folded.eval(null)).isEqualTo(7);
        CompiledExpression mixed = Rows.COMPILER.compile("id + (2 * 3)", Rows.INPUT);
        assertThat(mixed.eval(Rows.sample())).isEqualTo(13);
        CompiledExpression upper = Rows.COMPILER.compile("UPPER('abc') || '!'", Rows.INPUT);
        assertThat(upper.eval(null)).isEqualTo("ABC!");
    }

    @Test
    void hotFilterShapesCompileToSingleFusedNodes() {
        assertThat(Rows.COMPILER.compile("big % 2 = 0", Rows.INPUT).getClass().getSimpleName())
                .isEqualTo("ColumnArithmeticComparison");
        assertThat(Rows.COMPILER.compile("0 = id % 2", Rows.INPUT).getClass().getSimpleName())
                .isEqualTo("ColumnArithmeticComparison");
        assertThat(Rows.COMPILER.compile("id > 5", Rows.INPUT).getClass().getSimpleName())
                .isEqualTo("LongColumnComparisonWithConstant");
        assertThat(Rows.COMPILER.compile("big * 3", Rows.INPUT).getClass().getSimpleName())
                .isEqualTo("ColumnWithConstant");
        Row row = Rows.sample();
        row.setField(1, 9L);
        assertThat(Rows.COMPILER.compile("big % 2 = 0", Rows.INPUT).eval(row)).isEqualTo(false);
        assertThat(Rows.COMPILER.compile("big % 2 = 1", Rows.INPUT).eval(row)).isEqualTo(true);
        assertThat(Rows.COMPILER.compile("big % 2 = 0", Rows.INPUT).eval(Rows.nulls())).isNull();
    }

    @Test
    void constantFailuresAreReportedWhenEvaluatedNotWhenCompiling() {
        CompiledExpression expression = Rows.COMPILER.compile("CASE WHEN id > 100 THEN 1 / 0 ELSE 0 END", Rows.INPUT);
        assertThat(expression.eval(Rows.sample())).isEqualTo(0);
    }

    @Test
    void copiesEvaluateIndependently() {
        CompiledExpression expression = Rows.COMPILER.compile("name LIKE name || '%'", Rows.INPUT);
        CompiledExpression copy = expression.copy();
        assertThat(copy.eval(Rows.sample())).isEqualTo(true);
        assertThat(expression.eval(Rows.nulls())).isNull();
    }
}
