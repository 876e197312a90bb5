package dev.weir.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationPlanTest {
    private static final ExpressionCompiler COMPILER = ExpressionCompiler.create();
    private static final DataType ORDERS = DataTypes.ROW(
            DataTypes.FIELD("user", DataTypes.STRING().notNull()),
            DataTypes.FIELD("item", DataTypes.STRING()),
            DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("qty", DataTypes.INT()),
            DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)));
    private static final DataType WINDOW = DataTypes.ROW(
            DataTypes.FIELD("w.start", DataTypes.TIMESTAMP(3).notNull()),
            DataTypes.FIELD("w.end", DataTypes.TIMESTAMP(3).notNull()));

    @Test
    void windowedAggregationLaysOutKeysAggregatesThenWindowProperties() {
        AggregationPlan plan = COMPILER.compileAggregation(List.of("user"),
                List.of("user", "w.start", "`w.end` AS window_end", "COUNT(*) AS orders", "SUM(amount)",
                        "SUM(amount) / COUNT(*) AS mean", "MAX(qty) + 1"),
                ORDERS, WINDOW);

        assertThat(plan.keys()).extracting(CompiledExpression::sql).containsExactly("user");
        assertThat(plan.aggregates()).extracting(AggregateCall::sql)
                .containsExactly("COUNT(*)", "SUM(amount)", "MAX(qty)");
        assertThat(plan.intermediateType().fieldNames())
                .containsExactly("user", "$agg0", "$agg1", "$agg2", "w.start", "w.end");
        assertThat(plan.intermediateType().fieldType(1)).isEqualTo(DataTypes.BIGINT().notNull());
        assertThat(plan.intermediateType().fieldType(2)).isEqualTo(DataTypes.DECIMAL(38, 2));
        assertThat(plan.projection()).extracting(NamedExpression::name)
                .containsExactly("user", "w.start", "window_end", "orders", "EXPR$4", "mean", "EXPR$6");
        assertThat(plan.outputType()).isEqualTo(DataTypes.ROW(
                DataTypes.FIELD("user", DataTypes.STRING().notNull()),
                DataTypes.FIELD("w.start", DataTypes.TIMESTAMP(3).notNull()),
                DataTypes.FIELD("window_end", DataTypes.TIMESTAMP(3).notNull()),
                DataTypes.FIELD("orders", DataTypes.BIGINT().notNull()),
                DataTypes.FIELD("EXPR$4", DataTypes.DECIMAL(38, 2)),
                DataTypes.FIELD("mean", DataTypes.DECIMAL(38, 6)),
                DataTypes.FIELD("EXPR$6", DataTypes.INT())).notNull());

        LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
        Row intermediate = Row.of("alice", 4L, new BigDecimal("10.00"), 3, start, start.plusMinutes(5));
        assertThat(plan.projection()).extracting(p -> p.expression().eval(intermediate))
                .containsExactly("alice", start, start.plusMinutes(5), 4L, new BigDecimal("10.00"),
                        new BigDecimal("2.500000"), 4);
    }

    @Test
    void keysAreEvaluatedOnInputRowsAndAggregateArgumentsToo() {
        AggregationPlan plan = COMPILER.compileAggregation(List.of("UPPER(user)", "qty % 10"),
                List.of("UPPER(user) AS who", "qty % 10", "SUM(qty * 2)"), ORDERS, DataTypes.ROW());
        Row input = Row.of("bob", "x", new BigDecimal("1.00"), 13, null);
        assertThat(plan.keys()).extracting(k -> k.eval(input)).containsExactly("BOB", 3);
        assertThat(plan.aggregates().get(0).arguments().get(0).eval(input)).isEqualTo(26);
        assertThat(plan.intermediateType().fieldNames()).containsExactly("$key0", "$key1", "$agg0");
        Row intermediate = Row.of("BOB", 3, 26);
        assertThat(plan.projection()).extracting(p -> p.expression().eval(intermediate)).containsExactly("BOB", 3, 26);
        assertThat(plan.projection()).extracting(NamedExpression::name).containsExactly("who", "EXPR$1", "EXPR$2");
    }

    @Test
    void repeatedAggregatesAreComputedOnce() {
        AggregationPlan plan = COMPILER.compileAggregation(List.of(), List.of("SUM(qty) AS a", "sum(qty) * 2 AS b",
                "COUNT(DISTINCT item)", "COUNT(item)"), ORDERS, DataTypes.ROW());
        assertThat(plan.aggregates()).extracting(AggregateCall::sql).containsExactly("SUM(qty)", "COUNT(DISTINCT item)",
                "COUNT(item)");
        assertThat(plan.projection().get(1).expression().eval(Row.of(5, 1L, 2L))).isEqualTo(10);
    }

    @Test
    void anUngroupedColumnOutsideAnAggregateIsNamed() {
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of("user"), List.of("user", "item"), ORDERS,
                DataTypes.ROW()))
                .isInstanceOf(PlanException.class)
                .hasMessage("Column 'item' in 'item' is neither grouped nor inside an aggregate function. "
                        + "Add it to the GROUP BY or aggregate it, e.g. MAX(item)");
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of("user"), List.of("COUNT(*) + qty AS x"), ORDERS,
                DataTypes.ROW())).isInstanceOf(PlanException.class)
                .hasMessageStartingWith("Column 'qty' in 'COUNT(*) + qty AS x' is neither grouped");
    }

    @Test
    void unknownColumnsSuggestInputAndWindowColumns() {
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of("user"), List.of("w.strat"), ORDERS, WINDOW))
                .isInstanceOf(PlanException.class)
                .hasMessage("Unknown column 'w.strat' in 'w.strat'. Did you mean 'w.start'? "
                        + "Columns: user, item, amount, qty, ts, w.start, w.end");
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of("usr"), List.of("COUNT(*)"), ORDERS, WINDOW))
                .isInstanceOf(PlanException.class).hasMessageContaining("Did you mean 'user'?");
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of(), List.of("SUM(amout)"), ORDERS, WINDOW))
                .isInstanceOf(PlanException.class).hasMessageContaining("Unknown column 'amout' in 'SUM(amout)'");
    }

    @Test
    void aggregateMisuseIsAPlanError() {
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of(), List.of("SUM(COUNT(*))"), ORDERS, WINDOW))
                .isInstanceOf(PlanException.class).hasMessageContaining("cannot be nested");
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of("COUNT(*)"), List.of("COUNT(*)"), ORDERS, WINDOW))
                .isInstanceOf(PlanException.class).hasMessageContaining("not allowed in GROUP BY");
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of(), List.of("SUM(user)"), ORDERS, WINDOW))
                .isInstanceOf(PlanException.class)
                .hasMessage("Cannot apply 'SUM' to STRING in 'SUM(user)'. Expected SUM([DISTINCT] NUMERIC)");
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of(), List.of("SUM(*)"), ORDERS, WINDOW))
                .isInstanceOf(PlanException.class).hasMessageContaining("only COUNT(*) counts rows");
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of(), List.of("MAX(qty, 1)"), ORDERS, WINDOW))
                .isInstanceOf(PlanException.class).hasMessageContaining("takes 1 argument but got 2");
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of("user"), List.of("user", "COUNT(*) AS user"),
                ORDERS, WINDOW)).isInstanceOf(PlanException.class)
                .hasMessage("Duplicate output column 'user' in the select list; rename one with 'AS <name>': "
                        + "'COUNT(*) AS user'");
    }

    @Test
    void containsAggregate() {
        assertThat(COMPILER.containsAggregate("COUNT(*)")).isTrue();
        assertThat(COMPILER.containsAggregate("sum(x) + 1 AS total")).isTrue();
        assertThat(COMPILER.containsAggregate("CASE WHEN a THEN MAX(b) END")).isTrue();
        assertThat(COMPILER.containsAggregate("UPPER(name)")).isFalse();
        assertThat(COMPILER.containsAggregate("count")).isFalse();
        assertThatThrownBy(() -> COMPILER.containsAggregate("COUNT(")).isInstanceOf(PlanException.class);
    }

    /** A user scalar function TWICE (its result has its argument's type) and no user aggregates. */
    private static final UserFunctions TWICE = new UserFunctions() {
        @Override
        public boolean isScalar(String name) {
            return name.equals("TWICE");
        }

        @Override
        public boolean isAggregate(String name) {
            return false;
        }

        @Override
        public DataType scalarResultType(String name, List<DataType> argumentTypes, String sql) {
            return argumentTypes.get(0);
        }

        @Override
        public AggregateFunction<?> aggregate(String name, List<DataType> argumentTypes, String sql) {
            throw new IllegalArgumentException(name);
        }
    };

    @Test
    void userCallsInKeysAndAggregateArgumentsRunBeforeTheAggregation() {
        AggregationPlan plan = COMPILER.compileAggregation(List.of("twice(qty)"),
                List.of("twice(qty) AS k", "SUM(twice(twice(qty)) + 1) AS s", "MAX(twice(qty))"), ORDERS, DataTypes.ROW(),
                TWICE);

        // stage 1: twice(qty) once, though written three times; stage 2: the nested call
        assertThat(plan.inputCalls().stages()).extracting(stage -> stage.stream().map(UserCallPlan.Call::sql).toList())
                .containsExactly(List.of("twice(qty)"), List.of("twice(twice(qty))"));
        DataType widened = plan.inputCalls().stageTypes().get(1);
        assertThat(widened.fieldNames()).containsExactly("user", "item", "amount", "qty", "ts", "$f0", "$f1");
        assertThat(plan.keys()).extracting(CompiledExpression::sql).containsExactly("twice(qty)");
        assertThat(plan.aggregates()).extracting(AggregateCall::sql)
                .containsExactly("SUM(twice(twice(qty)) + 1)", "MAX(twice(qty))");
        Row input = Row.of("alice", null, null, 3, null, 6, 12);
        assertThat(plan.keys().get(0).eval(input)).isEqualTo(6);
        assertThat(plan.aggregates().get(0).arguments().get(0).eval(input)).isEqualTo(13);
        assertThat(plan.outputType().fieldNames()).containsExactly("k", "s", "EXPR$2");

        assertThat(COMPILER.compileAggregation(List.of("user"), List.of("COUNT(*)"), ORDERS, DataTypes.ROW(), TWICE)
                .inputCalls().hasCalls()).isFalse();
        assertThatThrownBy(() -> COMPILER.compileAggregation(List.of("user"), List.of("twice(SUM(qty))"), ORDERS,
                DataTypes.ROW(), TWICE)).isInstanceOf(PlanException.class)
                .hasMessageContaining("'twice(SUM(qty))' applies the user-defined function TWICE to grouped or "
                        + "aggregated values");
    }
}
