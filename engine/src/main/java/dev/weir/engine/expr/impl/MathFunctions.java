package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.api.types.TypeRoot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Numeric functions. ABS, SIGN, CEIL, FLOOR and ROUND keep their argument's type (DECIMAL scales
 * adjust as in Flink); POWER, SQRT, LN, LOG10 and EXP compute in DOUBLE.
 */
final class MathFunctions {
    private MathFunctions() {
    }

    static void register(Map<String, Functions.Definition> all) {
        typePreserving(all, "ABS", Rounding.ABS);
        typePreserving(all, "SIGN", Rounding.SIGN);
        typePreserving(all, "CEIL", Rounding.CEIL);
        typePreserving(all, "CEILING", Rounding.CEIL);
        typePreserving(all, "FLOOR", Rounding.FLOOR);
        Functions.register(all, "ROUND", "ROUND(NUMERIC[, INT])", call -> {
            call.arity(1, 2);
            int digits = call.count() == 2 ? call.constantInt(1, "number of digits") : 0;
            return sameType(call, Rounding.ROUND, digits);
        });
        for (DoubleFunction function : DoubleFunction.values()) {
            Functions.register(all, function.name(), function.name() + "(NUMERIC)", call -> {
                call.arity(1, 1);
                Evaluator operand = call.numeric(0);
                return new ToDouble(operand, null, function,
                        DataTypes.DOUBLE().withNullability(Binder.nullable(operand)), call.sql());
            });
        }
        Functions.register(all, "POWER", "POWER(NUMERIC, NUMERIC)", call -> {
            call.arity(2, 2);
            return new ToDouble(call.numeric(0), call.numeric(1), null,
                    DataTypes.DOUBLE().withNullability(call.anyNullable()), call.sql());
        });
        Functions.register(all, "MOD", "MOD(NUMERIC, NUMERIC)", call -> {
            call.arity(2, 2);
            return call.binder().arithmetic("%", call.argument(0), call.argument(1), call.sql());
        });
    }

    private static void typePreserving(Map<String, Functions.Definition> all, String name, Rounding rounding) {
        Functions.register(all, name, name + "(NUMERIC)", call -> {
            call.arity(1, 1);
            return sameType(call, rounding, 0);
        });
    }

    private static Evaluator sameType(Functions.Call call, Rounding rounding, int digits) {
        Evaluator operand = call.numeric(0);
        DataType type = operand.type();
        boolean nullable = Binder.nullable(operand);
        String sql = call.sql();
        if (type.root() == TypeRoot.DECIMAL) {
            DataType result = rounding == Rounding.CEIL || rounding == Rounding.FLOOR
                    ? Types.roundedDecimal(type, 0) : rounding == Rounding.ROUND ? Types.roundedDecimal(type, digits)
                    : type;
            return new OnDecimal(operand, rounding, digits, result.withNullability(nullable), sql);
        }
        if (Types.isApproximate(type)) {
            return new OnDouble(operand, rounding, digits, Casts.NumberTarget.valueOf(type.root().name()), type, sql);
        }
        return new OnLong(operand, rounding, digits, Casts.NumberTarget.valueOf(type.root().name()), type, sql);
    }

    /** The type-preserving operations, on each numeric representation. */
    enum Rounding {
        ABS, SIGN, CEIL, FLOOR, ROUND;

        long apply(long value, int digits) {
            return switch (this) {
                case ABS -> Math.abs(value);
                case SIGN -> Long.signum(value);
                case CEIL, FLOOR -> value;
                case ROUND -> digits >= 0 ? value
                        : BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP).longValue();
            };
        }

        double apply(double value, int digits) {
            return switch (this) {
                case ABS -> Math.abs(value);
                case SIGN -> Math.signum(value);
                case CEIL -> Math.ceil(value);
                case FLOOR -> Math.floor(value);
                case ROUND -> Double.isNaN(value) || Double.isInfinite(value) ? value
                        : BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP).doubleValue();
            };
        }

        BigDecimal apply(BigDecimal value, int digits) {
            return switch (this) {
                case ABS -> value.abs();
                case SIGN -> BigDecimal.valueOf(value.signum());
                case CEIL -> value.setScale(0, RoundingMode.CEILING);
                case FLOOR -> value.setScale(0, RoundingMode.FLOOR);
                case ROUND -> value.setScale(digits, RoundingMode.HALF_UP);
            };
        }
    }

    static final class OnLong extends Evaluator {
        private final Evaluator operand;
        private final Rounding rounding;
        private final int digits;
        private final Casts.NumberTarget target;

        OnLong(Evaluator operand, Rounding rounding, int digits, Casts.NumberTarget target, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.rounding = rounding;
            this.digits = digits;
            this.target = target;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            return value == null ? null : target.from(rounding.apply(((Number) value).longValue(), digits));
        }
    }

    static final class OnDouble extends Evaluator {
        private final Evaluator operand;
        private final Rounding rounding;
        private final int digits;
        private final Casts.NumberTarget target;

        OnDouble(Evaluator operand, Rounding rounding, int digits, Casts.NumberTarget target, DataType type,
                 String sql) {
            super(type, sql);
            this.operand = operand;
            this.rounding = rounding;
            this.digits = digits;
            this.target = target;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            return value == null ? null : target.from(rounding.apply(((Number) value).doubleValue(), digits));
        }
    }

    /** The result is brought to the result type's scale (NULL if it no longer fits, as in Flink). */
    static final class OnDecimal extends Evaluator {
        private final Evaluator operand;
        private final Rounding rounding;
        private final int digits;

        OnDecimal(Evaluator operand, Rounding rounding, int digits, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.rounding = rounding;
            this.digits = digits;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            if (value == null) {
                return null;
            }
            BigDecimal result = rounding.apply((BigDecimal) value, digits);
            return Decimals.fit(result, type().precision(), type().scale());
        }
    }

    enum DoubleFunction {
        SQRT {
            @Override
            double apply(double x) {
                return Math.sqrt(x);
            }
        },
        LN {
            @Override
            double apply(double x) {
                return Math.log(x);
            }
        },
        LOG10 {
            @Override
            double apply(double x) {
                return Math.log10(x);
            }
        },
        EXP {
            @Override
            double apply(double x) {
                return Math.exp(x);
            }
        };

        abstract double apply(double x);
    }

    /** A DOUBLE function of one argument, or POWER of two when {@code function} is null. */
    static final class ToDouble extends Evaluator {
        private final Evaluator operand;
        private final Evaluator exponent;
        private final DoubleFunction function;

        ToDouble(Evaluator operand, Evaluator exponent, DoubleFunction function, DataType type, String sql) {
            super(type, sql);
            this.operand = operand;
            this.exponent = exponent;
            this.function = function;
        }

        @Override
        public Object eval(Row input) {
            Object value = operand.eval(input);
            if (value == null) {
                return null;
            }
            double x = ((Number) value).doubleValue();
            if (function != null) {
                return function.apply(x);
            }
            Object power = exponent.eval(input);
            return power == null ? null : Math.pow(x, ((Number) power).doubleValue());
        }
    }
}
