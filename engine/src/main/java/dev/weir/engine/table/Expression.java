package dev.weir.engine.table;

import dev.weir.api.types.DataType;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A Table API expression. It only renders SQL text ({@link #toSql()}), which the planner compiles,
 * so the Java API, job specs and Python share one expression language.
 */
public final class Expression {
    private final String sql;

    Expression(String sql) {
        this.sql = sql;
    }

    public String toSql() {
        return sql;
    }

    @Override
    public String toString() {
        return sql;
    }

    public Expression as(String name) {
        return new Expression(sql + " AS " + Expressions.quote(name));
    }

    public Expression plus(Object other) {
        return binary("+", other);
    }

    public Expression minus(Object other) {
        return binary("-", other);
    }

    public Expression times(Object other) {
        return binary("*", other);
    }

    public Expression dividedBy(Object other) {
        return binary("/", other);
    }

    public Expression mod(Object other) {
        return new Expression("MOD(" + sql + ", " + Expressions.sqlOf(other) + ")");
    }

    public Expression isEqual(Object other) {
        return binary("=", other);
    }

    public Expression isNotEqual(Object other) {
        return binary("<>", other);
    }

    public Expression isGreater(Object other) {
        return binary(">", other);
    }

    public Expression isGreaterOrEqual(Object other) {
        return binary(">=", other);
    }

    public Expression isLess(Object other) {
        return binary("<", other);
    }

    public Expression isLessOrEqual(Object other) {
        return binary("<=", other);
    }

    public Expression and(Object other) {
        return binary("AND", other);
    }

    public Expression or(Object other) {
        return binary("OR", other);
    }

    public Expression not() {
        return new Expression("(NOT " + sql + ")");
    }

    public Expression isNull() {
        return new Expression("(" + sql + " IS NULL)");
    }

    public Expression isNotNull() {
        return new Expression("(" + sql + " IS NOT NULL)");
    }

    public Expression like(String pattern) {
        return new Expression("(" + sql + " LIKE " + Expressions.sqlOf(pattern) + ")");
    }

    public Expression between(Object lower, Object upper) {
        return new Expression("(" + sql + " BETWEEN " + Expressions.sqlOf(lower) + " AND " + Expressions.sqlOf(upper) + ")");
    }

    public Expression in(Object... values) {
        return new Expression("(" + sql + " IN (" + Arrays.stream(values).map(Expressions::sqlOf)
                .collect(Collectors.joining(", ")) + "))");
    }

    public Expression upperCase() {
        return fn("UPPER");
    }

    public Expression lowerCase() {
        return fn("LOWER");
    }

    public Expression trim() {
        return fn("TRIM");
    }

    public Expression charLength() {
        return fn("CHAR_LENGTH");
    }

    public Expression abs() {
        return fn("ABS");
    }

    public Expression cast(DataType type) {
        return new Expression("CAST(" + sql + " AS " + type + ")");
    }

    public Expression ifNull(Object fallback) {
        return new Expression("COALESCE(" + sql + ", " + Expressions.sqlOf(fallback) + ")");
    }

    public Expression count() {
        return fn("COUNT");
    }

    public Expression sum() {
        return fn("SUM");
    }

    public Expression avg() {
        return fn("AVG");
    }

    public Expression min() {
        return fn("MIN");
    }

    public Expression max() {
        return fn("MAX");
    }

    /** {@code $("user").count().distinct()} is COUNT(DISTINCT user), as in Flink. */
    public Expression distinct() {
        int open = sql.indexOf('(');
        if (open < 0 || !sql.endsWith(")")) {
            throw new IllegalStateException("distinct() applies to an aggregate call, not to " + sql);
        }
        return new Expression(sql.substring(0, open + 1) + "DISTINCT " + sql.substring(open + 1));
    }

    /** Window properties on the window alias: {@code $("w").start()} is {@code w.start}. */
    public Expression start() {
        return property("start");
    }

    public Expression end() {
        return property("end");
    }

    public Expression rowtime() {
        return property("rowtime");
    }

    private Expression property(String name) {
        return new Expression(sql + "." + name);
    }

    private Expression fn(String name) {
        return new Expression(name + "(" + sql + ")");
    }

    private Expression binary(String op, Object other) {
        return new Expression("(" + sql + " " + op + " " + Expressions.sqlOf(other) + ")");
    }
}
