package dev.weir.engine.expr;

import java.io.Serializable;
import java.util.List;

/**
 * One aggregate in a select list, e.g. {@code count(DISTINCT user)}: the function and its argument
 * expressions over the input row. {@code count(*)} has no arguments.
 */
public record AggregateCall(String sql, AggregateFunction<?> function, List<CompiledExpression> arguments,
                            boolean distinct) implements Serializable {
}
