package dev.weir.engine.expr.impl;

import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.api.types.TypeRoot;
import java.util.List;

/** Type rules: implicit widening, arithmetic result types (DECIMAL rules as in Flink) and common types. */
final class Types {
    private static final int MAX_PRECISION = 38;
    /** Flink keeps at least this many fraction digits when a DECIMAL result must be cut to 38 digits. */
    private static final int MINIMUM_ADJUSTED_SCALE = 6;

    private Types() {
    }

    /** The type as written in messages: its SQL form without NOT NULL. */
    static String name(DataType type) {
        return type == null ? "NULL" : type.nullable().toString();
    }

    static boolean anyNullable(List<? extends Evaluator> evaluators) {
        return evaluators.stream().anyMatch(e -> e.type() == null || e.type().isNullable());
    }

    static boolean isNumeric(DataType type) {
        return type.root().isNumeric();
    }

    static boolean isIntegral(DataType type) {
        return type.root().isIntegral();
    }

    static boolean isString(DataType type) {
        return type.root() == TypeRoot.VARCHAR;
    }

    static boolean isApproximate(DataType type) {
        return type.root() == TypeRoot.FLOAT || type.root() == TypeRoot.DOUBLE;
    }

    static boolean isTemporal(DataType type) {
        return switch (type.root()) {
            case DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ -> true;
            default -> false;
        };
    }

    /** Values of these types are {@link Comparable} with each other, so ordering comparisons apply. */
    static boolean isOrderable(DataType type) {
        return type.root().isNumeric() || isTemporal(type) || switch (type.root()) {
            case VARCHAR, BOOLEAN -> true;
            default -> false;
        };
    }

    private static int integralRank(TypeRoot root) {
        return switch (root) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INT -> 3;
            default -> 4;
        };
    }

    /** An exact numeric as the DECIMAL that holds all its values. */
    static DataType asDecimal(DataType type) {
        return switch (type.root()) {
            case TINYINT -> DataTypes.DECIMAL(3, 0);
            case SMALLINT -> DataTypes.DECIMAL(5, 0);
            case INT -> DataTypes.DECIMAL(10, 0);
            case BIGINT -> DataTypes.DECIMAL(19, 0);
            default -> type.nullable();
        };
    }

    /**
     * The result type of {@code + - * / %} on two numerics, nullable; Flink's rules: integers stay
     * integers (so division truncates), any approximate operand gives DOUBLE (FLOAT when both are at
     * most FLOAT), DECIMAL widens by the operation. MOD takes its divisor's integer type, as in Calcite.
     */
    static DataType arithmetic(String operator, DataType left, DataType right) {
        if (isIntegral(left) && isIntegral(right)) {
            if (operator.equals("%")) {
                return right.nullable();
            }
            return integralRank(left.root()) >= integralRank(right.root()) ? left.nullable() : right.nullable();
        }
        if (isApproximate(left) || isApproximate(right)) {
            boolean bothAtMostFloat = left.root() != TypeRoot.DOUBLE && right.root() != TypeRoot.DOUBLE
                    && left.root() != TypeRoot.DECIMAL && right.root() != TypeRoot.DECIMAL;
            return bothAtMostFloat ? DataTypes.FLOAT() : DataTypes.DOUBLE();
        }
        DataType l = asDecimal(left);
        DataType r = asDecimal(right);
        int p1 = l.precision();
        int s1 = l.scale();
        int p2 = r.precision();
        int s2 = r.scale();
        return switch (operator) {
            case "+", "-" -> {
                int scale = Math.max(s1, s2);
                yield adjustedDecimal(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
            }
            case "*" -> adjustedDecimal(p1 + p2 + 1, s1 + s2);
            case "/" -> {
                int scale = Math.max(MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1);
                yield adjustedDecimal(p1 - s1 + s2 + scale, scale);
            }
            default -> {
                int scale = Math.max(s1, s2);
                yield adjustedDecimal(Math.min(p1 - s1, p2 - s2) + scale, scale);
            }
        };
    }

    /** Caps a DECIMAL at 38 digits, giving up fraction digits (down to 6) before integer digits. */
    static DataType adjustedDecimal(int precision, int scale) {
        if (precision <= MAX_PRECISION) {
            return DataTypes.DECIMAL(Math.max(precision, 1), scale);
        }
        int integerDigits = precision - scale;
        int adjustedScale = Math.max(MAX_PRECISION - integerDigits, Math.min(scale, MINIMUM_ADJUSTED_SCALE));
        return DataTypes.DECIMAL(MAX_PRECISION, adjustedScale);
    }

    /** DECIMAL(p, s) rounded to {@code digits} fraction digits, as Flink types ROUND/CEIL/FLOOR. */
    static DataType roundedDecimal(DataType decimal, int digits) {
        int precision = decimal.precision();
        int scale = decimal.scale();
        if (digits >= scale) {
            return decimal.nullable();
        }
        if (digits < 0) {
            return DataTypes.DECIMAL(Math.min(MAX_PRECISION, 1 + precision - scale), 0);
        }
        return DataTypes.DECIMAL(Math.min(MAX_PRECISION, 1 + precision - scale + digits), digits);
    }

    /**
     * The least restrictive type both values convert to without loss of meaning (for CASE branches,
     * COALESCE, IN lists and comparisons), nullable when either is; null when there is none. An
     * untyped NULL (null type) adopts the other type.
     */
    static DataType common(DataType a, DataType b) {
        if (a == null || b == null) {
            DataType known = a == null ? b : a;
            return known == null ? null : known.nullable();
        }
        DataType common = commonIgnoringNullability(a, b);
        return common == null ? null : common.withNullability(a.isNullable() || b.isNullable());
    }

    private static DataType commonIgnoringNullability(DataType a, DataType b) {
        if (a.equalsIgnoringNullability(b)) {
            return a;
        }
        if (isNumeric(a) && isNumeric(b)) {
            if (isIntegral(a) && isIntegral(b)) {
                return integralRank(a.root()) >= integralRank(b.root()) ? a : b;
            }
            if (isApproximate(a) || isApproximate(b)) {
                return arithmetic("+", a, b);
            }
            DataType l = asDecimal(a);
            DataType r = asDecimal(b);
            int scale = Math.max(l.scale(), r.scale());
            int integerDigits = Math.max(l.precision() - l.scale(), r.precision() - r.scale());
            return DataTypes.DECIMAL(Math.min(MAX_PRECISION, integerDigits + scale), scale);
        }
        TypeRoot ra = a.root();
        TypeRoot rb = b.root();
        if (ra == TypeRoot.VARCHAR && rb == TypeRoot.VARCHAR) {
            return DataTypes.VARCHAR(Math.max(a.length(), b.length()));
        }
        if (ra == rb && (ra == TypeRoot.TIMESTAMP || ra == TypeRoot.TIMESTAMP_LTZ || ra == TypeRoot.TIME)) {
            return a.precision() >= b.precision() ? a : b;
        }
        if (ra == TypeRoot.DATE && rb == TypeRoot.TIMESTAMP) {
            return b;
        }
        if (ra == TypeRoot.TIMESTAMP && rb == TypeRoot.DATE) {
            return a;
        }
        return null;
    }
}
