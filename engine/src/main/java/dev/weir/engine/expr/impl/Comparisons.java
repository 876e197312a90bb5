package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import java.util.Objects;

/**
 * Comparison evaluators. Operands arrive already coerced to a common representation: integers read as
 * long, approximate numbers as double, everything else as mutually {@link Comparable} Java values.
 * Any NULL operand gives NULL.
 */
final class Comparisons {
    static final int EQ = 0;
    static final int NE = 1;
    static final int LT = 2;
    static final int LE = 3;
    static final int GT = 4;
    static final int GE = 5;

    private Comparisons() {
    }

    static int operatorCode(String operator) {
        return switch (operator) {
            case "=" -> EQ;
            case "<>" -> NE;
            case "<" -> LT;
            case "<=" -> LE;
            case ">" -> GT;
            default -> GE;
        };
    }

    /** The operator with its operands swapped: {@code 1 < x} is {@code x > 1}. */
    static String mirrored(String operator) {
        return switch (operator) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> operator;
        };
    }

    static boolean test(int operator, long a, long b) {
        switch (operator) {
            case EQ:
                return a == b;
            case NE:
                return a != b;
            case LT:
                return a < b;
            case LE:
                return a <= b;
            case GT:
                return a > b;
            default:
                return a >= b;
        }
    }

    static boolean test(int operator, double a, double b) {
        switch (operator) {
            case EQ:
                return a == b;
            case NE:
                return a != b;
            case LT:
                return a < b;
            case LE:
                return a <= b;
            case GT:
                return a > b;
            default:
                return a >= b;
        }
    }

    /** Applies the operator to a {@code compareTo} result. */
    static boolean test(int operator, int comparison) {
        return test(operator, comparison, 0L);
    }

    static final class LongComparison extends StrictBinaryEvaluator {
        private final int operator;

        LongComparison(Evaluator left, Evaluator right, int operator, DataType type, String sql) {
            super(left, right, type, sql);
            this.operator = operator;
        }

        @Override
        Object combine(Object a, Object b) {
            return test(operator, ((Number) a).longValue(), ((Number) b).longValue());
        }
    }

    /** {@code x op constant} for integers: the filter fast path. */
    static final class LongComparisonWithConstant extends Evaluator {
        private final Evaluator left;
        private final long constant;
        private final int operator;

        LongComparisonWithConstant(Evaluator left, long constant, int operator, DataType type, String sql) {
            super(type, sql);
            this.left = left;
            this.constant = constant;
            this.operator = operator;
        }

        @Override
        public Object eval(Row input) {
            Object a = left.eval(input);
            return a == null ? null : test(operator, ((Number) a).longValue(), constant);
        }
    }

    /** {@code column op constant} for integers, reading the row directly. */
    static final class LongColumnComparisonWithConstant extends Evaluator {
        private final int column;
        private final long constant;
        private final int operator;

        LongColumnComparisonWithConstant(int column, long constant, int operator, DataType type, String sql) {
            super(type, sql);
            this.column = column;
            this.constant = constant;
            this.operator = operator;
        }

        @Override
        public Object eval(Row input) {
            Object a = input.getField(column);
            return a == null ? null : test(operator, ((Number) a).longValue(), constant);
        }
    }

    /** {@code column op1 constant op2 constant} on integers (the {@code id % 2 = 0} filter) without boxing. */
    static final class ColumnArithmeticComparison extends Evaluator {
        private final Arithmetic.ColumnWithConstant arithmetic;
        private final int column;
        private final long constant;
        private final int operator;

        ColumnArithmeticComparison(Arithmetic.ColumnWithConstant arithmetic, long constant, int operator,
                                   DataType type, String sql) {
            super(type, sql);
            this.arithmetic = arithmetic;
            this.column = arithmetic.column();
            this.constant = constant;
            this.operator = operator;
        }

        @Override
        public Object eval(Row input) {
            Object value = input.getField(column);
            return value == null ? null : test(operator, arithmetic.compute(value), constant);
        }
    }

    static final class DoubleComparison extends StrictBinaryEvaluator {
        private final int operator;

        DoubleComparison(Evaluator left, Evaluator right, int operator, DataType type, String sql) {
            super(left, right, type, sql);
            this.operator = operator;
        }

        @Override
        Object combine(Object a, Object b) {
            return test(operator, ((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
    }

    /** Strings, decimals, booleans, dates, times and timestamps, all {@link Comparable}. */
    static final class ObjectComparison extends StrictBinaryEvaluator {
        private final int operator;

        ObjectComparison(Evaluator left, Evaluator right, int operator, DataType type, String sql) {
            super(left, right, type, sql);
            this.operator = operator;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object combine(Object a, Object b) {
            if (operator == EQ && a.getClass() == String.class) {
                return a.equals(b);
            }
            return test(operator, ((Comparable) a).compareTo(b));
        }
    }

    /** = and <> on values without an order: BYTES, ARRAY, MAP, ROW. */
    static final class EqualityComparison extends StrictBinaryEvaluator {
        private final boolean equal;

        EqualityComparison(Evaluator left, Evaluator right, boolean equal, DataType type, String sql) {
            super(left, right, type, sql);
            this.equal = equal;
        }

        @Override
        Object combine(Object a, Object b) {
            return equal == Objects.deepEquals(a, b);
        }
    }
}
