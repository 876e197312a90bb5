package dev.weir.engine.expr.impl;

import dev.weir.api.types.DataType;
import dev.weir.engine.expr.CompiledExpression;

/**
 * A node of a compiled expression tree. Types are resolved when the tree is built, so each subclass
 * evaluates one shape of operation on values of known Java classes without inspecting types per row.
 * Evaluators hold no mutable state, so {@link #copy()} returns the same instance.
 */
abstract class Evaluator implements CompiledExpression {
    private final DataType type;
    private String sql;

    /** @param type the result type; null only for the untyped NULL literal, which the binder resolves */
    Evaluator(DataType type, String sql) {
        this.type = type;
        this.sql = sql;
    }

    @Override
    public final DataType type() {
        return type;
    }

    @Override
    public final String sql() {
        return sql;
    }

    /** Names the root of a tree after the whole text the user wrote. */
    final Evaluator withSql(String text) {
        this.sql = text;
        return this;
    }

    /** True for literals: the binder folds operations on constants. */
    boolean isConstant() {
        return false;
    }

    @Override
    public String toString() {
        return sql;
    }
}
