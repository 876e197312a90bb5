package dev.weir.engine.expr.impl;

import dev.weir.api.data.Row;
import dev.weir.api.factory.Suggestions;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.api.types.TypeRoot;
import dev.weir.engine.expr.PlanException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Type-checks a parsed expression against a {@link Scope} and builds its evaluator tree. Every error is
 * a {@link PlanException} that quotes the whole expression.
 */
final class Binder {
    private final ParsedExpression parsed;
    private final Scope scope;
    private final Functions functions;
    /** Sub-expressions already computed elsewhere (group keys, aggregates): node to field of the scope row. */
    private final Map<Node, Evaluator> substitutions;

    Binder(ParsedExpression parsed, Scope scope, Functions functions, Map<Node, Evaluator> substitutions) {
        this.parsed = parsed;
        this.scope = scope;
        this.functions = functions;
        this.substitutions = substitutions;
    }

    /** Binds the whole expression; its type must be known (a bare NULL is not). */
    Evaluator bindRoot() {
        Evaluator root = bind(parsed.root());
        if (root.type() == null) {
            throw error("Cannot infer the type of NULL; write CAST(NULL AS <type>)");
        }
        return root.withSql(parsed.text());
    }

    PlanException error(String problem) {
        return new PlanException(problem + " in '" + parsed.text() + "'");
    }

    /** "problem in 'text'. Hint" */
    PlanException error(String problem, String hint) {
        return new PlanException(problem + " in '" + parsed.text() + "'. " + hint);
    }

    Evaluator bind(Node node) {
        Evaluator substitute = substitutions.get(node);
        if (substitute != null) {
            return new Leaves.ColumnRef(((Leaves.ColumnRef) substitute).index(), substitute.type(), text(node));
        }
        if (node instanceof Node.Column column) {
            return scope.resolve(column, text(node), parsed.text());
        }
        if (node instanceof Node.Literal literal) {
            return new Leaves.Literal(literal.value(), literal.type(), text(node));
        }
        if (node instanceof Node.IntervalLiteral) {
            throw error("An INTERVAL is only allowed added to or subtracted from a date, time or timestamp");
        }
        if (node instanceof Node.Symbol symbol) {
            throw error("Unexpected keyword " + symbol.name());
        }
        if (node instanceof Node.Unary unary) {
            return unary(unary);
        }
        if (node instanceof Node.Binary binary) {
            return binary(binary);
        }
        if (node instanceof Node.IsTest test) {
            return isTest(test);
        }
        if (node instanceof Node.Like like) {
            return like(like);
        }
        if (node instanceof Node.Between between) {
            return between(between);
        }
        if (node instanceof Node.In in) {
            return in(in);
        }
        if (node instanceof Node.Case caseNode) {
            return caseExpression(caseNode);
        }
        if (node instanceof Node.Cast cast) {
            return cast(cast);
        }
        return call((Node.Call) node);
    }

    String text(Node node) {
        return parsed.textOf(node);
    }

    /**
     * Replaces an operation on constants by its value, computed once here. An operation that fails on
     * its constants is kept, so the failure is reported when (and if) it runs, like any other.
     */
    static Evaluator fold(Evaluator evaluator, Evaluator... operands) {
        for (Evaluator operand : operands) {
            if (operand == null || !operand.isConstant()) {
                return evaluator;
            }
        }
        try {
            return new Leaves.Literal(evaluator.eval(EMPTY_ROW), evaluator.type(), evaluator.sql());
        } catch (RuntimeException e) {
            return evaluator;
        }
    }

    private static final Row EMPTY_ROW = new Row(0);

    private Evaluator unary(Node.Unary unary) {
        Evaluator operand = bind(unary.operand());
        String sql = text(unary);
        if (unary.operator().equals("NOT")) {
            operand = requireBoolean(operand, "NOT");
            return fold(new Logic.Not(operand, DataTypes.BOOLEAN().withNullability(nullable(operand)), sql), operand);
        }
        if (operand.type() == null) {
            return operand;
        }
        if (!Types.isNumeric(operand.type())) {
            throw error("Cannot apply '" + unary.operator() + "' to " + Types.name(operand.type()));
        }
        if (unary.operator().equals("+")) {
            return operand;
        }
        return fold(new Arithmetic.Negate(operand, operand.type(), sql), operand);
    }

    private Evaluator binary(Node.Binary binary) {
        String operator = binary.operator();
        if ((operator.equals("+") || operator.equals("-"))
                && (binary.left() instanceof Node.IntervalLiteral || binary.right() instanceof Node.IntervalLiteral)) {
            return temporalShift(binary);
        }
        Evaluator left = bind(binary.left());
        Evaluator right = bind(binary.right());
        String sql = text(binary);
        return switch (operator) {
            case "AND", "OR" -> {
                Evaluator l = requireBoolean(left, operator);
                Evaluator r = requireBoolean(right, operator);
                DataType type = DataTypes.BOOLEAN().withNullability(nullable(l) || nullable(r));
                yield fold(operator.equals("AND") ? new Logic.And(l, r, type, sql) : new Logic.Or(l, r, type, sql), l, r);
            }
            case "||" -> concat(List.of(left, right), "||", sql);
            case "+", "-", "*", "/", "%" -> arithmetic(operator, left, right, sql);
            default -> comparison(operator, left, right, sql);
        };
    }

    Evaluator concat(List<Evaluator> operands, String name, String sql) {
        List<Evaluator> strings = new ArrayList<>();
        for (Evaluator operand : operands) {
            if (operand.type() != null && !Types.isString(operand.type())) {
                throw cannotApply(name, operands);
            }
            strings.add(Casts.widen(operand, DataTypes.STRING()));
        }
        DataType type = DataTypes.STRING().withNullability(Types.anyNullable(strings));
        Evaluator[] array = strings.toArray(Evaluator[]::new);
        return fold(new StringFunctions.Concat(array, type, sql), array);
    }

    Evaluator arithmetic(String operator, Evaluator left, Evaluator right, String sql) {
        if (left.type() == null && right.type() == null) {
            throw error("Cannot infer the type of NULL " + operator + " NULL");
        }
        DataType lt = left.type() == null ? right.type() : left.type();
        DataType rt = right.type() == null ? left.type() : right.type();
        if (!Types.isNumeric(lt) || !Types.isNumeric(rt)) {
            throw cannotApply(operator, List.of(left, right));
        }
        left = Casts.widen(left, lt);
        right = Casts.widen(right, rt);
        boolean nullable = nullable(left) || nullable(right);
        DataType type = Types.arithmetic(operator, lt, rt).withNullability(nullable);
        int code = Arithmetic.operatorCode(operator);
        boolean integerResult = type.root() == TypeRoot.INT || type.root() == TypeRoot.BIGINT;
        if (integerResult && left instanceof Leaves.ColumnRef column && right instanceof Leaves.Literal c
                && c.value() != null) {
            boolean inInt = type.root() == TypeRoot.INT && lt.root() != TypeRoot.BIGINT;
            return new Arithmetic.ColumnWithConstant(column.index(), ((Number) c.value()).longValue(), code, inInt,
                    type, sql);
        }
        Evaluator result = switch (type.root()) {
            case TINYINT, SMALLINT, INT -> {
                boolean bigDividend = lt.root() == TypeRoot.BIGINT;
                DataType intType = DataTypes.INT().withNullability(nullable);
                Evaluator asInt = bigDividend
                        ? new Arithmetic.LongModuloToInt(left, right, intType, sql)
                        : right.isConstant() && right instanceof Leaves.Literal c && c.value() != null
                        ? new Arithmetic.IntOperationWithConstant(left, ((Number) c.value()).intValue(), code, intType, sql)
                        : new Arithmetic.IntOperation(left, right, code, intType, sql);
                yield type.root() == TypeRoot.INT ? asInt : Casts.cast(asInt, type, false, sql);
            }
            case BIGINT -> right instanceof Leaves.Literal c && c.value() != null
                    ? new Arithmetic.LongOperationWithConstant(left, ((Number) c.value()).longValue(), code, type, sql)
                    : new Arithmetic.LongOperation(left, right, code, type, sql);
            case FLOAT -> Casts.cast(new Arithmetic.DoubleOperation(left, right, code,
                    DataTypes.DOUBLE().withNullability(nullable), sql), type, false, sql);
            case DOUBLE -> new Arithmetic.DoubleOperation(left, right, code, type, sql);
            default -> new Arithmetic.DecimalOperation(Casts.widen(left, Types.asDecimal(lt)),
                    Casts.widen(right, Types.asDecimal(rt)), code, type, sql);
        };
        return fold(result, left, right);
    }

    private Evaluator temporalShift(Node.Binary binary) {
        boolean intervalFirst = binary.left() instanceof Node.IntervalLiteral;
        Node temporalNode = intervalFirst ? binary.right() : binary.left();
        Node intervalNode = intervalFirst ? binary.left() : binary.right();
        if (!(intervalNode instanceof Node.IntervalLiteral interval) || temporalNode instanceof Node.IntervalLiteral
                || (intervalFirst && binary.operator().equals("-"))) {
            throw error("Cannot apply '" + binary.operator() + "' to these operands; only date/time/timestamp "
                    + "+ INTERVAL, INTERVAL + date/time/timestamp and date/time/timestamp - INTERVAL are supported");
        }
        Evaluator temporal = bind(temporalNode);
        if (temporal.type() == null || !Types.isTemporal(temporal.type())) {
            throw error("Cannot apply '" + binary.operator() + "' to " + Types.name(temporal.type())
                    + " and INTERVAL; expected a DATE, TIME, TIMESTAMP or TIMESTAMP_LTZ");
        }
        long millis = binary.operator().equals("-") ? -interval.millis() : interval.millis();
        DataType type = temporal.type();
        if (type.root() == TypeRoot.DATE && millis % TemporalFunctions.MILLIS_PER_DAY != 0) {
            throw error("Cannot add an interval of hours or less to a DATE; CAST it to TIMESTAMP first");
        }
        if (type.root() != TypeRoot.DATE && millis % 1000 != 0 && type.precision() < 3) {
            type = type.root() == TypeRoot.TIME ? DataTypes.TIME(3) : type.root() == TypeRoot.TIMESTAMP
                    ? DataTypes.TIMESTAMP(3) : DataTypes.TIMESTAMP_LTZ(3);
            type = type.withNullability(temporal.type().isNullable());
        }
        return fold(new TemporalFunctions.Shift(temporal, millis, type, text(binary)), temporal);
    }

    Evaluator comparison(String operator, Evaluator left, Evaluator right, String sql) {
        if (left.type() == null && right.type() == null) {
            return new Leaves.Literal(null, DataTypes.BOOLEAN(), sql);
        }
        left = stringLiteralAsTemporal(left, right);
        right = stringLiteralAsTemporal(right, left);
        DataType common = Types.common(left.type(), right.type());
        boolean ordering = !operator.equals("=") && !operator.equals("<>");
        if (common == null || (ordering && !Types.isOrderable(common))) {
            throw cannotApply(operator, List.of(left, right));
        }
        if (left.isConstant() && !right.isConstant()) {
            return comparison(Comparisons.mirrored(operator), right, left, sql);
        }
        DataType type = DataTypes.BOOLEAN().withNullability(nullable(left) || nullable(right));
        int code = Comparisons.operatorCode(operator);
        Evaluator l = comparable(left, common);
        Evaluator r = comparable(right, common);
        Evaluator result;
        if (Types.isIntegral(common)) {
            if (r instanceof Leaves.Literal c && c.value() != null) {
                long constant = ((Number) c.value()).longValue();
                if (l instanceof Leaves.ColumnRef column) {
                    result = new Comparisons.LongColumnComparisonWithConstant(column.index(), constant, code, type, sql);
                } else if (l instanceof Arithmetic.ColumnWithConstant arithmetic) {
                    result = new Comparisons.ColumnArithmeticComparison(arithmetic, constant, code, type, sql);
                } else {
                    result = new Comparisons.LongComparisonWithConstant(l, constant, code, type, sql);
                }
            } else {
                result = new Comparisons.LongComparison(l, r, code, type, sql);
            }
        } else if (Types.isApproximate(common)) {
            result = new Comparisons.DoubleComparison(l, r, code, type, sql);
        } else if (Types.isOrderable(common)) {
            result = new Comparisons.ObjectComparison(l, r, code, type, sql);
        } else {
            result = new Comparisons.EqualityComparison(l, r, operator.equals("="), type, sql);
        }
        return fold(result, l, r);
    }

    /**
     * An operand ready to compare as the common type. Numbers compared as long or double are read
     * through {@link Number} whatever their class, and values of the common type's root compare as they
     * are (BigDecimal ignores scale, timestamps precision), so only other operands get a conversion node.
     */
    private static Evaluator comparable(Evaluator operand, DataType common) {
        boolean asIs = operand.type() != null && (Types.isIntegral(common) || Types.isApproximate(common)
                || operand.type().root() == common.root());
        return asIs ? operand : Casts.widen(operand, common);
    }

    /** {@code ts > '2024-01-01 00:00:00'}: a string literal compared with a temporal value is read as one. */
    private Evaluator stringLiteralAsTemporal(Evaluator candidate, Evaluator other) {
        if (candidate instanceof Leaves.Literal literal && literal.value() instanceof String text
                && other.type() != null && Types.isTemporal(other.type())) {
            DataType target = other.type().notNull();
            try {
                Object value = Casts.converter(candidate.type(), target).convert(text);
                return new Leaves.Literal(value, target, candidate.sql());
            } catch (RuntimeException e) {
                throw error("Cannot read '" + text + "' as " + Types.name(target));
            }
        }
        return candidate;
    }

    private Evaluator isTest(Node.IsTest test) {
        Evaluator operand = bind(test.operand());
        String sql = text(test);
        DataType type = DataTypes.BOOLEAN().notNull();
        if (test.test().equals("NULL")) {
            return fold(new Logic.IsNull(operand, test.negated(), type, sql), operand);
        }
        operand = requireBoolean(operand, "IS " + (test.negated() ? "NOT " : "") + test.test());
        return fold(new Logic.IsBoolean(operand, test.test().equals("TRUE"), test.negated(), type, sql), operand);
    }

    private Evaluator like(Node.Like like) {
        Evaluator value = bind(like.value());
        Evaluator pattern = bind(like.pattern());
        Evaluator escape = like.escape() == null ? null : bind(like.escape());
        String name = like.negated() ? "NOT LIKE" : "LIKE";
        List<Evaluator> operands = escape == null ? List.of(value, pattern) : List.of(value, pattern, escape);
        for (Evaluator operand : operands) {
            if (operand.type() != null && !Types.isString(operand.type())) {
                throw cannotApply(name, operands);
            }
        }
        Character escapeChar = null;
        if (escape != null) {
            if (!(escape instanceof Leaves.Literal literal) || !(literal.value() instanceof String s) || s.length() != 1) {
                throw error("The ESCAPE of LIKE must be a single-character string literal");
            }
            escapeChar = s.charAt(0);
        }
        value = Casts.widen(value, DataTypes.STRING());
        pattern = Casts.widen(pattern, DataTypes.STRING());
        DataType type = DataTypes.BOOLEAN().withNullability(nullable(value) || nullable(pattern));
        String sql = text(like);
        Evaluator result;
        if (pattern instanceof Leaves.Literal literal && literal.value() != null) {
            LikePattern compiled;
            try {
                compiled = LikePattern.compile((String) literal.value(), escapeChar);
            } catch (IllegalArgumentException e) {
                throw error("Invalid LIKE pattern: " + e.getMessage());
            }
            result = new LikePattern.Match(value, compiled, like.negated(), type, sql);
        } else {
            result = new LikePattern.DynamicMatch(value, pattern, escapeChar, like.negated(), type, sql);
        }
        return fold(result, value, pattern);
    }

    private Evaluator between(Node.Between between) {
        Evaluator value = bind(between.value());
        Evaluator low = bind(between.low());
        Evaluator high = bind(between.high());
        String name = between.negated() ? "NOT BETWEEN" : "BETWEEN";
        if (!Types.isOrderable(commonType(List.of(value, low, high), name))) {
            throw cannotApply(name, List.of(value, low, high));
        }
        String sql = text(between);
        Evaluator atLeast = comparison(">=", value, low, sql);
        Evaluator atMost = comparison("<=", bind(between.value()), high, sql);
        DataType type = DataTypes.BOOLEAN().withNullability(nullable(atLeast) || nullable(atMost));
        Evaluator both = fold(new Logic.And(atLeast, atMost, type, sql), atLeast, atMost);
        return between.negated() ? fold(new Logic.Not(both, type, sql), both) : both;
    }

    private Evaluator in(Node.In in) {
        Evaluator value = bind(in.value());
        List<Evaluator> items = new ArrayList<>();
        DataType common = value.type();
        List<Evaluator> all = new ArrayList<>(List.of(value));
        for (Node item : in.list()) {
            Evaluator bound = stringLiteralAsTemporal(bind(item), value);
            items.add(bound);
            all.add(bound);
            common = Types.common(common, bound.type());
            if (common == null && bound.type() != null) {
                throw cannotApply(in.negated() ? "NOT IN" : "IN", all);
            }
        }
        String sql = text(in);
        if (common == null) {
            return new Leaves.Literal(null, DataTypes.BOOLEAN(), sql);
        }
        boolean allConstant = items.stream().allMatch(Evaluator::isConstant);
        boolean listHasNull = items.stream().anyMatch(i -> i instanceof Leaves.Literal l && l.value() == null);
        DataType type = DataTypes.BOOLEAN().withNullability(nullable(value) || listHasNull);
        Evaluator widened = comparable(value, common);
        if (allConstant && Types.isIntegral(common)) {
            long[] constants = items.stream().map(i -> ((Leaves.Literal) i).value()).filter(v -> v != null)
                    .mapToLong(v -> ((Number) v).longValue()).toArray();
            return fold(new Logic.InLongs(widened, constants, listHasNull, in.negated(), type, sql), widened);
        }
        if (allConstant && Set.of(TypeRoot.VARCHAR, TypeRoot.BOOLEAN, TypeRoot.DATE, TypeRoot.TIME,
                TypeRoot.TIMESTAMP, TypeRoot.TIMESTAMP_LTZ).contains(common.root())) {
            Set<Object> constants = new HashSet<>();
            for (Evaluator item : items) {
                Object constant = ((Leaves.Literal) Casts.widen(item, common)).value();
                if (constant != null) {
                    constants.add(constant);
                }
            }
            return fold(new Logic.InSet(widened, constants, listHasNull, in.negated(), type, sql), widened);
        }
        Evaluator[] equalities = new Evaluator[items.size()];
        for (int i = 0; i < items.size(); i++) {
            equalities[i] = comparison("=", bind(in.value()), items.get(i), sql);
        }
        return new Logic.InList(value, equalities, in.negated(), type, sql);
    }

    private Evaluator caseExpression(Node.Case caseNode) {
        String sql = text(caseNode);
        List<Evaluator> conditions = new ArrayList<>();
        List<Evaluator> results = new ArrayList<>();
        for (int i = 0; i < caseNode.conditions().size(); i++) {
            Evaluator condition = bind(caseNode.conditions().get(i));
            if (caseNode.operand() != null) {
                condition = comparison("=", bind(caseNode.operand()), condition, text(caseNode.conditions().get(i)));
            }
            conditions.add(requireBoolean(condition, "CASE WHEN"));
            results.add(bind(caseNode.results().get(i)));
        }
        Evaluator otherwise = caseNode.otherwise() == null ? null : bind(caseNode.otherwise());
        return conditional(conditions, results, otherwise, "CASE", sql);
    }

    /** CASE WHEN c1 THEN r1 ... ELSE e END over bound operands; IF and NULLIF build on it. */
    Evaluator conditional(List<Evaluator> conditions, List<Evaluator> results, Evaluator otherwise, String name,
                          String sql) {
        List<Evaluator> branches = new ArrayList<>(results);
        if (otherwise != null) {
            branches.add(otherwise);
        }
        DataType type = commonType(branches, name);
        if (otherwise == null) {
            type = type.nullable();
        }
        Evaluator[] widened = new Evaluator[results.size()];
        for (int i = 0; i < widened.length; i++) {
            widened[i] = Casts.widen(results.get(i), type);
        }
        Evaluator elseBranch = otherwise == null ? null : Casts.widen(otherwise, type);
        // A constant first condition decides the whole CASE when compiling.
        if (conditions.get(0) instanceof Leaves.Literal first) {
            if (Boolean.TRUE.equals(first.value())) {
                return relabel(widened[0], type);
            }
            if (conditions.size() == 1) {
                return elseBranch == null ? new Leaves.Literal(null, type, sql) : relabel(elseBranch, type);
            }
        }
        return new Logic.Case(conditions.toArray(Evaluator[]::new), widened, elseBranch, type, sql);
    }

    /** An evaluator whose declared type only differs in nullability gets the CASE's type via a cast no-op. */
    private static Evaluator relabel(Evaluator evaluator, DataType type) {
        return evaluator.type().equals(type) ? evaluator : Casts.cast(evaluator, type, false, evaluator.sql());
    }

    /** The least restrictive type of the operands, NULLs adopting it; an error naming them when there is none. */
    DataType commonType(List<Evaluator> operands, String name) {
        DataType common = null;
        for (Evaluator operand : operands) {
            if (operand.type() == null) {
                continue;
            }
            DataType next = common == null ? operand.type() : Types.common(common, operand.type());
            if (next == null) {
                throw cannotApply(name, operands);
            }
            common = next;
        }
        if (common == null) {
            throw error("Cannot infer the type of " + name + " when all its values are NULL");
        }
        boolean anyNull = operands.stream().anyMatch(o -> o.type() == null);
        return anyNull ? common.nullable() : common;
    }

    private Evaluator cast(Node.Cast cast) {
        Evaluator operand = bind(cast.operand());
        DataType target = cast.target();
        String sql = text(cast);
        if (operand.type() == null) {
            return new Leaves.Literal(null, target.nullable(), sql);
        }
        DataType type = target.withNullability(cast.orNull() || operand.type().isNullable());
        Casts.Converter converter = Casts.converter(operand.type(), type);
        if (converter == null) {
            throw error("Cannot cast " + Types.name(operand.type()) + " to " + Types.name(target));
        }
        if (operand.type().equals(type)) {
            return operand;
        }
        return fold(new Casts.Cast(operand, converter, cast.orNull(), type, sql), operand);
    }

    private Evaluator call(Node.Call call) {
        if (Aggregates.isAggregate(call.name())) {
            throw error("Aggregate function " + call.name() + " is not allowed here; aggregates belong in the "
                    + "select list of a grouped aggregation");
        }
        Functions.Definition definition = functions.lookup(call.name());
        if (definition == null) {
            Set<String> names = new TreeSet<>(functions.names());
            names.addAll(Aggregates.NAMES);
            throw new PlanException("Unknown function '" + call.name() + "' in '" + parsed.text() + "'."
                    + Suggestions.didYouMean(call.name(), names));
        }
        if (call.distinct() || call.star()) {
            throw error(call.name() + " is not an aggregate function, so it takes neither DISTINCT nor *");
        }
        List<Evaluator> arguments = new ArrayList<>();
        for (Node argument : call.arguments()) {
            arguments.add(argument instanceof Node.Symbol ? null : bind(argument));
        }
        Evaluator result = definition.binder().bind(new Functions.Call(this, definition, call, arguments));
        return fold(result, arguments.stream().filter(a -> a != null).toArray(Evaluator[]::new));
    }

    Evaluator requireBoolean(Evaluator operand, String operator) {
        if (operand.type() == null) {
            return new Leaves.Literal(null, DataTypes.BOOLEAN(), operand.sql());
        }
        if (operand.type().root() != TypeRoot.BOOLEAN) {
            throw error("Cannot apply '" + operator + "' to " + Types.name(operand.type()),
                    "Expected BOOLEAN, but '" + operand.sql() + "' is " + Types.name(operand.type()));
        }
        return operand;
    }

    static boolean nullable(Evaluator evaluator) {
        return evaluator.type() == null || evaluator.type().isNullable();
    }

    PlanException cannotApply(String operator, List<Evaluator> operands) {
        List<String> names = operands.stream().map(o -> Types.name(o.type())).toList();
        return error("Cannot apply '" + operator + "' to " + joinedTypes(names));
    }

    static String joinedTypes(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
