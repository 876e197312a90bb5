package dev.weir.engine.expr;

import dev.weir.api.types.TypeRoot;

/** Checks callers apply to compiled expressions according to where they are used. */
public final class ExpressionChecks {
    private ExpressionChecks() {
    }

    /**
     * Requires a BOOLEAN expression, e.g. a filter condition.
     *
     * @param clause what the expression is for, e.g. "Filter condition"
     * @throws PlanException naming the expression and its actual type otherwise
     */
    public static CompiledExpression requireBoolean(CompiledExpression expression, String clause) {
        if (expression.type().root() != TypeRoot.BOOLEAN) {
            throw new PlanException(clause + " '" + expression.sql() + "' must be BOOLEAN but is "
                    + expression.type().nullable());
        }
        return expression;
    }
}
