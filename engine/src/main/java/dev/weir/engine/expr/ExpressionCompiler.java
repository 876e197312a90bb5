package dev.weir.engine.expr;

import dev.weir.api.types.DataType;
import java.util.List;

/**
 * Compiles SQL expression text (a Flink SQL subset, see engine/README.md) against an input ROW type.
 * Every error is a {@link PlanException} naming the expression.
 */
public interface ExpressionCompiler {
    /** The compiler with Weir's built-in functions. */
    static ExpressionCompiler create() {
        return dev.weir.engine.expr.impl.SqlExpressionCompiler.builtIn();
    }

    CompiledExpression compile(String sql, DataType inputRowType);

    /**
     * A select-list item, optionally with {@code AS name}. Without an alias, a plain column keeps its
     * name and anything else is named {@code EXPR$<index>}.
     */
    NamedExpression compileNamed(String sql, DataType inputRowType, int index);

    /**
     * Plans a grouped aggregation.
     *
     * @param groupBy group-by expressions (column names, usually)
     * @param select the select list; may mix group keys, aggregates and arithmetic over them
     * @param extraColumns a ROW type of columns available to the select list after aggregation
     *                     (window properties: {@code w.start}, {@code w.end}, {@code w.rowtime}); empty ROW if none
     */
    AggregationPlan compileAggregation(List<String> groupBy, List<String> select, DataType inputRowType,
                                       DataType extraColumns);

    /** As above, with the job's user-defined aggregate functions available to the select list. */
    AggregationPlan compileAggregation(List<String> groupBy, List<String> select, DataType inputRowType,
                                       DataType extraColumns, UserFunctions userFunctions);

    /** True when the text contains an aggregate call (so a select list needs a grouping). */
    boolean containsAggregate(String sql);

    /** True when the text contains a built-in or a user-defined aggregate call. */
    boolean containsAggregate(String sql, UserFunctions userFunctions);

    /**
     * Splits calls of user-defined scalar functions out of select items ({@code selectItems}, with
     * optional {@code AS name}; unnamed ones are {@code EXPR$<firstIndex + i>}) or of plain
     * expressions; see {@link UserCallPlan}. Without such calls the plan has no stages.
     */
    UserCallPlan planUserCalls(List<String> expressions, boolean selectItems, int firstIndex, DataType inputRowType,
                               UserFunctions userFunctions);
}
