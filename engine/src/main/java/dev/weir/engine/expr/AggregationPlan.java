package dev.weir.engine.expr;

import dev.weir.api.types.DataType;
import java.io.Serializable;
import java.util.List;

/**
 * A grouped aggregation split into its parts:
 * <ol>
 *   <li>{@code keys}: the group-by expressions over the input row;</li>
 *   <li>{@code aggregates}: the aggregate calls found in the select list;</li>
 *   <li>{@code projection}: the select list rewritten over an intermediate row laid out as
 *       [key values..., aggregate results..., extra columns...] (extra columns carry window
 *       properties such as {@code w.start});</li>
 *   <li>{@code outputType}: the ROW type the projection produces;</li>
 *   <li>{@code inputCalls}: user-defined scalar calls in the keys and aggregate arguments
 *       ({@code SUM(f(x))}), whose stages run before the aggregation and append their results to
 *       the input row; keys and arguments read those columns. No stages without such calls.</li>
 * </ol>
 */
public record AggregationPlan(List<CompiledExpression> keys, List<AggregateCall> aggregates,
                              List<NamedExpression> projection, DataType intermediateType, DataType outputType,
                              UserCallPlan inputCalls) implements Serializable {
    /** The same plan for an input that never retracts (see {@link AggregateFunction#forInsertOnlyInput()}). */
    public AggregationPlan forInsertOnlyInput() {
        List<AggregateCall> calls = aggregates.stream().map(a -> new AggregateCall(a.sql(),
                a.function().forInsertOnlyInput(), a.arguments(), a.distinct())).toList();
        return new AggregationPlan(keys, calls, projection, intermediateType, outputType, inputCalls);
    }
}
