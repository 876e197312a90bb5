package dev.weir.engine.python;

import dev.weir.api.types.DataType;
import dev.weir.engine.expr.CompiledExpression;
import java.io.Serializable;
import java.util.List;

/**
 * One Python function call of an operator: its argument expressions (evaluated in Java over the
 * operator's input row, batched as columns), its result type (a ROW for a table function) and its
 * description for the worker's init frame ({@link PythonFunctions#callJson}).
 */
public record PythonCall(String function, List<CompiledExpression> arguments, DataType resultType, String callJson)
        implements Serializable {
    public PythonCall {
        arguments = List.copyOf(arguments);
    }
}
