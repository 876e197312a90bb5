package dev.weir.engine.expr;

import java.io.Serializable;
import java.util.List;

/**
 * One aggregate in a select list, e.g. {@code count(DISTINCT user)}: the function and its argument
 * expressions over the input row. {@code count(*)} has no arguments.
 *
 * <p>The function of a DISTINCT call already applies DISTINCT (it counts rows per distinct value, so
 * retraction works), so {@code distinct} is informational: callers feed it every row.
 */
public record AggregateCall(String sql, AggregateFunction<?> function, List<CompiledExpression> arguments,
                            boolean distinct) implements Serializable {
}
