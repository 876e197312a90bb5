package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;

/**
 * A binary operation that is NULL when either operand is NULL, as most SQL operators are. The
 * right operand is not evaluated when the left one is NULL.
 */
abstract class StrictBinaryEvaluator extends Evaluator {
    private final Evaluator left;
    private final Evaluator right;

    StrictBinaryEvaluator(Evaluator left, Evaluator right, DataType type, String sql) {
        super(type, sql);
        this.left = left;
        this.right = right;
    }

    @Override
    public final Object eval(Row input) {
        Object a = left.eval(input);
        if (a == null) {
            return null;
        }
        Object b = right.eval(input);
        if (b == null) {
            return null;
        }
        return combine(a, b);
    }

    /** The result for two non-NULL operands. */
    abstract Object combine(Object a, Object b);
}
