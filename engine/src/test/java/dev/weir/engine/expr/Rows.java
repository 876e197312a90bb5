package dev.weir.engine.expr;

import dev.weir.api.data.Row;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** A shared input schema and helpers to compile and evaluate expressions over it. */
final class Rows {
    static final ExpressionCompiler COMPILER = ExpressionCompiler.create();

    /** One column per type; {@code id} is the only NOT NULL column. */
    static final DataType INPUT = DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.INT().notNull()),
            DataTypes.FIELD("big", DataTypes.BIGINT()),
            DataTypes.FIELD("name", DataTypes.STRING()),
            DataTypes.FIELD("price", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("score", DataTypes.DOUBLE()),
            DataTypes.FIELD("flag", DataTypes.BOOLEAN()),
            DataTypes.FIELD("day", DataTypes.DATE()),
            DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("tiny", DataTypes.TINYINT()),
            DataTypes.FIELD("ratio", DataTypes.FLOAT()),
            DataTypes.FIELD("ltz", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("clock", DataTypes.TIME(0)),
            DataTypes.FIELD("address", DataTypes.ROW(
                    DataTypes.FIELD("city", DataTypes.STRING()),
                    DataTypes.FIELD("zip", DataTypes.INT().notNull()))),
            DataTypes.FIELD("w.start", DataTypes.TIMESTAMP(3).notNull()),
            DataTypes.FIELD("small", DataTypes.SMALLINT()));

    /** A row with a value in every column. */
    static Row sample() {
        return Row.of(7, 10_000_000_000L, "Alice", new BigDecimal("12.50"), 2.5, true, LocalDate.of(2024, 1, 31),
                LocalDateTime.of(2024, 1, 31, 12, 30, 45, 123_000_000), (byte) 3, 1.5f,
                Instant.parse("2024-01-31T12:30:45.123Z"), LocalTime.of(8, 15, 0),
                Row.of("Paris", 75001), LocalDateTime.of(2024, 1, 31, 12, 0), (short) 300);
    }

    /** A row where every nullable column is NULL. */
    static Row nulls() {
        return Row.of(1, null, null, null, null, null, null, null, null, null, null, null, null,
                LocalDateTime.of(2024, 1, 31, 12, 0), null);
    }

    static Object eval(String sql) {
        return COMPILER.compile(sql, INPUT).eval(sample());
    }

    static Object evalNulls(String sql) {
        return COMPILER.compile(sql, INPUT).eval(nulls());
    }

    static DataType typeOf(String sql) {
        return COMPILER.compile(sql, INPUT).type();
    }

    private Rows() {
    }
}
