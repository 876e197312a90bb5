package dev.weir.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregate functions through the public contract, as the runtime drives them. */
class AggregateFunctionsTest {
    private static final DataType INPUT = DataTypes.ROW(
            DataTypes.FIELD("i", DataTypes.INT()),
            DataTypes.FIELD("l", DataTypes.BIGINT()),
            DataTypes.FIELD("d", DataTypes.DOUBLE()),
            DataTypes.FIELD("f", DataTypes.FLOAT()),
            DataTypes.FIELD("p", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("s", DataTypes.STRING()),
            DataTypes.FIELD("day", DataTypes.DATE()),
            DataTypes.FIELD("t", DataTypes.TINYINT()));

    /** Drives one aggregate over argument values, with an accumulator of the function's own type. */
    private static final class Driver<A extends Serializable> {
        private final AggregateFunction<A> function;
        private A accumulator;

        Driver(AggregateFunction<A> function) {
            this.function = function;
            this.accumulator = function.createAccumulator();
        }

        Driver<A> add(Object... values) {
            for (Object value : values) {
                accumulator = function.accumulate(accumulator, new Object[] {value});
            }
            return this;
        }

        Driver<A> remove(Object... values) {
            for (Object value : values) {
                accumulator = function.retract(accumulator, new Object[] {value});
            }
            return this;
        }

        Driver<A> merge(Driver<A> other) {
            accumulator = function.merge(accumulator, other.accumulator);
            return this;
        }

        Object value() {
            return function.getValue(accumulator);
        }

        @SuppressWarnings("unchecked")
        Driver<A> roundTrip() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(accumulator);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                accumulator = (A) in.readObject();
            }
            return this;
        }
    }

    private static AggregateCall call(String select) {
        AggregationPlan plan = ExpressionCompiler.create().compileAggregation(List.of(), List.of(select), INPUT,
                DataTypes.ROW());
        assertThat(plan.aggregates()).hasSize(1);
        return plan.aggregates().get(0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Driver<?> driver(String select) {
        return new Driver(call(select).function());
    }

    @Test
    void countStarCountsRowsIncludingNulls() {
        assertThat(call("COUNT(*)").arguments()).isEmpty();
        assertThat(driver("COUNT(*)").value()).isEqualTo(0L);
        assertThat(driver("COUNT(*)").add(1, null, 3).value()).isEqualTo(3L);
        assertThat(driver("COUNT(*)").add(1, null, 3).remove((Object) null).value()).isEqualTo(2L);
        assertThat(call("COUNT(*)").function().resultType()).isEqualTo(DataTypes.BIGINT().notNull());
    }

    @Test
    void countIgnoresNulls() {
        assertThat(driver("COUNT(s)").add("a", null, "b").value()).isEqualTo(2L);
        assertThat(driver("COUNT(s)").add("a", null, "b").remove("a", null).value()).isEqualTo(1L);
        assertThat(driver("COUNT(s)").value()).isEqualTo(0L);
    }

    @Test
    void countDistinct() {
        assertThat(driver("COUNT(DISTINCT s)").add("a", "b", "a", null).value()).isEqualTo(2L);
        assertThat(driver("COUNT(DISTINCT s)").add("a", "b", "a").remove("a").value()).isEqualTo(2L);
        assertThat(driver("COUNT(DISTINCT s)").add("a", "b", "a").remove("a", "a").value()).isEqualTo(1L);
        assertThat(driver("COUNT(DISTINCT p)").add(new BigDecimal("1.0"), new BigDecimal("1.00")).value()).isEqualTo(1L);
        assertThat(call("COUNT(DISTINCT s)").distinct()).isTrue();
        assertThat(call("COUNT(s)").distinct()).isFalse();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void distinctMergeCountsValuesSeenOnBothSidesOnce() {
        Driver left = driver("COUNT(DISTINCT s)").add("a", "b");
        Driver right = driver("COUNT(DISTINCT s)").add("b", "c");
        assertThat(left.merge(right).value()).isEqualTo(3L);
        assertThat(left.remove("b").value()).isEqualTo(3L);
        assertThat(left.remove("b").value()).isEqualTo(2L);
    }

    @Test
    void sumKeepsIntegerTypesAndIsNullWithoutValues() {
        assertThat(driver("SUM(i)").add(1, 2, null, 4).value()).isEqualTo(7);
        assertThat(call("SUM(i)").function().resultType()).isEqualTo(DataTypes.INT());
        assertThat(driver("SUM(l)").add(5L, 6L).value()).isEqualTo(11L);
        assertThat(driver("SUM(t)").add((byte) 100, (byte) 100).value()).isEqualTo((byte) -56);
        assertThat(driver("SUM(i)").value()).isNull();
        assertThat(driver("SUM(i)").add((Object) null).value()).isNull();
        assertThat(driver("SUM(i)").add(1, 2).remove(1, 2).value()).isNull();
        assertThat(driver("SUM(i)").add(1, 2, 3).remove(2).value()).isEqualTo(4);
    }

    @Test
    void sumOfApproximateAndDecimal() {
        assertThat(driver("SUM(d)").add(1.5, 2.25).value()).isEqualTo(3.75);
        assertThat(driver("SUM(f)").add(1.5f, 2.5f).value()).isEqualTo(4.0f);
        assertThat(call("SUM(f)").function().resultType()).isEqualTo(DataTypes.FLOAT());
        assertThat(driver("SUM(p)").add(new BigDecimal("1.10"), new BigDecimal("2.05")).value())
                .isEqualTo(new BigDecimal("3.15"));
        assertThat(call("SUM(p)").function().resultType()).isEqualTo(DataTypes.DECIMAL(38, 2));
        assertThat(driver("SUM(p * 2)").add(new BigDecimal("1.10")).remove(new BigDecimal("1.10")).value()).isNull();
    }

    @Test
    void sumDistinct() {
        assertThat(driver("SUM(DISTINCT i)").add(1, 1, 2, null).value()).isEqualTo(3);
        assertThat(driver("SUM(DISTINCT i)").add(1, 1, 2).remove(1).value()).isEqualTo(3);
        assertThat(driver("SUM(DISTINCT i)").add(1, 1, 2).remove(1, 1).value()).isEqualTo(2);
    }

    @Test
    void avgFollowsFlinkTypes() {
        assertThat(driver("AVG(i)").add(1, 2).value()).isEqualTo(1);
        assertThat(call("AVG(i)").function().resultType()).isEqualTo(DataTypes.INT());
        assertThat(driver("AVG(i)").add(-1, -2).value()).isEqualTo(-1);
        assertThat(driver("AVG(d)").add(1.0, 2.0, null).value()).isEqualTo(1.5);
        assertThat(driver("AVG(p)").add(new BigDecimal("1.00"), new BigDecimal("2.00")).value())
                .isEqualTo(new BigDecimal("1.500000"));
        assertThat(call("AVG(p)").function().resultType()).isEqualTo(DataTypes.DECIMAL(38, 6));
        assertThat(driver("AVG(CAST(i AS DOUBLE))").add(1, 2).value()).isEqualTo(1.5);
        assertThat(driver("AVG(i)").value()).isNull();
        assertThat(driver("AVG(i)").add(1, 2, 6).remove(6).value()).isEqualTo(1);
        assertThat(driver("AVG(DISTINCT i)").add(1, 1, 1, 4).value()).isEqualTo(2);
    }

    @Test
    void minAndMaxOnComparableTypes() {
        assertThat(driver("MIN(i)").add(3, null, 1, 2).value()).isEqualTo(1);
        assertThat(driver("MAX(i)").add(3, null, 1, 2).value()).isEqualTo(3);
        assertThat(driver("MIN(s)").add("pear", "apple").value()).isEqualTo("apple");
        assertThat(driver("MAX(day)").add(LocalDate.of(2024, 1, 1), LocalDate.of(2023, 1, 1)).value())
                .isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(driver("MAX(i)").value()).isNull();
        assertThat(call("MAX(s)").function().resultType()).isEqualTo(DataTypes.STRING());
    }

    @Test
    void retractingTheExtremeFallsBackToTheNextValue() {
        assertThat(driver("MAX(i)").add(1, 5, 3).remove(5).value()).isEqualTo(3);
        assertThat(driver("MAX(i)").add(1, 5, 5).remove(5).value()).isEqualTo(5);
        assertThat(driver("MIN(i)").add(1, 5).remove(1).value()).isEqualTo(5);
        assertThat(driver("MIN(i)").add(1).remove(1).value()).isNull();
        assertThat(driver("MIN(i)").remove(1).add(1, 2).value()).isEqualTo(2);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void mergeCombinesAccumulators() {
        assertThat(driver("COUNT(*)").add(1, 2).merge((Driver) driver("COUNT(*)").add(3)).value()).isEqualTo(3L);
        assertThat(driver("SUM(i)").add(1, 2).merge((Driver) driver("SUM(i)").add(3)).value()).isEqualTo(6);
        assertThat(driver("SUM(i)").merge((Driver) driver("SUM(i)")).value()).isNull();
        assertThat(driver("AVG(d)").add(1.0).merge((Driver) driver("AVG(d)").add(2.0, 3.0)).value()).isEqualTo(2.0);
        assertThat(driver("SUM(p)").add(new BigDecimal("1.5")).merge((Driver) driver("SUM(p)").add(new BigDecimal("1")))
                .value()).isEqualTo(new BigDecimal("2.50"));
        Driver max = driver("MAX(i)").add(1, 9).merge((Driver) driver("MAX(i)").add(9, 4));
        assertThat(max.value()).isEqualTo(9);
        assertThat(max.remove(9).value()).isEqualTo(9);
        assertThat(max.remove(9).value()).isEqualTo(4);
    }

    @Test
    void accumulatorsSurviveSerialization() throws Exception {
        assertThat(driver("COUNT(DISTINCT s)").add("a", "b").roundTrip().add("a", "c").value()).isEqualTo(3L);
        assertThat(driver("MAX(s)").add("a", "z").roundTrip().remove("z").value()).isEqualTo("a");
        assertThat(driver("AVG(p)").add(new BigDecimal("1")).roundTrip().add(new BigDecimal("2")).value())
                .isEqualTo(new BigDecimal("1.500000"));
        assertThat(driver("SUM(d)").add(1.0).roundTrip().value()).isEqualTo(1.0);
    }

    @Test
    void aggregateArgumentsAreCompiledOverTheInputRow() {
        AggregateCall call = call("SUM(i * 2)");
        assertThat(call.sql()).isEqualTo("SUM(i * 2)");
        assertThat(call.arguments()).hasSize(1);
        assertThat(call.arguments().get(0).eval(dev.weir.api.data.Row.of(21, null, null, null, null, null, null, null)))
                .isEqualTo(42);
        assertThat(call("count(DISTINCT s)").sql()).isEqualTo("count(DISTINCT s)");
    }
}
