package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.engine.expr.EvaluationException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Arithmetic evaluators, one class per operand representation; the operator is a constant switched on
 * per row (a perfectly predicted branch), which keeps each class monomorphic for the JIT. Integer
 * overflow wraps as in Java and Flink; integer division by zero is an error.
 */
final class Arithmetic {
    static final int PLUS = 0;
    static final int MINUS = 1;
    static final int TIMES = 2;
    static final int DIVIDE = 3;
    static final int MODULO = 4;

    private Arithmetic() {
    }

    static int operatorCode(String operator) {
        return switch (operator) {
            case "+" -> PLUS;
            case "-" -> MINUS;
            case "*" -> TIMES;
            case "/" -> DIVIDE;
            default -> MODULO;
        };
    }

    static int apply(int operator, int a, int b, Evaluator where) {
        switch (operator) {
            case PLUS:
                return a + b;
            case MINUS:
                return a - b;
            case TIMES:
                return a * b;
            case DIVIDE:
                return a / nonZero(b, where);
            default:
                return a % nonZero(b, where);
        }
    }

    static long apply(int operator, long a, long b, Evaluator where) {
        switch (operator) {
            case PLUS:
                return a + b;
            case MINUS:
                return a - b;
            case TIMES:
                return a * b;
            case DIVIDE:
                return a / nonZero(b, where);
            default:
                return a % nonZero(b, where);
        }
    }

    static double apply(int operator, double a, double b) {
        switch (operator) {
            case PLUS:
                return a + b;
            case MINUS:
                return a - b;
            case TIMES:
                return a * b;
            case DIVIDE:
                return a / b;
            default:
                return a % b;
        }
    }

    private static int nonZero(int divisor, Evaluator where) {
        if (divisor == 0) {
            throw divisionByZero(where);
        }
        return divisor;
    }

    private static long nonZero(long divisor, Evaluator where) {
        if (divisor == 0) {
            throw divisionByZero(where);
        }
        return divisor;
    }

    static EvaluationException divisionByZero(Evaluator where) {
        return new EvaluationException("Division by zero in '" + where.sql() + "'");
    }

    /** INT (and narrower, read as int) operands with an INT result. */
    static final class IntOperation extends StrictBinaryEvaluator {
        private final int operator;

        IntOperation(Evaluator left, Evaluator right, int operator, DataType type, String sql) {
            super(left, right, type, sql);
            this.operator = operator;
        }

        @Override
        Object combine(Object a, Object b) {
            return apply(operator, ((Number) a).intValue(), ((Number) b).intValue(), this);
        }
    }

    /** The common {@code x op constant} case, without evaluating the constant per row. */
    static final class IntOperationWithConstant extends Evaluator {
        private final Evaluator left;
        private final int constant;
        private final int operator;

        IntOperationWithConstant(Evaluator left, int constant, int operator, DataType type, String sql) {
            super(type, sql);
            this.left = left;
            this.constant = constant;
            this.operator = operator;
        }

        @Override
        public Object eval(Row input) {
            Object a = left.eval(input);
            return a == null ? null : apply(operator, ((Number) a).intValue(), constant, this);
        }
    }

    /** Integer operands read as long, with a BIGINT result. */
    static final class LongOperation extends StrictBinaryEvaluator {
        private final int operator;

        LongOperation(Evaluator left, Evaluator right, int operator, DataType type, String sql) {
            super(left, right, type, sql);
            this.operator = operator;
        }

        @Override
        Object combine(Object a, Object b) {
            return apply(operator, ((Number) a).longValue(), ((Number) b).longValue(), this);
        }
    }

    static final class LongOperationWithConstant extends Evaluator {
        private final Evaluator left;
        private final long constant;
        private final int operator;

        LongOperationWithConstant(Evaluator left, long constant, int operator, DataType type, String sql) {
            super(type, sql);
            this.left = left;
            this.constant = constant;
            this.operator = operator;
        }

        @Override
        public Object eval(Row input) {
            Object a = left.eval(input);
            return a == null ? null : apply(operator, ((Number) a).longValue(), constant, this);
        }
    }

    /**
     * {@code column op constant} on integers, reading the row directly; computed in int when the result
     * is INT (so it wraps as INT does) and in long otherwise (BIGINT, or MOD of a BIGINT by an INT,
     * whose remainder fits the INT).
     */
    static final class ColumnWithConstant extends Evaluator {
        private final int column;
        private final long constant;
        private final int operator;
        private final boolean inInt;
        private final boolean intResult;

        ColumnWithConstant(int column, long constant, int operator, boolean inInt, DataType type, String sql) {
            super(type, sql);
            this.column = column;
            this.constant = constant;
            this.operator = operator;
            this.inInt = inInt;
            this.intResult = type.root() == dev.weir.api.types.TypeRoot.INT;
        }

        /** The result for a non-null column value, unboxed, for comparisons fused with this node. */
        long compute(Object value) {
            return inInt ? apply(operator, ((Number) value).intValue(), (int) constant, this)
                    : apply(operator, ((Number) value).longValue(), constant, this);
        }

        int column() {
            return column;
        }

        @Override
        public Object eval(Row input) {
            Object a = input.getField(column);
            if (a == null) {
                return null;
            }
            long result = compute(a);
            return intResult ? (Object) (int) result : (Object) result;
        }
    }

    /**
     * {@code bigint % int}: MOD takes the divisor's type, and the remainder always fits it, so it is
     * computed in long and narrowed.
     */
    static final class LongModuloToInt extends Evaluator {
        private final Evaluator left;
        private final Evaluator right;

        LongModuloToInt(Evaluator left, Evaluator right, DataType type, String sql) {
            super(type, sql);
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Row input) {
            Object a = left.eval(input);
            if (a == null) {
                return null;
            }
            Object b = right.eval(input);
            if (b == null) {
                return null;
            }
            return (int) apply(MODULO, ((Number) a).longValue(), ((Number) b).longValue(), this);
        }
    }

    /** Numeric operands read as double; FLOAT results are narrowed by a cast above this node. */
    static final class DoubleOperation extends StrictBinaryEvaluator {
        private final int operator;

        DoubleOperation(Evaluator left, Evaluator right, int operator, DataType type, String sql) {
            super(left, right, type, sql);
            this.operator = operator;
        }

        @Override
        Object combine(Object a, Object b) {
            return apply(operator, ((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
    }

    /**
     * DECIMAL operands (already coerced to BigDecimal); the result is rounded half-up to the result
     * scale and, as in Flink, is NULL when it does not fit the result precision.
     */
    static final class DecimalOperation extends StrictBinaryEvaluator {
        private final int operator;
        private final int scale;
        private final int precision;

        DecimalOperation(Evaluator left, Evaluator right, int operator, DataType type, String sql) {
            super(left, right, type, sql);
            this.operator = operator;
            this.scale = type.scale();
            this.precision = type.precision();
        }

        @Override
        Object combine(Object left, Object right) {
            BigDecimal a = (BigDecimal) left;
            BigDecimal b = (BigDecimal) right;
            BigDecimal result = switch (operator) {
                case PLUS -> a.add(b);
                case MINUS -> a.subtract(b);
                case TIMES -> a.multiply(b);
                case DIVIDE -> {
                    if (b.signum() == 0) {
                        throw divisionByZero(this);
                    }
                    yield a.divide(b, scale, RoundingMode.HALF_UP);
                }
                default -> {
                    if (b.signum() == 0) {
                        throw divisionByZero(this);
                    }
                    yield a.remainder(b, MathContext.UNLIMITED);
                }
            };
            return Decimals.fit(result, precision, scale);
        }
    }

    /** Unary minus. */
    static final class Negate extends Evaluator {
        private final Evaluator operand;

        Negate(Evaluator operand, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            if (value == null) {
                return null;
            }
            return switch (type().root()) {
                case TINYINT -> (byte) -(Byte) value;
                case SMALLINT -> (short) -(Short) value;
                case INT -> -(Integer) value;
                case BIGINT -> -(Long) value;
                case FLOAT -> -(Float) value;
                case DOUBLE -> -(Double) value;
                default -> ((BigDecimal) value).negate();
            };
        }
    }
}
