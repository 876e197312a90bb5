package dev.weir.engine.expr.impl;

import dev.weir.api.factory.Suggestions;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.AggregateCall;
import dev.weir.engine.expr.AggregateFunction;
import dev.weir.engine.expr.AggregationPlan;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.expr.NamedExpression;
import dev.weir.engine.expr.PlanException;
import dev.weir.engine.expr.UserCallPlan;
import dev.weir.engine.expr.UserFunctions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a grouped select list into keys, aggregate calls and a projection over the intermediate row
 * [keys..., aggregate results..., extra columns...]. Group keys and aggregates are matched by their
 * syntax tree, so {@code id % 10} in the select list reuses the key {@code id % 10} and a repeated
 * {@code SUM(x)} is computed once.
 */
final class AggregationPlanner {
    private final Functions functions;
    private final DataType inputType;
    private final DataType extraColumns;
    private final UserFunctions userFunctions;

    AggregationPlanner(Functions functions, DataType inputType, DataType extraColumns, UserFunctions userFunctions) {
        this.functions = functions;
        this.inputType = inputType;
        this.extraColumns = extraColumns;
        this.userFunctions = userFunctions;
    }

    static boolean containsAggregate(Node node, UserFunctions userFunctions) {
        if (node instanceof Node.Call call && isAggregate(call.name(), userFunctions)) {
            return true;
        }
        return node.children().stream().anyMatch(child -> child != null && containsAggregate(child, userFunctions));
    }

    private static boolean isAggregate(String name, UserFunctions userFunctions) {
        return Aggregates.isAggregate(name) || userFunctions.isAggregate(name);
    }

    private boolean containsAggregate(Node node) {
        return containsAggregate(node, userFunctions);
    }

    AggregationPlan plan(List<String> groupBy, List<String> select) {
        List<ParsedExpression> keyExpressions = groupBy.stream().map(Parser::parse).toList();
        List<ParsedExpression> items = select.stream().map(Parser::parseSelectItem).toList();
        UserCallPlanner.Stages inputCalls = planInputCalls(keyExpressions, items);
        Scope inputScope = new Scope.RowScope(inputCalls.rowType());
        Map<Node, Evaluator> callColumns = inputCalls.callColumns();
        List<DataTypes.Field> intermediate = new ArrayList<>();
        Map<Node, Evaluator> substitutions = new LinkedHashMap<>();
        List<CompiledExpression> keys = new ArrayList<>();
        for (int i = 0; i < keyExpressions.size(); i++) {
            ParsedExpression parsed = keyExpressions.get(i);
            if (containsAggregate(parsed.root())) {
                throw new PlanException("Aggregate functions are not allowed in GROUP BY: '" + parsed.text() + "'");
            }
            Evaluator key = new Binder(parsed, inputScope, functions, callColumns).bindRoot();
            keys.add(key);
            String name = parsed.root() instanceof Node.Column
                    ? SqlExpressionCompiler.outputName(parsed, key, inputType, i) : "$key" + i;
            substitutions.putIfAbsent(parsed.root(), reference(intermediate, name, key.type()));
        }

        List<AggregateCall> aggregates = new ArrayList<>();
        for (ParsedExpression item : items) {
            requireNoUserCallOutsideAggregates(item, item.root(), substitutions.keySet());
            collectAggregates(item, item.root(), inputScope, callColumns, substitutions, aggregates, intermediate);
        }
        for (DataTypes.Field extra : extraColumns.fields()) {
            intermediate.add(DataTypes.FIELD(extra.name(), extra.type()));
        }
        DataType intermediateType = row(intermediate, "intermediate row");

        Scope projectionScope = new ProjectionScope(new Scope.RowScope(intermediateType));
        List<NamedExpression> projection = new ArrayList<>();
        List<DataTypes.Field> output = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            ParsedExpression item = items.get(i);
            Evaluator evaluator = new Binder(item, projectionScope, functions, substitutions).bindRoot();
            String name = SqlExpressionCompiler.outputName(item, evaluator, intermediateType, i);
            if (!names.add(name)) {
                throw new PlanException("Duplicate output column '" + name + "' in the select list; rename one with "
                        + "'AS <name>': '" + item.text() + "'");
            }
            projection.add(new NamedExpression(name, evaluator));
            output.add(DataTypes.FIELD(name, evaluator.type()));
        }
        return new AggregationPlan(List.copyOf(keys), List.copyOf(aggregates), List.copyOf(projection),
                intermediateType, row(output, "output row"),
                new UserCallPlan(inputCalls.calls(), inputCalls.types(), List.of()));
    }

    /**
     * User-defined scalar calls in group keys and aggregate arguments ({@code SUM(f(x))}) are
     * evaluated before the aggregation, as Flink plans a Python calc below it: their results are
     * columns appended to the input row, which keys and arguments read.
     */
    private UserCallPlanner.Stages planInputCalls(List<ParsedExpression> keys, List<ParsedExpression> items) {
        List<UserCallPlanner.Root> roots = new ArrayList<>();
        for (ParsedExpression key : keys) {
            roots.add(new UserCallPlanner.Root(key, key.root()));
        }
        for (ParsedExpression item : items) {
            collectAggregateArguments(item, item.root(), roots);
        }
        return new UserCallPlanner(functions, userFunctions).stages(roots, inputType);
    }

    private void collectAggregateArguments(ParsedExpression item, Node node, List<UserCallPlanner.Root> into) {
        if (node instanceof Node.Call call && isAggregate(call.name(), userFunctions)) {
            for (Node argument : call.arguments()) {
                // a nested aggregate is an error collectAggregates reports
                if (!containsAggregate(argument)) {
                    into.add(new UserCallPlanner.Root(item, argument));
                }
            }
            return;
        }
        for (Node child : node.children()) {
            if (child != null) {
                collectAggregateArguments(item, child, into);
            }
        }
    }

    /**
     * Over aggregated values ({@code f(SUM(x))}) a user call would need a Python stage after the
     * aggregation; one that is a group key ({@code keys}) is computed before it.
     */
    private void requireNoUserCallOutsideAggregates(ParsedExpression item, Node node, Set<Node> keys) {
        if (node instanceof Node.Call call) {
            if (isAggregate(call.name(), userFunctions) || keys.contains(node)) {
                return;
            }
            if (userFunctions.isScalar(call.name())) {
                throw new PlanException("'" + item.textOf(call) + "' applies the user-defined function " + call.name()
                        + " to grouped or aggregated values, which is not supported: apply it in a select after the "
                        + "aggregation, or to the aggregate's arguments ('" + item.text() + "').");
            }
        }
        for (Node child : node.children()) {
            if (child != null) {
                requireNoUserCallOutsideAggregates(item, child, keys);
            }
        }
    }

    /** Appends a field to the intermediate row and returns a reference to it. */
    private static Evaluator reference(List<DataTypes.Field> intermediate, String name, DataType type) {
        Set<String> taken = new HashSet<>(intermediate.stream().map(DataTypes.Field::name).toList());
        String unique = name;
        for (int n = 1; taken.contains(unique); n++) {
            unique = name + "$" + n;
        }
        intermediate.add(DataTypes.FIELD(unique, type));
        return new Leaves.ColumnRef(intermediate.size() - 1, type, name);
    }

    private void collectAggregates(ParsedExpression item, Node node, Scope inputScope, Map<Node, Evaluator> callColumns,
                                   Map<Node, Evaluator> substitutions, List<AggregateCall> aggregates,
                                   List<DataTypes.Field> intermediate) {
        if (!(node instanceof Node.Call call && isAggregate(call.name(), userFunctions))) {
            for (Node child : node.children()) {
                if (child != null) {
                    collectAggregates(item, child, inputScope, callColumns, substitutions, aggregates, intermediate);
                }
            }
            return;
        }
        if (substitutions.containsKey(node)) {
            return;
        }
        Binder binder = new Binder(item, inputScope, functions, callColumns);
        for (Node argument : call.arguments()) {
            if (containsAggregate(argument)) {
                throw binder.error("Aggregate function calls cannot be nested: '" + item.textOf(call) + "'");
            }
        }
        AggregateCall aggregate = aggregateCall(binder, item, call);
        aggregates.add(aggregate);
        substitutions.put(node, reference(intermediate, "$agg" + (aggregates.size() - 1),
                aggregate.function().resultType()));
    }

    private AggregateCall aggregateCall(Binder binder, ParsedExpression item, Node.Call call) {
        String name = call.name();
        String sql = item.textOf(call);
        if (userFunctions.isAggregate(name) && !Aggregates.isAggregate(name)) {
            if (call.star() || call.distinct()) {
                throw binder.error(name + " is a user-defined aggregate function, which takes neither * nor DISTINCT");
            }
            List<CompiledExpression> arguments = new ArrayList<>();
            List<DataType> types = new ArrayList<>();
            for (Node argument : call.arguments()) {
                Evaluator bound = binder.bind(argument);
                if (bound.type() == null) {
                    throw binder.error("Cannot infer the type of NULL in " + name + "; write CAST(NULL AS <type>)");
                }
                arguments.add(bound);
                types.add(bound.type());
            }
            return new AggregateCall(sql, userFunctions.aggregate(name, types, sql), List.copyOf(arguments), false);
        }
        if (call.star()) {
            if (!name.equals("COUNT")) {
                throw binder.error(name + "(*) is not supported; only COUNT(*) counts rows");
            }
            return new AggregateCall(sql, Aggregates.create(name, null, false), List.of(), false);
        }
        if (call.arguments().size() != 1) {
            throw binder.error("Function " + name + " takes 1 argument but got " + call.arguments().size(),
                    "Expected " + signature(name));
        }
        Evaluator argument = binder.bind(call.arguments().get(0));
        if (argument.type() == null) {
            throw binder.error("Cannot infer the type of NULL in " + name + "; write CAST(NULL AS <type>)");
        }
        boolean accepted = switch (name) {
            case "SUM", "AVG" -> Types.isNumeric(argument.type());
            case "MIN", "MAX" -> Types.isOrderable(argument.type());
            default -> true;
        };
        if (!accepted) {
            throw binder.error("Cannot apply '" + name + "' to " + Types.name(argument.type()),
                    "Expected " + signature(name));
        }
        AggregateFunction<?> function = Aggregates.create(name, argument.type(), call.distinct());
        return new AggregateCall(sql, function, List.of(argument), call.distinct());
    }

    private static String signature(String name) {
        return switch (name) {
            case "SUM", "AVG" -> name + "([DISTINCT] NUMERIC)";
            case "MIN", "MAX" -> name + "([DISTINCT] a number, string, boolean, date, time or timestamp)";
            default -> "COUNT(*) or COUNT([DISTINCT] value)";
        };
    }

    private static DataType row(List<DataTypes.Field> fields, String what) {
        try {
            return DataTypes.ROW(fields).notNull();
        } catch (IllegalArgumentException e) {
            throw new PlanException("Cannot build the " + what + " of the aggregation: " + e.getMessage());
        }
    }

    /**
     * Names after aggregation: group keys, extra columns (window properties) and, by reference,
     * aggregates. An input column used outside an aggregate without being grouped is an error naming it.
     */
    private final class ProjectionScope implements Scope {
        private final RowScope intermediate;

        ProjectionScope(RowScope intermediate) {
            this.intermediate = intermediate;
        }

        @Override
        public Evaluator resolve(Node.Column column, String nodeText, String expressionText) {
            Evaluator found = intermediate.find(column, nodeText, expressionText);
            if (found != null) {
                return found;
            }
            if (new RowScope(inputType).find(column, nodeText, expressionText) != null) {
                throw new PlanException("Column '" + column.joined() + "' in '" + expressionText + "' is neither "
                        + "grouped nor inside an aggregate function. Add it to the GROUP BY or aggregate it, e.g. "
                        + "MAX(" + nodeText + ")");
            }
            List<String> names = new ArrayList<>(inputType.fieldNames());
            names.addAll(extraColumns.fieldNames());
            throw new PlanException("Unknown column '" + column.joined() + "' in '" + expressionText + "'."
                    + Suggestions.didYouMean(column.joined(), names) + " Columns: " + String.join(", ", names));
        }
    }
}
