package dev.weir.engine.expr;

import dev.weir.api.types.DataType;
import java.io.Serializable;
import java.util.List;

/**
 * Expressions with their user-defined scalar calls split out. {@code stages} run in order: each
 * call's arguments are compiled over the row its stage receives, and each stage appends one column
 * per call (named {@code $f<n>}), giving {@code stageTypes.get(i)}. {@code items} are the original
 * expressions compiled over the last stage's row, with the calls replaced by those columns.
 */
public record UserCallPlan(List<List<Call>> stages, List<DataType> stageTypes, List<NamedExpression> items)
        implements Serializable {
    /** One call: the function's name (upper case), its arguments and result type, and its SQL text. */
    public record Call(String name, List<CompiledExpression> arguments, DataType resultType, String sql)
            implements Serializable {
    }

    public boolean hasCalls() {
        return !stages.isEmpty();
    }
}
