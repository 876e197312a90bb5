package dev.weir.engine.expr;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import java.io.Serializable;

/**
 * A parsed, type-checked expression bound to an input row type, ready to evaluate. Thread-confined:
 * the engine gives each subtask its own instance (compile again or {@link #copy()}).
 */
public interface CompiledExpression extends Serializable {
    /** The result type, nullability included. */
    DataType type();

    /** Evaluates on a row of the input type; null is SQL NULL. */
    Object eval(Row input);

    /** The SQL text it was compiled from, for plans and error messages. */
    String sql();

    /**
     * The input column this expression reads unchanged, or -1 when it computes a value. The planner
     * follows unique keys through projections with it.
     */
    default int inputColumn() {
        return -1;
    }

    /** An independent instance for another thread (stateless expressions may return this). */
    default CompiledExpression copy() {
        return this;
    }
}
