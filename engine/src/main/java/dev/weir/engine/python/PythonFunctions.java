package dev.weir.engine.python;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.ValidationException;
import dev.weir.api.types.DataType;
import dev.weir.api.types.DataTypes;
import dev.weir.api.types.TypeRoot;
import dev.weir.engine.expr.AggregateFunction;
import dev.weir.engine.expr.PlanException;
import dev.weir.engine.expr.UserFunctions;
import dev.weir.engine.spec.FunctionSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A job's Python functions (its spec's {@code functions}), checked when the job is planned. */
public final class PythonFunctions implements UserFunctions, Serializable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String TABLE_AGGREGATE = "tableAggregate";
    private static final Set<String> KINDS = Set.of("scalar", "table", "aggregate", TABLE_AGGREGATE);
    /** Kinds whose calls give rows: their result type is the ROW of one row's columns. */
    private static final Set<String> ROW_KINDS = Set.of("table", TABLE_AGGREGATE);
    private static final Set<String> FUNC_TYPES = Set.of("general", "numpy", "pandas");

    /** A checked function: its name as registered, spec and parsed types. */
    public record Function(String name, FunctionSpec spec, DataType resultType, List<DataType> inputTypes)
            implements Serializable {
        public boolean vectorized() {
            return !spec.funcType().equals("general");
        }

        /**
         * The type of one call's result as the worker encodes it: a table aggregate's rows for one
         * group (what {@code emit_value} yields) are one ARRAY of its ROW type.
         */
        public DataType callResultType() {
            return spec.kind().equals(TABLE_AGGREGATE) ? DataTypes.ARRAY(resultType.notNull()).notNull() : resultType;
        }
    }

    private final Map<String, Function> byName;
    private final PythonEnvironment environment;

    private PythonFunctions(Map<String, Function> byName, PythonEnvironment environment) {
        this.byName = byName;
        this.environment = environment;
    }

    public static PythonFunctions of(Map<String, FunctionSpec> specs, PythonEnvironment environment) {
        Map<String, Function> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        specs.forEach((name, spec) -> {
            String where = "Function '" + name + "'";
            if (!spec.language().equals("python")) {
                problems.add(where + ": language '" + spec.language() + "' is not supported; only python is.");
                return;
            }
            if (!KINDS.contains(spec.kind()) || !FUNC_TYPES.contains(spec.funcType())) {
                problems.add(where + ": kind must be scalar, table, aggregate or " + TABLE_AGGREGATE
                        + " and funcType general, numpy or pandas; got " + spec.kind() + "/" + spec.funcType() + ".");
                return;
            }
            if (ROW_KINDS.contains(spec.kind()) && !spec.funcType().equals("general")) {
                problems.add(where + ": " + spec.kind() + " functions are general functions; funcType " + spec.funcType()
                        + " is not supported.");
                return;
            }
            try {
                DataType result = DataTypes.parse(spec.resultType());
                if (ROW_KINDS.contains(spec.kind()) && result.root() != TypeRoot.ROW) {
                    problems.add(where + ": a " + spec.kind() + " function's result type must be a ROW, got " + result + ".");
                    return;
                }
                List<DataType> inputs = spec.inputTypes() == null ? null : spec.inputTypes().stream().map(DataTypes::parse).toList();
                if (byName.put(name.toUpperCase(Locale.ROOT), new Function(name, spec, result, inputs)) != null) {
                    problems.add(where + ": another function has the same name (names are case-insensitive).");
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new PythonFunctions(byName, environment);
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    public PythonEnvironment environment() {
        return environment;
    }

    /** The function by name (any case), or a {@link PlanException} naming the registered ones. */
    public Function function(String name, String kind, String where) {
        Function f = byName.get(name.toUpperCase(Locale.ROOT));
        if (f == null || !f.spec().kind().equals(kind)) {
            List<String> names = byName.values().stream().filter(x -> x.spec().kind().equals(kind)).map(Function::name).toList();
            throw new PlanException(where + ": '" + name + "' is not a Python " + kind + " function of this job. "
                    + (names.isEmpty() ? "The job has none." : "It has: " + String.join(", ", names) + "."));
        }
        return f;
    }

    @Override
    public boolean isScalar(String name) {
        Function f = byName.get(name);
        return f != null && f.spec().kind().equals("scalar");
    }

    @Override
    public boolean isAggregate(String name) {
        Function f = byName.get(name);
        return f != null && f.spec().kind().equals("aggregate");
    }

    @Override
    public DataType scalarResultType(String name, List<DataType> argumentTypes, String sql) {
        Function f = byName.get(name);
        checkArguments(f, argumentTypes, sql);
        return f.resultType();
    }

    /** Checks argument types against declared input types (numbers convert among themselves). */
    public void checkArguments(Function f, List<DataType> argumentTypes, String sql) {
        if (f.inputTypes() == null) {
            return;
        }
        if (f.inputTypes().size() != argumentTypes.size()) {
            throw new PlanException("Python function " + f.name() + " declares " + f.inputTypes().size()
                    + " input types but is called with " + argumentTypes.size() + " arguments in '" + sql + "'.");
        }
        for (int i = 0; i < argumentTypes.size(); i++) {
            DataType declared = f.inputTypes().get(i);
            DataType actual = argumentTypes.get(i);
            if (!actual.equalsIgnoringNullability(declared) && !(numeric(actual) && numeric(declared))
                    && actual.root() != declared.root()) {
                throw new PlanException("Argument " + (i + 1) + " of '" + sql + "' is " + actual + " but Python function "
                        + f.name() + " declares " + declared + "; CAST it.");
            }
        }
    }

    private static boolean numeric(DataType type) {
        return switch (type.root()) {
            case TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    @Override
    public AggregateFunction<?> aggregate(String name, List<DataType> argumentTypes, String sql) {
        Function f = byName.get(name);
        checkArguments(f, argumentTypes, sql);
        return aggregateFunction(f, argumentTypes, null);
    }

    /**
     * A table aggregate function's call: an aggregate whose value is the ARRAY of rows
     * {@code emit_value} yields for the group. {@code rowFieldNames} passes the arguments as one Row
     * (the whole input row), whose types are not checked against declared input types.
     */
    public PythonAggregateFunction tableAggregate(Function f, List<DataType> argumentTypes, List<String> rowFieldNames,
                                                  String sql) {
        if (rowFieldNames == null) {
            checkArguments(f, argumentTypes, sql);
        }
        return aggregateFunction(f, argumentTypes, rowFieldNames);
    }

    private PythonAggregateFunction aggregateFunction(Function f, List<DataType> argumentTypes, List<String> rowFieldNames) {
        return new PythonAggregateFunction(f.name(), f.callResultType(), argumentTypes, f.vectorized(),
                callJson(f, argumentIndexes(argumentTypes.size()), argumentTypes, rowFieldNames).toString(), environment);
    }

    private static List<Integer> argumentIndexes(int count) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(i);
        }
        return out;
    }

    /**
     * A call as the worker's init frame describes it: the function, which batch columns are its
     * arguments, their types and the result type; {@code rowFieldNames} makes the arguments one Row.
     */
    public static ObjectNode callJson(Function f, List<Integer> argumentColumns, List<DataType> argumentTypes,
                                      List<String> rowFieldNames) {
        ObjectNode call = MAPPER.createObjectNode().put("name", f.name()).put("kind", f.spec().kind())
                .put("funcType", f.spec().funcType()).put("payload", f.spec().payload());
        ArrayNode arguments = call.putArray("arguments");
        argumentColumns.forEach(arguments::add);
        ArrayNode types = call.putArray("argumentTypes");
        argumentTypes.forEach(t -> types.add(PythonWorker.typeJson(t)));
        call.set("resultType", PythonWorker.typeJson(f.callResultType()));
        if (rowFieldNames != null) {
            ArrayNode names = call.putArray("rowFieldNames");
            rowFieldNames.forEach(names::add);
        }
        return call;
    }
}
