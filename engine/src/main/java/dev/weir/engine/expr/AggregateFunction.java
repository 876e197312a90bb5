package dev.weir.engine.expr;

import dev.weir.api.types.DataType;
import java.io.Serializable;

/**
 * A built-in aggregate (count, sum, min, max, avg, count distinct). Accumulators are Serializable,
 * because they are keyed state and go into checkpoints.
 *
 * @param <A> the accumulator
 */
public interface AggregateFunction<A extends Serializable> extends Serializable {
    DataType resultType();

    A createAccumulator();

    /** Adds one input row's argument values; returns the (possibly same) accumulator. */
    A accumulate(A accumulator, Object[] args);

    /** Removes a previously added row (for changelog input: -U and -D rows). */
    A retract(A accumulator, Object[] args);

    /** Combines two accumulators (session windows merging). */
    A merge(A left, A right);

    /** The current result; null when no rows were added where SQL says NULL (SUM of nothing). */
    Object getValue(A accumulator);

    /**
     * This aggregate for an input that never retracts, dropping state kept only to undo rows (MIN
     * and MAX keep one value instead of a count per distinct value). The planner asks for it when
     * the input is insert-only; {@link #retract} is then never called.
     */
    default AggregateFunction<?> forInsertOnlyInput() {
        return this;
    }

    /**
     * The instance one subtask of {@code operator} uses, before its first row. Built-ins hold no
     * resources and are shared; a Python aggregate gives each subtask its own worker.
     */
    default AggregateFunction<A> open(OperatorContext context) {
        return this;
    }

    /** Releases what {@link #open} acquired. */
    default void close() {
    }
}
