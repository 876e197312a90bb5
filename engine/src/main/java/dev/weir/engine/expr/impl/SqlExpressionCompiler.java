package dev.weir.engine.expr.impl;

import dev.weir.api.types.DataType;
import dev.weir.api.types.TypeRoot;
import dev.weir.engine.expr.AggregationPlan;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.expr.ExpressionCompiler;
import dev.weir.engine.expr.NamedExpression;
import dev.weir.engine.expr.PlanException;
import dev.weir.engine.expr.UserCallPlan;
import dev.weir.engine.expr.UserFunctions;
import java.util.List;
import java.util.Map;

/** The SQL expression compiler with Weir's built-in functions (see engine/README.md, "Expressions"). */
public final class SqlExpressionCompiler implements ExpressionCompiler {
    private static final SqlExpressionCompiler BUILT_IN = new SqlExpressionCompiler(Functions.builtIn());

    private final Functions functions;

    private SqlExpressionCompiler(Functions functions) {
        this.functions = functions;
    }

    public static SqlExpressionCompiler builtIn() {
        return BUILT_IN;
    }

    @Override
    public CompiledExpression compile(String sql, DataType inputRowType) {
        ParsedExpression parsed = Parser.parse(requireText(sql));
        return new Binder(parsed, new Scope.RowScope(requireRow(inputRowType)), functions, Map.of()).bindRoot();
    }

    @Override
    public NamedExpression compileNamed(String sql, DataType inputRowType, int index) {
        ParsedExpression parsed = Parser.parseSelectItem(requireText(sql));
        Evaluator evaluator = new Binder(parsed, new Scope.RowScope(requireRow(inputRowType)), functions, Map.of())
                .bindRoot();
        return new NamedExpression(outputName(parsed, evaluator, inputRowType, index), evaluator);
    }

    /** The alias; else a plain column's own name (a nested field's last name); else EXPR$index. */
    static String outputName(ParsedExpression parsed, Evaluator evaluator, DataType rowType, int index) {
        if (parsed.alias() != null) {
            return parsed.alias();
        }
        if (parsed.root() instanceof Node.Column column) {
            return evaluator instanceof Leaves.ColumnRef ref ? rowType.fieldNames().get(ref.index())
                    : column.parts().get(column.parts().size() - 1);
        }
        return "EXPR$" + index;
    }

    @Override
    public AggregationPlan compileAggregation(List<String> groupBy, List<String> select, DataType inputRowType,
                                              DataType extraColumns) {
        return compileAggregation(groupBy, select, inputRowType, extraColumns, UserFunctions.NONE);
    }

    @Override
    public AggregationPlan compileAggregation(List<String> groupBy, List<String> select, DataType inputRowType,
                                              DataType extraColumns, UserFunctions userFunctions) {
        return new AggregationPlanner(functions, requireRow(inputRowType), requireRow(extraColumns), userFunctions)
                .plan(groupBy, select);
    }

    @Override
    public UserCallPlan planUserCalls(List<String> expressions, boolean selectItems, int firstIndex, DataType inputRowType,
                                      UserFunctions userFunctions) {
        expressions.forEach(SqlExpressionCompiler::requireText);
        return new UserCallPlanner(functions, userFunctions).plan(expressions, selectItems, firstIndex,
                requireRow(inputRowType));
    }

    @Override
    public boolean containsAggregate(String sql) {
        return containsAggregate(sql, UserFunctions.NONE);
    }

    @Override
    public boolean containsAggregate(String sql, UserFunctions userFunctions) {
        return AggregationPlanner.containsAggregate(Parser.parseSelectItem(requireText(sql)).root(), userFunctions);
    }

    private static String requireText(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new PlanException("An expression is empty; expected SQL text such as 'price * 2'");
        }
        return sql;
    }

    private static DataType requireRow(DataType type) {
        if (type == null || type.root() != TypeRoot.ROW) {
            throw new IllegalArgumentException("Expressions compile against a ROW type, not " + type);
        }
        return type;
    }
}
