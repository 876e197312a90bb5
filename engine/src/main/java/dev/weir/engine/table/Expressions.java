package dev.weir.engine.table;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The Table API's expression DSL, as Flink's {@code org.apache.flink.table.api.Expressions}. */
public final class Expressions {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

    private Expressions() {
    }

    /** A column reference. */
    public static Expression $(String name) {
        return new Expression(quote(name));
    }

    public static Expression col(String name) {
        return $(name);
    }

    /** A literal: strings, numbers, booleans, temporal values, durations (as intervals), null. */
    public static Expression lit(Object value) {
        return new Expression(literal(value));
    }

    /** A function call by name: {@code call("upper", $("name"))}. */
    public static Expression call(String function, Object... arguments) {
        return new Expression(function + "(" + Arrays.stream(arguments).map(Expressions::sqlOf)
                .collect(Collectors.joining(", ")) + ")");
    }

    /** SQL text as an expression: {@code callSql("price * 2")}. */
    public static Expression callSql(String sql) {
        return new Expression("(" + sql + ")");
    }

    static String sqlOf(Object value) {
        return value instanceof Expression e ? e.toSql() : literal(value);
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        } else if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        } else if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return value.toString();
        } else if (value instanceof Long l) {
            return "CAST(" + l + " AS BIGINT)";
        } else if (value instanceof Double || value instanceof Float) {
            String s = value.toString();
            return s.contains("E") || s.contains("N") || s.contains("I") ? "CAST('" + s + "' AS DOUBLE)" : s + "E0";
        } else if (value instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (value instanceof LocalDateTime t) {
            return "TIMESTAMP '" + TIMESTAMP.format(t) + "'";
        } else if (value instanceof Instant i) {
            return "TO_TIMESTAMP_LTZ(" + i.toEpochMilli() + ", 3)";
        } else if (value instanceof LocalDate d) {
            return "DATE '" + d + "'";
        } else if (value instanceof LocalTime t) {
            return "TIME '" + t + "'";
        } else if (value instanceof Duration d) {
            return d.toMillis() % 1000 == 0 ? "INTERVAL '" + d.toSeconds() + "' SECOND" : "INTERVAL '" + d.toMillis() + "' MILLISECOND";
        }
        throw new IllegalArgumentException("No SQL literal for " + value.getClass().getName() + " values");
    }
}
