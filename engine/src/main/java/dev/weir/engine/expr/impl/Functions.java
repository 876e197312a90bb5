package dev.weir.engine.expr.impl;

import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.engine.expr.PlanException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The scalar function registry: each entry type-checks its call and builds the evaluator. */
final class Functions {
    /** @param signature the accepted argument types, shown when a call does not match */
    record Definition(String name, String signature, FunctionBinder binder) {
    }

    @FunctionalInterface
    interface FunctionBinder {
        Evaluator bind(Call call);
    }

    private final Map<String, Definition> definitions;

    private Functions(Map<String, Definition> definitions) {
        this.definitions = Map.copyOf(definitions);
    }

    Definition lookup(String upperCaseName) {
        return definitions.get(upperCaseName);
    }

    Set<String> names() {
        return definitions.keySet();
    }

    static Functions builtIn() {
        Map<String, Definition> all = new LinkedHashMap<>();
        StringFunctions.register(all);
        MathFunctions.register(all);
        TemporalFunctions.register(all);
        register(all, "IF", "IF(BOOLEAN, value, value)", call -> {
            call.arity(3, 3);
            Evaluator condition = call.binder().requireBoolean(call.argument(0), "IF");
            return call.binder().conditional(List.of(condition), List.of(call.argument(1)), call.argument(2), "IF",
                    call.sql());
        });
        register(all, "COALESCE", "COALESCE(value, ...)", call -> {
            call.arity(1, Integer.MAX_VALUE);
            boolean allNullable = call.arguments().stream().allMatch(Binder::nullable);
            DataType type = call.binder().commonType(call.arguments(), "COALESCE").withNullability(allNullable);
            Evaluator[] operands = call.arguments().stream().map(a -> Casts.widen(a, type)).toArray(Evaluator[]::new);
            return new Logic.Coalesce(operands, type, call.sql());
        });
        register(all, "NULLIF", "NULLIF(value, value)", call -> {
            call.arity(2, 2);
            Evaluator value = call.argument(0);
            Evaluator equal = call.binder().comparison("=", value, call.argument(1), call.sql());
            if (value.type() == null) {
                return new Leaves.Literal(null, null, call.sql());
            }
            DataType type = value.type().nullable();
            return new Logic.Case(new Evaluator[] {equal}, new Evaluator[] {new Leaves.Literal(null, type, "NULL")},
                    value, type, call.sql());
        });
        JsonObject.register(all);
        return new Functions(all);
    }

    static void register(Map<String, Definition> all, String name, String signature, FunctionBinder binder) {
        all.put(name, new Definition(name, signature, binder));
    }

    /** One call being bound: its arguments (null for keyword arguments) and checks that name the call. */
    record Call(Binder binder, Definition definition, Node.Call node, List<Evaluator> arguments) {
        String sql() {
            return binder.text(node);
        }

        int count() {
            return arguments.size();
        }

        Evaluator argument(int index) {
            return arguments.get(index);
        }

        boolean anyNullable() {
            return arguments.stream().anyMatch(a -> a != null && Binder.nullable(a));
        }

        void arity(int min, int max) {
            if (count() < min || count() > max) {
                String expected = min == max ? String.valueOf(min)
                        : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
                throw binder.error("Function " + definition.name() + " takes " + expected + " argument"
                        + (min == 1 && max == 1 ? "" : "s") + " but got " + count(),
                        "Expected " + definition.signature());
            }
        }

        /** A STRING argument (a NULL becomes a typed one). */
        Evaluator string(int index) {
            return require(index, Types::isString, DataTypes.STRING());
        }

        Evaluator numeric(int index) {
            return require(index, Types::isNumeric, DataTypes.DOUBLE());
        }

        Evaluator integral(int index) {
            return require(index, Types::isIntegral, DataTypes.INT());
        }

        Evaluator temporal(int index) {
            return require(index, Types::isTemporal, DataTypes.TIMESTAMP(3));
        }

        private Evaluator require(int index, java.util.function.Predicate<DataType> accepted, DataType forNull) {
            Evaluator argument = argument(index);
            if (argument.type() == null) {
                return new Leaves.Literal(null, forNull, argument.sql());
            }
            if (!accepted.test(argument.type())) {
                throw wrongTypes();
            }
            return argument;
        }

        /** A keyword argument such as EXTRACT's unit. */
        String symbol(int index) {
            return ((Node.Symbol) node.arguments().get(index)).name();
        }

        /** An integer literal argument, needed where the value decides the result type. */
        int constantInt(int index, String what) {
            Evaluator argument = argument(index);
            if (argument instanceof Leaves.Literal literal && literal.value() instanceof Integer value) {
                return value;
            }
            throw binder.error("The " + what + " of " + definition.name() + " must be an integer literal",
                    "Expected " + definition.signature());
        }

        /** A string literal argument, such as a date format, prepared once when compiling. */
        String constantString(int index, String what) {
            Evaluator argument = argument(index);
            if (argument instanceof Leaves.Literal literal && literal.value() instanceof String value) {
                return value;
            }
            throw binder.error("The " + what + " of " + definition.name() + " must be a string literal",
                    "Expected " + definition.signature());
        }

        PlanException wrongTypes() {
            List<String> names = new ArrayList<>();
            for (Evaluator argument : arguments) {
                if (argument != null) {
                    names.add(Types.name(argument.type()));
                }
            }
            return binder.error("Cannot apply '" + definition.name() + "' to " + Binder.joinedTypes(names),
                    "Expected " + definition.signature());
        }

        PlanException error(String problem) {
            return binder.error(problem);
        }
    }
}
