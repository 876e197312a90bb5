package dev.weir.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ValidationException;
import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every compile-time error is a PlanException quoting the expression. */
class PlanErrorsTest {
    private static final DataType PRODUCTS = DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT()),
            DataTypes.FIELD("name", DataTypes.STRING()),
            DataTypes.FIELD("price", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())),
            DataTypes.FIELD("data", DataTypes.BYTES()));

    private static void assertPlanError(String sql, String message) {
        assertThatThrownBy(() -> ExpressionCompiler.create().compile(sql, PRODUCTS))
                .isInstanceOf(PlanException.class).isInstanceOf(ValidationException.class).hasMessage(message);
    }

    @Test
    void unknownColumnSuggestsTheClosestAndListsAll() {
        assertPlanError("pricee * 2",
                "Unknown column 'pricee' in 'pricee * 2'. Did you mean 'price'? Columns: id, name, price, tags, data");
    }

    @Test
    void unknownColumnWithoutACloseMatchOnlyListsColumns() {
        assertPlanError("quantity > 1", "Unknown column 'quantity' in 'quantity > 1'. Columns: id, name, price, tags, data");
    }

    @Test
    void unknownNestedField() {
        assertPlanError("name.first", "Cannot access field 'first' of 'name' of type STRING in 'name.first': it is not a ROW");
        DataType nested = DataTypes.ROW(DataTypes.FIELD("address",
                DataTypes.ROW(DataTypes.FIELD("city", DataTypes.STRING()))));
        assertThatThrownBy(() -> ExpressionCompiler.create().compile("address.cty", nested))
                .hasMessage("Unknown field 'cty' of 'address' in 'address.cty'. Did you mean 'city'? Fields: city");
    }

    @Test
    void unknownFunctionSuggestsTheClosest() {
        assertPlanError("UPPPER(name)", "Unknown function 'UPPPER' in 'UPPPER(name)'. Did you mean 'UPPER'?");
        assertPlanError("FROBNICATE(name)", "Unknown function 'FROBNICATE' in 'FROBNICATE(name)'.");
        assertPlanError("COUNTT(name)", "Unknown function 'COUNTT' in 'COUNTT(name)'. Did you mean 'COUNT'?");
    }

    @Test
    void operatorTypeMismatch() {
        assertPlanError("name + 1", "Cannot apply '+' to STRING and INT in 'name + 1'");
        assertPlanError("-name", "Cannot apply '-' to STRING in '-name'");
        assertPlanError("name = 1", "Cannot apply '=' to STRING and INT in 'name = 1'");
        assertPlanError("price < 'x'", "Cannot apply '<' to DECIMAL(10, 2) and STRING in 'price < 'x''");
        assertPlanError("data < data", "Cannot apply '<' to BYTES and BYTES in 'data < data'");
        assertPlanError("name || 1", "Cannot apply '||' to STRING and INT in 'name || 1'");
        assertPlanError("id AND TRUE",
                "Cannot apply 'AND' to BIGINT in 'id AND TRUE'. Expected BOOLEAN, but 'id' is BIGINT");
        assertPlanError("NOT name", "Cannot apply 'NOT' to STRING in 'NOT name'. Expected BOOLEAN, but 'name' is STRING");
        assertPlanError("name IS TRUE",
                "Cannot apply 'IS TRUE' to STRING in 'name IS TRUE'. Expected BOOLEAN, but 'name' is STRING");
        assertPlanError("CASE WHEN id THEN 1 END",
                "Cannot apply 'CASE WHEN' to BIGINT in 'CASE WHEN id THEN 1 END'. Expected BOOLEAN, but 'id' is BIGINT");
        assertPlanError("CASE WHEN id > 1 THEN 1 ELSE 'x' END",
                "Cannot apply 'CASE' to INT and STRING in 'CASE WHEN id > 1 THEN 1 ELSE 'x' END'");
        assertPlanError("TIMESTAMP '2024-01-01 00:00:00' > DATE '2024-01-01' + 1",
                "Cannot apply '+' to DATE and INT in 'TIMESTAMP '2024-01-01 00:00:00' > DATE '2024-01-01' + 1'");
    }

    @Test
    void equalityOnUnorderedTypesIsAllowedButOrderingIsNot() {
        assertThat(ExpressionCompiler.create().compile("tags = tags", PRODUCTS).type())
                .isEqualTo(DataTypes.BOOLEAN());
        assertPlanError("tags > tags", "Cannot apply '>' to ARRAY<STRING> and ARRAY<STRING> in 'tags > tags'");
    }

    @Test
    void functionArityAndArgumentTypes() {
        assertPlanError("SUBSTRING(name)",
                "Function SUBSTRING takes 2 to 3 arguments but got 1 in 'SUBSTRING(name)'. Expected "
                        + "SUBSTRING(STRING, INT[, INT]) or SUBSTRING(STRING FROM INT [FOR INT])");
        assertPlanError("UPPER(name, name)",
                "Function UPPER takes 1 argument but got 2 in 'UPPER(name, name)'. Expected UPPER(STRING)");
        assertPlanError("UPPER(id)", "Cannot apply 'UPPER' to BIGINT in 'UPPER(id)'. Expected UPPER(STRING)");
        assertPlanError("COALESCE(name, id)", "Cannot apply 'COALESCE' to STRING and BIGINT in 'COALESCE(name, id)'");
        assertPlanError("IF(name, 1, 2)",
                "Cannot apply 'IF' to STRING in 'IF(name, 1, 2)'. Expected BOOLEAN, but 'name' is STRING");
        assertPlanError("UPPER(DISTINCT name)",
                "UPPER is not an aggregate function, so it takes neither DISTINCT nor * in 'UPPER(DISTINCT name)'");
    }

    @Test
    void aggregatesOutsideAGroupingAreRejected() {
        assertPlanError("SUM(price) + 1", "Aggregate function SUM is not allowed here; aggregates belong in the select "
                + "list of a grouped aggregation in 'SUM(price) + 1'");
    }

    @Test
    void untypedNullNeedsACast() {
        assertPlanError("NULL", "Cannot infer the type of NULL; write CAST(NULL AS <type>) in 'NULL'");
        assertPlanError("NULL + NULL", "Cannot infer the type of NULL + NULL in 'NULL + NULL'");
        assertPlanError("COALESCE(NULL, NULL)",
                "Cannot infer the type of COALESCE when all its values are NULL in 'COALESCE(NULL, NULL)'");
    }

    @Test
    void unsupportedCast() {
        assertPlanError("CAST(tags AS STRING)", "Cannot cast ARRAY<STRING> to STRING in 'CAST(tags AS STRING)'");
    }

    @Test
    void stringLiteralComparedWithATemporalValueMustParse() {
        DataType events = DataTypes.ROW(DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)));
        assertThatThrownBy(() -> ExpressionCompiler.create().compile("ts > 'yesterday'", events))
                .isInstanceOf(PlanException.class)
                .hasMessage("Cannot read 'yesterday' as TIMESTAMP(3) in 'ts > 'yesterday''");
    }

    @Test
    void booleanCheckHelperNamesTheExpressionAndType() {
        CompiledExpression expression = ExpressionCompiler.create().compile("id + 1", PRODUCTS);
        assertThatThrownBy(() -> ExpressionChecks.requireBoolean(expression, "Filter condition"))
                .isInstanceOf(PlanException.class)
                .hasMessage("Filter condition 'id + 1' must be BOOLEAN but is BIGINT");
        CompiledExpression condition = ExpressionCompiler.create().compile("id > 1", PRODUCTS);
        assertThat(ExpressionChecks.requireBoolean(condition, "Filter condition")).isSameAs(condition);
    }

    @Test
    void nestingPastTheLimitIsRefusedWithItsPosition() {
        String parentheses = "(".repeat(20_000) + "id" + ")".repeat(20_000) + " > 0";
        assertThatThrownBy(() -> ExpressionCompiler.create().compile(parentheses, PRODUCTS)).isInstanceOf(PlanException.class)
                .hasMessage("Cannot parse '" + "(".repeat(60) + "...' at position 500: the expression nests deeper than 500"
                        + " levels (parentheses, operators and function arguments)");
        String chain = "id" + " + 1".repeat(20_000);
        assertThatThrownBy(() -> ExpressionCompiler.create().compile(chain, PRODUCTS)).isInstanceOf(PlanException.class)
                .hasMessageContaining("at position 1997: the expression nests deeper than 500 levels");
    }

    @Test
    void expressionsAtTheNestingLimitCompileAndEvaluateOnATaskThread() throws Exception {
        // a level per operator or call and one for the innermost operand: 500 in all, the limit
        CompiledExpression chain = ExpressionCompiler.create().compile("id" + " + 1".repeat(498), PRODUCTS);
        CompiledExpression calls = ExpressionCompiler.create().compile("ABS(".repeat(499) + "id" + ")".repeat(499), PRODUCTS);
        Row row = Row.of(-1L, "pen", null, null, null);
        // subtasks evaluate on threads with the default stack size
        CompletableFuture<List<Object>> results = new CompletableFuture<>();
        Thread task = new Thread(() -> results.complete(List.of(chain.eval(row), calls.eval(row))));
        task.start();
        assertThat(results.get()).containsExactly(497L, 1L);
    }

    @Test
    void expressionsOverTheLengthLimitAreRefusedNamingIt() {
        String huge = "id" + " + id".repeat(100_000);
        assertThatThrownBy(() -> ExpressionCompiler.create().compile(huge, PRODUCTS)).isInstanceOf(PlanException.class)
                .hasMessage("Cannot parse '" + "id + ".repeat(12) + "...': the expression is "
                        + huge.length() + " characters long; the limit is 100000.");
    }
}
