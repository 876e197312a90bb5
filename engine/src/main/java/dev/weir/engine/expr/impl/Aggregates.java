package dev.weir.engine.expr.impl;

import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.api.types.TypeRoot;
import dev.weir.engine.expr.AggregateFunction;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in aggregates with Flink's result types: COUNT is BIGINT NOT NULL; SUM keeps integer
 * types (SUM of INT is INT, overflow wraps), FLOAT/DOUBLE, and makes DECIMAL(p, s) DECIMAL(38, s); AVG
 * of integers is the same integer type (truncated), of DECIMAL(p, s) DECIMAL(38, max(6, s)). SUM, AVG,
 * MIN and MAX of no non-NULL values are NULL. Every accumulator supports retract and merge.
 */
final class Aggregates {
    static final Set<String> NAMES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG");

    private Aggregates() {
    }

    static boolean isAggregate(String upperCaseName) {
        return NAMES.contains(upperCaseName);
    }

    /** The aggregate for a type-checked call: SUM/AVG need a numeric, MIN/MAX an orderable argument. */
    static AggregateFunction<?> create(String name, DataType argumentType, boolean distinct) {
        AggregateFunction<?> function = switch (name) {
            case "COUNT" -> new Count(argumentType == null);
            case "SUM" -> sum(argumentType);
            case "AVG" -> average(argumentType);
            default -> new Extremum(name.equals("MAX"), argumentType.nullable());
        };
        return distinct ? distinct(function) : function;
    }

    private static <A extends Serializable> AggregateFunction<?> distinct(AggregateFunction<A> inner) {
        return new Distinct<>(inner);
    }

    private static AggregateFunction<?> sum(DataType type) {
        if (Types.isIntegral(type)) {
            return new IntegralSum(Casts.NumberTarget.valueOf(type.root().name()), type.nullable(), false);
        }
        if (Types.isApproximate(type)) {
            return new ApproximateSum(type.root() == TypeRoot.FLOAT, type.nullable(), false);
        }
        return new DecimalSum(DataTypes.DECIMAL(38, type.scale()), false);
    }

    private static AggregateFunction<?> average(DataType type) {
        if (Types.isIntegral(type)) {
            return new IntegralSum(Casts.NumberTarget.valueOf(type.root().name()), type.nullable(), true);
        }
        if (Types.isApproximate(type)) {
            return new ApproximateSum(type.root() == TypeRoot.FLOAT, type.nullable(), true);
        }
        return new DecimalSum(DataTypes.DECIMAL(38, Math.max(6, type.scale())), true);
    }

    static final class Counter implements Serializable {
        long count;
    }

    /** COUNT(*) counts rows; COUNT(x) counts non-NULL values. */
    record Count(boolean rows) implements AggregateFunction<Counter> {
        @Override
        public DataType resultType() {
            return DataTypes.BIGINT().notNull();
        }

        @Override
        public Counter createAccumulator() {
            return new Counter();
        }

        @Override
        public Counter accumulate(Counter accumulator, Object[] args) {
            if (rows || args[0] != null) {
                accumulator.count++;
            }
            return accumulator;
        }

        @Override
        public Counter retract(Counter accumulator, Object[] args) {
            if (rows || args[0] != null) {
                accumulator.count--;
            }
            return accumulator;
        }

        @Override
        public Counter merge(Counter left, Counter right) {
            left.count += right.count;
            return left;
        }

        @Override
        public Object getValue(Counter accumulator) {
            return accumulator.count;
        }
    }

    static final class LongSum implements Serializable {
        long sum;
        long count;
    }

    /** SUM or AVG of integers, in a long; the result is narrowed to the argument type. */
    record IntegralSum(Casts.NumberTarget target, DataType resultType, boolean average)
            implements AggregateFunction<LongSum> {
        @Override
        public LongSum createAccumulator() {
            return new LongSum();
        }

        @Override
        public LongSum accumulate(LongSum accumulator, Object[] args) {
            if (args[0] != null) {
                accumulator.sum += ((Number) args[0]).longValue();
                accumulator.count++;
            }
            return accumulator;
        }

        @Override
        public LongSum retract(LongSum accumulator, Object[] args) {
            if (args[0] != null) {
                accumulator.sum -= ((Number) args[0]).longValue();
                accumulator.count--;
            }
            return accumulator;
        }

        @Override
        public LongSum merge(LongSum left, LongSum right) {
            left.sum += right.sum;
            left.count += right.count;
            return left;
        }

        @Override
        public Object getValue(LongSum accumulator) {
            if (accumulator.count == 0) {
                return null;
            }
            return target.from(average ? accumulator.sum / accumulator.count : accumulator.sum);
        }
    }

    static final class DoubleSum implements Serializable {
        double sum;
        long count;
    }

    record ApproximateSum(boolean toFloat, DataType resultType, boolean average)
            implements AggregateFunction<DoubleSum> {
        @Override
        public DoubleSum createAccumulator() {
            return new DoubleSum();
        }

        @Override
        public DoubleSum accumulate(DoubleSum accumulator, Object[] args) {
            if (args[0] != null) {
                accumulator.sum += ((Number) args[0]).doubleValue();
                accumulator.count++;
            }
            return accumulator;
        }

        @Override
        public DoubleSum retract(DoubleSum accumulator, Object[] args) {
            if (args[0] != null) {
                accumulator.sum -= ((Number) args[0]).doubleValue();
                accumulator.count--;
            }
            return accumulator;
        }

        @Override
        public DoubleSum merge(DoubleSum left, DoubleSum right) {
            left.sum += right.sum;
            left.count += right.count;
            return left;
        }

        @Override
        public Object getValue(DoubleSum accumulator) {
            if (accumulator.count == 0) {
                return null;
            }
            double value = average ? accumulator.sum / accumulator.count : accumulator.sum;
            return toFloat ? (Object) (float) value : (Object) value;
        }
    }

    static final class DecimalAccumulator implements Serializable {
        BigDecimal sum = BigDecimal.ZERO;
        long count;
    }

    /** SUM or AVG of DECIMAL; NULL when the result does not fit DECIMAL(38, s), as in Flink. */
    record DecimalSum(DataType resultType, boolean average) implements AggregateFunction<DecimalAccumulator> {
        @Override
        public DecimalAccumulator createAccumulator() {
            return new DecimalAccumulator();
        }

        @Override
        public DecimalAccumulator accumulate(DecimalAccumulator accumulator, Object[] args) {
            if (args[0] != null) {
                accumulator.sum = accumulator.sum.add(toDecimal(args[0]));
                accumulator.count++;
            }
            return accumulator;
        }

        @Override
        public DecimalAccumulator retract(DecimalAccumulator accumulator, Object[] args) {
            if (args[0] != null) {
                accumulator.sum = accumulator.sum.subtract(toDecimal(args[0]));
                accumulator.count--;
            }
            return accumulator;
        }

        private static BigDecimal toDecimal(Object value) {
            return value instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) value).longValue());
        }

        @Override
        public DecimalAccumulator merge(DecimalAccumulator left, DecimalAccumulator right) {
            left.sum = left.sum.add(right.sum);
            left.count += right.count;
            return left;
        }

        @Override
        public Object getValue(DecimalAccumulator accumulator) {
            if (accumulator.count == 0) {
                return null;
            }
            BigDecimal value = average
                    ? accumulator.sum.divide(BigDecimal.valueOf(accumulator.count), resultType.scale(), RoundingMode.HALF_UP)
                    : accumulator.sum;
            return Decimals.fit(value, resultType.precision(), resultType.scale());
        }
    }

    /** How many times each value is present; a retraction can arrive first, so counts may go negative. */
    static final class ValueCounts implements Serializable {
        final TreeMap<Object, Long> counts = new TreeMap<>();

        void add(Object value, long delta) {
            counts.merge(value, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** MIN or MAX: keeps the multiset of values so a retracted extreme falls back to the next one. */
    record Extremum(boolean max, DataType resultType) implements AggregateFunction<ValueCounts> {
        @Override
        public ValueCounts createAccumulator() {
            return new ValueCounts();
        }

        @Override
        public ValueCounts accumulate(ValueCounts accumulator, Object[] args) {
            if (args[0] != null) {
                accumulator.add(args[0], 1);
            }
            return accumulator;
        }

        @Override
        public ValueCounts retract(ValueCounts accumulator, Object[] args) {
            if (args[0] != null) {
                accumulator.add(args[0], -1);
            }
            return accumulator;
        }

        @Override
        public ValueCounts merge(ValueCounts left, ValueCounts right) {
            right.counts.forEach(left::add);
            return left;
        }

        @Override
        public Object getValue(ValueCounts accumulator) {
            Iterable<Map.Entry<Object, Long>> entries = max
                    ? accumulator.counts.descendingMap().entrySet() : accumulator.counts.entrySet();
            for (Map.Entry<Object, Long> entry : entries) {
                if (entry.getValue() > 0) {
                    return entry.getKey();
                }
            }
            return null;
        }

        @Override
        public AggregateFunction<?> forInsertOnlyInput() {
            return new InsertOnlyExtremum(max, resultType);
        }
    }

    /** The extreme value so far: all MIN or MAX needs when its input never retracts. */
    static final class Extreme implements Serializable {
        Object value;
    }

    /** MIN or MAX of an input that never retracts: one value per group instead of every distinct value. */
    record InsertOnlyExtremum(boolean max, DataType resultType) implements AggregateFunction<Extreme> {
        @Override
        public Extreme createAccumulator() {
            return new Extreme();
        }

        @Override
        public Extreme accumulate(Extreme accumulator, Object[] args) {
            if (args[0] != null && (accumulator.value == null || beats(args[0], accumulator.value))) {
                accumulator.value = args[0];
            }
            return accumulator;
        }

        @Override
        public Extreme retract(Extreme accumulator, Object[] args) {
            throw new IllegalStateException((max ? "MAX" : "MIN") + " planned for an insert-only input received a retraction");
        }

        @Override
        public Extreme merge(Extreme left, Extreme right) {
            return accumulate(left, new Object[]{right.value});
        }

        @Override
        public Object getValue(Extreme accumulator) {
            return accumulator.value;
        }

        @SuppressWarnings("unchecked")
        private boolean beats(Object candidate, Object current) {
            int order = ((Comparable<Object>) candidate).compareTo(current);
            return max ? order > 0 : order < 0;
        }
    }

    static final class DistinctAccumulator<A extends Serializable> implements Serializable {
        /** Distinct values (normalised, see {@link #key}) with how many rows carry each. */
        final HashMap<Object, Long> seen = new HashMap<>();
        A inner;

        DistinctAccumulator(A inner) {
            this.inner = inner;
        }
    }

    /** The DISTINCT form of an aggregate: the inner one sees each value when it first appears and when it last goes. */
    record Distinct<A extends Serializable>(AggregateFunction<A> inner)
            implements AggregateFunction<DistinctAccumulator<A>> {
        @Override
        public DataType resultType() {
            return inner.resultType();
        }

        @Override
        public DistinctAccumulator<A> createAccumulator() {
            return new DistinctAccumulator<>(inner.createAccumulator());
        }

        @Override
        public DistinctAccumulator<A> accumulate(DistinctAccumulator<A> accumulator, Object[] args) {
            Object value = args[0];
            if (value != null && change(accumulator, key(value), 1) == Transition.APPEARED) {
                accumulator.inner = inner.accumulate(accumulator.inner, args);
            }
            return accumulator;
        }

        @Override
        public DistinctAccumulator<A> retract(DistinctAccumulator<A> accumulator, Object[] args) {
            Object value = args[0];
            if (value != null && change(accumulator, key(value), -1) == Transition.DISAPPEARED) {
                accumulator.inner = inner.retract(accumulator.inner, args);
            }
            return accumulator;
        }

        @Override
        public DistinctAccumulator<A> merge(DistinctAccumulator<A> left, DistinctAccumulator<A> right) {
            for (Map.Entry<Object, Long> entry : right.seen.entrySet()) {
                Object[] args = {entry.getKey()};
                switch (change(left, entry.getKey(), entry.getValue())) {
                    case APPEARED -> left.inner = inner.accumulate(left.inner, args);
                    case DISAPPEARED -> left.inner = inner.retract(left.inner, args);
                    default -> {
                    }
                }
            }
            return left;
        }

        @Override
        public Object getValue(DistinctAccumulator<A> accumulator) {
            return inner.getValue(accumulator.inner);
        }

        @Override
        public AggregateFunction<?> forInsertOnlyInput() {
            return distinct(inner.forInsertOnlyInput());
        }

        private enum Transition { APPEARED, DISAPPEARED, UNCHANGED }

        private static Transition change(DistinctAccumulator<?> accumulator, Object key, long delta) {
            long before = accumulator.seen.getOrDefault(key, 0L);
            long after = before + delta;
            if (after == 0) {
                accumulator.seen.remove(key);
            } else {
                accumulator.seen.put(key, after);
            }
            if (before <= 0 && after > 0) {
                return Transition.APPEARED;
            }
            return before > 0 && after <= 0 ? Transition.DISAPPEARED : Transition.UNCHANGED;
        }

        /** Equal SQL values must be equal keys: 1.0 and 1.00 are one DECIMAL value; arrays compare by content. */
        private static Object key(Object value) {
            if (value instanceof BigDecimal decimal) {
                return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
            }
            if (value instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
            return value;
        }
    }
}
