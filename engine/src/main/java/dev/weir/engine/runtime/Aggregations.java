package dev.weir.engine.runtime;

import dev.weir.api.data.Row;
import dev.weir.api.data.RowKind;
import dev.weir.engine.expr.AggregateCall;
import dev.weir.engine.expr.AggregateFunction;
import dev.weir.engine.expr.AggregationPlan;
import dev.weir.engine.expr.CompiledExpression;
import dev.weir.engine.expr.OperatorContext;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** The per-subtask evaluation of an {@link AggregationPlan}: keys, accumulators and the output projection. */
@SuppressWarnings({"unchecked", "rawtypes"})
final class Aggregations {
    private final CompiledExpression[] keys;
    private final AggregateFunction[] functions;
    private final CompiledExpression[][] arguments;
    private final CompiledExpression[] projection;
    private final int extraColumns;

    Aggregations(AggregationPlan plan, int extraColumns) {
        this.keys = plan.keys().stream().map(CompiledExpression::copy).toArray(CompiledExpression[]::new);
        List<AggregateCall> calls = plan.aggregates();
        this.functions = calls.stream().map(AggregateCall::function).toArray(AggregateFunction[]::new);
        this.arguments = new CompiledExpression[calls.size()][];
        for (int i = 0; i < calls.size(); i++) {
            arguments[i] = calls.get(i).arguments().stream().map(CompiledExpression::copy).toArray(CompiledExpression[]::new);
        }
        this.projection = plan.projection().stream().map(e -> e.expression().copy()).toArray(CompiledExpression[]::new);
        this.extraColumns = extraColumns;
    }

    /** Gives every function its per-subtask instance (see {@link AggregateFunction#open}). */
    void open(OperatorContext context) {
        for (int i = 0; i < functions.length; i++) {
            functions[i] = functions[i].open(context);
        }
    }

    void close() {
        for (AggregateFunction function : functions) {
            function.close();
        }
    }

    /** The key as a list with value equality, usable as a map key. */
    List<Object> key(Row row) {
        Object[] values = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            values[i] = keys[i].eval(row);
        }
        return Arrays.asList(values);
    }

    Serializable[] createAccumulators() {
        Serializable[] accumulators = new Serializable[functions.length];
        for (int i = 0; i < functions.length; i++) {
            accumulators[i] = functions[i].createAccumulator();
        }
        return accumulators;
    }

    /** Adds (+I, +U) or retracts (-U, -D) the row. */
    void apply(Serializable[] accumulators, Row row) {
        boolean add = row.kind().isAccumulate();
        for (int i = 0; i < functions.length; i++) {
            Object[] args = new Object[arguments[i].length];
            for (int a = 0; a < args.length; a++) {
                args[a] = arguments[i][a].eval(row);
            }
            accumulators[i] = add ? functions[i].accumulate(accumulators[i], args) : functions[i].retract(accumulators[i], args);
        }
    }

    Serializable[] merge(Serializable[] left, Serializable[] right) {
        Serializable[] out = new Serializable[functions.length];
        for (int i = 0; i < functions.length; i++) {
            out[i] = functions[i].merge(left[i], right[i]);
        }
        return out;
    }

    /** The output row for a group: the projection over [keys, aggregate values, extra columns]. */
    Row result(List<Object> key, Serializable[] accumulators, Object[] extras, RowKind kind) {
        Object[] intermediate = new Object[key.size() + functions.length + extraColumns];
        int p = 0;
        for (Object k : key) {
            intermediate[p++] = k;
        }
        for (int i = 0; i < functions.length; i++) {
            intermediate[p++] = functions[i].getValue(accumulators[i]);
        }
        for (int i = 0; i < extraColumns; i++) {
            intermediate[p++] = extras[i];
        }
        Row in = Row.of(intermediate);
        Object[] out = new Object[projection.length];
        for (int i = 0; i < projection.length; i++) {
            out[i] = projection[i].eval(in);
        }
        return new Row(kind, out);
    }

    boolean hasKeys() {
        return keys.length > 0;
    }
}
