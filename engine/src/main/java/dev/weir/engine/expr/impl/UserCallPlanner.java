package dev.weir.engine.expr.impl;

import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.expr.NamedExpression;
import dev.weir.engine.expr.UserCallPlan;
import dev.weir.engine.expr.UserFunctions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits user-defined scalar calls out of expressions, innermost first: a call whose arguments hold
 * no such call belongs to stage 1, {@code f(g(x))} puts {@code g} in stage 1 and {@code f} in
 * stage 2. Calls are matched by syntax, so the same call written twice is evaluated once.
 */
final class UserCallPlanner {
    private final Functions functions;
    private final UserFunctions userFunctions;

    UserCallPlanner(Functions functions, UserFunctions userFunctions) {
        this.functions = functions;
        this.userFunctions = userFunctions;
    }

    /** A node to search for user calls, and the parsed expression it belongs to (for names and errors). */
    record Root(ParsedExpression item, Node node) {
    }

    /**
     * The stages of the user calls in {@code roots}: each stage's calls and row type (the input's
     * columns, then one per call so far), the row after the last stage, and each call's column in it.
     */
    record Stages(List<List<UserCallPlan.Call>> calls, List<DataType> types, DataType rowType,
                  Map<Node, Evaluator> callColumns) {
    }

    UserCallPlan plan(List<String> expressions, boolean selectItems, int firstIndex, DataType inputType) {
        List<ParsedExpression> parsed = new ArrayList<>();
        List<Root> roots = new ArrayList<>();
        for (String text : expressions) {
            ParsedExpression p = selectItems ? Parser.parseSelectItem(text) : Parser.parse(text);
            parsed.add(p);
            roots.add(new Root(p, p.root()));
        }
        Stages stages = stages(roots, inputType);
        List<NamedExpression> items = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            ParsedExpression p = parsed.get(i);
            Evaluator evaluator = new Binder(p, new Scope.RowScope(stages.rowType()), functions, stages.callColumns())
                    .bindRoot();
            items.add(new NamedExpression(SqlExpressionCompiler.outputName(p, evaluator, stages.rowType(), firstIndex + i),
                    evaluator));
        }
        return new UserCallPlan(stages.calls(), stages.types(), List.copyOf(items));
    }

    Stages stages(List<Root> roots, DataType inputType) {
        Map<Node.Call, ParsedExpression> origin = new LinkedHashMap<>();
        Map<Node, Integer> depths = new HashMap<>();
        int maxDepth = 0;
        for (Root root : roots) {
            maxDepth = Math.max(maxDepth, depth(root.node(), root.item(), origin, depths));
        }
        Map<Node, Evaluator> substitutions = new HashMap<>();
        List<List<UserCallPlan.Call>> stages = new ArrayList<>();
        List<DataType> stageTypes = new ArrayList<>();
        List<DataTypes.Field> fields = new ArrayList<>(inputType.fields());
        Set<String> names = new HashSet<>(inputType.fieldNames());
        for (int level = 1; level <= maxDepth; level++) {
            DataType stageInput = DataTypes.ROW(fields);
            List<UserCallPlan.Call> calls = new ArrayList<>();
            Map<Node, Evaluator> added = new HashMap<>();
            for (Map.Entry<Node.Call, ParsedExpression> e : origin.entrySet()) {
                Node.Call call = e.getKey();
                if (depths.get(call) != level || added.containsKey(call)) {
                    continue;
                }
                ParsedExpression item = e.getValue();
                Binder binder = new Binder(item, new Scope.RowScope(stageInput), functions, substitutions);
                if (call.distinct() || call.star()) {
                    throw binder.error(call.name() + " is a scalar function, so it takes neither DISTINCT nor *");
                }
                List<CompiledExpression> arguments = new ArrayList<>();
                List<DataType> argumentTypes = new ArrayList<>();
                for (Node argument : call.arguments()) {
                    Evaluator bound = binder.bind(argument);
                    if (bound.type() == null) {
                        throw binder.error("Cannot infer the type of NULL in " + call.name() + "; write CAST(NULL AS <type>)");
                    }
                    arguments.add(bound);
                    argumentTypes.add(bound.type());
                }
                String sql = item.textOf(call);
                DataType result = userFunctions.scalarResultType(call.name(), argumentTypes, sql);
                String column = unique("$f" + (fields.size() - inputType.fieldCount()), names);
                fields.add(DataTypes.FIELD(column, result));
                added.put(call, new Leaves.ColumnRef(fields.size() - 1, result, sql));
                calls.add(new UserCallPlan.Call(call.name(), List.copyOf(arguments), result, sql));
            }
            substitutions.putAll(added);
            stages.add(List.copyOf(calls));
            stageTypes.add(DataTypes.ROW(fields));
        }
        return new Stages(List.copyOf(stages), List.copyOf(stageTypes), DataTypes.ROW(fields), Map.copyOf(substitutions));
    }

    /** The nesting depth of user calls in {@code node} (0 without any); records each call's origin. */
    private int depth(Node node, ParsedExpression item, Map<Node.Call, ParsedExpression> origin, Map<Node, Integer> depths) {
        int inner = 0;
        for (Node child : node.children()) {
            if (child != null) {
                inner = Math.max(inner, depth(child, item, origin, depths));
            }
        }
        if (node instanceof Node.Call call && userFunctions.isScalar(call.name())) {
            // equal calls have equal structure, hence equal depth: the first one's origin serves all
            origin.putIfAbsent(call, item);
            depths.put(call, inner + 1);
            return inner + 1;
        }
        return inner;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 1; !taken.add(candidate); n++) {
            candidate = name + "$" + n;
        }
        return candidate;
    }
}
