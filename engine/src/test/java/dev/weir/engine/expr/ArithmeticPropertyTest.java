package dev.weir.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Random inputs (fixed seed): compiled arithmetic and comparisons agree with Java's. */
class ArithmeticPropertyTest {
    private static final int ROUNDS = 2_000;
    private static final ExpressionCompiler COMPILER = ExpressionCompiler.create();
    private static final DataType INPUT = DataTypes.ROW(
            DataTypes.FIELD("a", DataTypes.INT()), DataTypes.FIELD("b", DataTypes.INT()),
            DataTypes.FIELD("x", DataTypes.BIGINT()), DataTypes.FIELD("y", DataTypes.BIGINT()),
            DataTypes.FIELD("u", DataTypes.DOUBLE()), DataTypes.FIELD("v", DataTypes.DOUBLE()),
            DataTypes.FIELD("p", DataTypes.DECIMAL(12, 3)), DataTypes.FIELD("q", DataTypes.DECIMAL(8, 2)));

    private static int smallOrLarge(Random random) {
        return random.nextBoolean() ? random.nextInt(201) - 100 : random.nextInt();
    }

    private static Row randomRow(Random random) {
        return Row.of(smallOrLarge(random), smallOrLarge(random), random.nextLong(), (long) smallOrLarge(random),
                random.nextDouble() * 2000 - 1000, random.nextDouble() * 10 - 5,
                BigDecimal.valueOf(random.nextLong() % 1_000_000_000L, 3),
                BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2));
    }

    private static void check(String sql, long seed, BiFunction<Row, Object, Object> expected) {
        CompiledExpression expression = COMPILER.compile(sql, INPUT);
        Random random = new Random(seed);
        for (int i = 0; i < ROUNDS; i++) {
            Row row = randomRow(random);
            Object want;
            try {
                want = expected.apply(row, null);
            } catch (ArithmeticException e) {
                assertThatThrownBy(() -> expression.eval(row)).as(sql + " on " + row)
                        .isInstanceOf(EvaluationException.class).hasMessageContaining("Division by zero");
                continue;
            }
            assertThat(expression.eval(row)).as(sql + " on " + row).isEqualTo(want);
        }
    }

    private static int a(Row r) {
        return (Integer) r.getField(0);
    }

    private static int b(Row r) {
        return (Integer) r.getField(1);
    }

    private static long x(Row r) {
        return (Long) r.getField(2);
    }

    private static long y(Row r) {
        return (Long) r.getField(3);
    }

    private static double u(Row r) {
        return (Double) r.getField(4);
    }

    private static double v(Row r) {
        return (Double) r.getField(5);
    }

    private static BigDecimal p(Row r) {
        return (BigDecimal) r.getField(6);
    }

    private static BigDecimal q(Row r) {
        return (BigDecimal) r.getField(7);
    }

    @Test
    void intArithmetic() {
        check("a + b", 1, (r, n) -> a(r) + b(r));
        check("a - b", 2, (r, n) -> a(r) - b(r));
        check("a * b", 3, (r, n) -> a(r) * b(r));
        check("a / b", 4, (r, n) -> a(r) / b(r));
        check("a % b", 5, (r, n) -> a(r) % b(r));
        check("a * 31 + 7", 6, (r, n) -> a(r) * 31 + 7);
        check("a % 2", 7, (r, n) -> a(r) % 2);
        check("-a / 3", 8, (r, n) -> -a(r) / 3);
        check("(a + b) * (a - b) / 7", 9, (r, n) -> (a(r) + b(r)) * (a(r) - b(r)) / 7);
    }

    @Test
    void longAndMixedArithmetic() {
        check("x + y", 11, (r, n) -> x(r) + y(r));
        check("x - a", 12, (r, n) -> x(r) - a(r));
        check("a * y", 13, (r, n) -> a(r) * y(r));
        check("x / y", 14, (r, n) -> x(r) / y(r));
        check("x % y", 15, (r, n) -> x(r) % y(r));
        check("x % b", 16, (r, n) -> (int) (x(r) % b(r)));
        check("x * 1000000007", 17, (r, n) -> x(r) * 1000000007L);
        check("x + 3000000000", 18, (r, n) -> x(r) + 3000000000L);
    }

    @Test
    void doubleArithmetic() {
        check("u + v", 21, (r, n) -> u(r) + v(r));
        check("u * v - a", 22, (r, n) -> u(r) * v(r) - a(r));
        check("u / v", 23, (r, n) -> u(r) / v(r));
        check("x / u", 24, (r, n) -> x(r) / u(r));
        check("u * 1.5e0", 25, (r, n) -> u(r) * 1.5);
    }

    @Test
    void decimalArithmetic() {
        check("p + q", 31, (r, n) -> p(r).add(q(r)).setScale(3));
        check("p - q", 32, (r, n) -> p(r).subtract(q(r)).setScale(3));
        check("p * q", 33, (r, n) -> p(r).multiply(q(r)).setScale(5));
        check("p / q", 34, (r, n) -> {
            if (q(r).signum() == 0) {
                throw new ArithmeticException();
            }
            return p(r).divide(q(r), 12, RoundingMode.HALF_UP);
        });
        check("p + a", 35, (r, n) -> p(r).add(BigDecimal.valueOf(a(r))).setScale(3));
        check("p * u", 36, (r, n) -> p(r).doubleValue() * u(r));
    }

    @Test
    void comparisonsAgree() {
        check("a < b", 41, (r, n) -> a(r) < b(r));
        check("a >= x", 42, (r, n) -> a(r) >= x(r));
        check("x <> y", 43, (r, n) -> x(r) != y(r));
        check("a % 2 = 0", 44, (r, n) -> a(r) % 2 == 0);
        check("u <= v", 45, (r, n) -> u(r) <= v(r));
        check("a > u", 46, (r, n) -> a(r) > u(r));
        check("p > q", 47, (r, n) -> p(r).compareTo(q(r)) > 0);
        check("p = p + 0", 48, (r, n) -> true);
        check("a BETWEEN b AND 50", 49, (r, n) -> a(r) >= b(r) && a(r) <= 50);
    }
}
